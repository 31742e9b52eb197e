using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncLint.Core
{
    /// <summary>
    /// A multi-targeted project (<c>&lt;TargetFrameworks&gt;net461;netstandard2.0;net8.0&lt;/TargetFrameworks&gt;</c>) is
    /// analyzed once per target, and the analyzer sees only the one being built. An async member of the framework that
    /// exists in net8.0 but not in net461 (<c>DbCommand.DisposeAsync</c>, <c>File.ReadAllTextAsync</c>) is a remedy only
    /// under <c>#if</c>: written as is, the other targets stop compiling (Dapper's <c>using</c> of a <c>DbCommand</c>). The
    /// project's targets are the <c>build_property.TargetFrameworks</c> the package makes visible to the compiler; which
    /// framework members arrived when is curated here, in one place. A type of the project or of a package that implements
    /// <c>IAsyncDisposable</c> itself (through Microsoft.Bcl.AsyncInterfaces on older targets) is available everywhere.
    /// </summary>
    internal static class DownLevelTargets
    {
        /// <summary>A framework feature: the preprocessor symbol of the targets that have it, and since when.</summary>
        private sealed class Feature
        {
            public Feature(string symbol, Version core, bool inNetStandard21)
            {
                Symbol = symbol;
                Core = core;
                InNetStandard21 = inNetStandard21;
            }

            public string Symbol { get; }

            /// <summary>The first .NET (Core) version that has it.</summary>
            public Version Core { get; }

            public bool InNetStandard21 { get; }
        }

        /// <summary>Async disposal and the System.Data.Common async members: .NET Core 3.0, .NET Standard 2.1.</summary>
        private static readonly Feature AsyncDisposal = new Feature("NETCOREAPP3_0_OR_GREATER", new Version(3, 0), inNetStandard21: true);

        /// <summary><c>File</c>'s async methods: .NET Core 2.0, .NET Standard 2.1.</summary>
        private static readonly Feature FileAsync = new Feature("NETCOREAPP2_0_OR_GREATER", new Version(2, 0), inNetStandard21: true);

        /// <summary><c>ZipArchive</c>/<c>ZipFile</c>/<c>ZipArchiveEntry</c> async members and disposal: .NET 10.</summary>
        private static readonly Feature ZipAsync = new Feature("NET10_0_OR_GREATER", new Version(10, 0), inNetStandard21: false);

        /// <summary>What a missing feature means for the remedy.</summary>
        public sealed class Requirement
        {
            public Requirement(string symbol, string missingTarget, bool everywhere)
            {
                Symbol = symbol;
                MissingTarget = missingTarget;
                Everywhere = everywhere;
            }

            /// <summary>
            /// Every target of the project lacks the member: it bound only because the compilation's references are newer
            /// than any target (a tool compiling a net8.0 project against .NET 10), and the project's own build has no such
            /// counterpart. Nothing to report.
            /// </summary>
            public bool Everywhere { get; }

            /// <summary><c>NETCOREAPP3_0_OR_GREATER</c>: the condition under which the remedy compiles.</summary>
            public string Symbol { get; }

            /// <summary>The first of the project's targets that lacks the member (<c>net461</c>).</summary>
            public string MissingTarget { get; }

            /// <summary>The remedy as written for this project: <c>#if NETCOREAPP3_0_OR_GREATER … await using</c>.</summary>
            public string Guard(string remedy) => "#if " + Symbol + " … " + remedy;
        }

        /// <summary>Where <c>await using</c> on <paramref name="type"/> is a remedy only under <c>#if</c>, or null.</summary>
        public static Requirement? ForAsyncDisposal(ITypeSymbol type, IMethodSymbol? interfaceDisposeAsync, AnalyzerOptions options)
        {
            if (interfaceDisposeAsync is null || TargetFrameworks(options) is not { } frameworks)
            {
                return null;
            }

            // The interface itself (a variable typed IAsyncDisposable), or the implementation the type has.
            var implementation = type.TypeKind == TypeKind.Interface
                ? null
                : type.FindImplementationForInterfaceMember(interfaceDisposeAsync) as IMethodSymbol;
            return implementation is null ? null : For(implementation, frameworks);
        }

        /// <summary>Where <paramref name="counterpart"/> is a remedy only under <c>#if</c>, or null.</summary>
        public static Requirement? For(IMethodSymbol counterpart, AnalyzerOptions options)
            => TargetFrameworks(options) is { } frameworks ? For(counterpart, frameworks) : null;

        private static Requirement? For(IMethodSymbol member, (string[] List, bool Complete) frameworks)
            => FeatureOf(member) is { } feature ? Missing(frameworks, feature) : null;

        private static Feature? FeatureOf(IMethodSymbol member)
        {
            var root = member;
            while (root.OverriddenMethod is { } overridden)
            {
                root = overridden;
            }

            var type = root.ContainingType;
            if (type is null || !IsFramework(type))
            {
                return null; // the project's or a package's own async member: available where the type is
            }

            var ns = type.ContainingNamespace?.ToDisplayString();
            if (ns == "System.IO.Compression" && type.Name is "ZipArchive" or "ZipFile" or "ZipArchiveEntry" or "ZipFileExtensions")
            {
                return member.Name.EndsWith("Async", StringComparison.Ordinal) ? ZipAsync : null;
            }

            if (root.Name == "DisposeAsync")
            {
                return AsyncDisposal;
            }

            if (ns == "System.Data.Common" && type.Name.StartsWith("Db", StringComparison.Ordinal)
                && root.Name is "CloseAsync" or "CommitAsync" or "RollbackAsync" or "BeginTransactionAsync" or "ChangeDatabaseAsync"
                    or "SaveAsync" or "ReleaseAsync" or "PrepareAsync" or "GetSchemaTableAsync" or "GetColumnSchemaAsync")
            {
                return AsyncDisposal;
            }

            return ns == "System.IO" && type.Name == "File" && root.Name.EndsWith("Async", StringComparison.Ordinal) ? FileAsync : null;
        }

        /// <summary>A type of the framework's reference assemblies (System.*, netstandard, mscorlib), not of a package.</summary>
        private static bool IsFramework(INamedTypeSymbol type)
            => type.ContainingAssembly?.Name is { } assembly
               && (assembly == "netstandard" || assembly == "mscorlib" || assembly == "System.Private.CoreLib"
                   || (assembly.StartsWith("System.", StringComparison.Ordinal) && type.ContainingNamespace?.ToDisplayString().StartsWith("System", StringComparison.Ordinal) == true));

        /// <summary>
        /// The project's target frameworks. <c>build_property.AsyncLintTargetFrameworks</c> (the package's comma-separated
        /// copy) is the whole list; <c>build_property.TargetFrameworks</c> may hold only the first of them, because the
        /// compiler's .editorconfig parser reads <c>;</c> as the start of a comment — a list that cannot show that every
        /// target lacks a member.
        /// </summary>
        private static (string[] List, bool Complete)? TargetFrameworks(AnalyzerOptions options)
        {
            var global = options.AnalyzerConfigOptionsProvider.GlobalOptions;
            if (global.TryGetValue("build_property.AsyncLintTargetFrameworks", out var all) && !string.IsNullOrWhiteSpace(all))
            {
                return (all.Split(','), true);
            }

            return global.TryGetValue("build_property.TargetFrameworks", out var frameworks) && !string.IsNullOrWhiteSpace(frameworks)
                ? (frameworks.Split(';'), false)
                : null;
        }

        private static Requirement? Missing((string[] List, bool Complete) frameworks, Feature feature)
        {
            string? missing = null;
            var everywhere = frameworks.Complete;
            foreach (var raw in frameworks.List)
            {
                var framework = raw.Trim();
                if (framework.Length == 0)
                {
                    continue;
                }

                if (Lacks(framework, feature))
                {
                    missing ??= framework;
                }
                else
                {
                    everywhere = false;
                }
            }

            return missing is null ? null : new Requirement(feature.Symbol, missing, everywhere);
        }

        /// <summary>
        /// The .NET Framework (<c>net461</c>, <c>net48</c>: "net" and digits, no dot), .NET Standard below 2.1 (or any, for
        /// what it never got), and .NET (Core) before the feature's version. A platform suffix (<c>net8.0-windows</c>) does
        /// not matter; a name not recognized counts as having it.
        /// </summary>
        private static bool Lacks(string framework, Feature feature)
        {
            var name = framework.ToLowerInvariant();
            var dash = name.IndexOf('-');
            if (dash >= 0)
            {
                name = name.Substring(0, dash);
            }

            if (name.StartsWith("netstandard", StringComparison.Ordinal))
            {
                return ParseVersion(name.Substring("netstandard".Length)) is { } standard
                       && (standard < new Version(2, 1) || !feature.InNetStandard21);
            }

            if (name.StartsWith("netcoreapp", StringComparison.Ordinal))
            {
                return ParseVersion(name.Substring("netcoreapp".Length)) is { } core && core < feature.Core;
            }

            if (!name.StartsWith("net", StringComparison.Ordinal) || name.Length <= 3)
            {
                return false;
            }

            var version = name.Substring(3);
            return version.IndexOf('.') < 0
                ? IsDigits(version) // net461, net48: the .NET Framework
                : ParseVersion(version) is { } net && net < feature.Core; // net5.0 and later
        }

        private static Version? ParseVersion(string text) => Version.TryParse(text, out var version) ? version : null;

        private static bool IsDigits(string text)
        {
            foreach (var c in text)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            return text.Length > 0;
        }
    }
}
