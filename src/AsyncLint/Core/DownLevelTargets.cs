using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncLint.Core
{
    /// <summary>
    /// A multi-targeted project (<c>&lt;TargetFrameworks&gt;net461;netstandard2.0;net8.0&lt;/TargetFrameworks&gt;</c>) is
    /// analyzed once per target, and the analyzer sees only the one being built. An async member that exists in net8.0
    /// but not in net461 (<c>DbCommand.DisposeAsync</c>, <c>File.ReadAllTextAsync</c>) is a remedy only under <c>#if</c>:
    /// written as is, the other targets stop compiling (Dapper's <c>await using</c> on <c>DbCommand</c>). The list of the
    /// project's targets is the <c>build_property.TargetFrameworks</c> the package makes visible to the compiler; which
    /// members are missing from the older targets is curated here, in one place: async disposal and the System.Data.Common
    /// async members (.NET Core 3.0, .NET Standard 2.1), and <c>File</c>'s async methods (.NET Core 2.0, .NET Standard 2.1).
    /// </summary>
    internal static class DownLevelTargets
    {
        /// <summary>What a counterpart needs, and the preprocessor symbol of the targets that have it.</summary>
        public sealed class Requirement
        {
            public Requirement(string symbol, string missingTarget)
            {
                Symbol = symbol;
                MissingTarget = missingTarget;
            }

            /// <summary><c>NETCOREAPP3_0_OR_GREATER</c>: the condition under which the remedy compiles.</summary>
            public string Symbol { get; }

            /// <summary>The first of the project's targets that lacks the member (<c>net461</c>).</summary>
            public string MissingTarget { get; }

            /// <summary>The remedy as written for this project: <c>#if NETCOREAPP3_0_OR_GREATER … await using</c>.</summary>
            public string Guard(string remedy) => "#if " + Symbol + " … " + remedy;
        }

        private const string AsyncDisposalSymbol = "NETCOREAPP3_0_OR_GREATER";
        private const string FileAsyncSymbol = "NETCOREAPP2_0_OR_GREATER";

        /// <summary>Where <c>await using</c> / <c>DisposeAsync</c> is a remedy only under <c>#if</c>, or null.</summary>
        public static Requirement? ForAsyncDisposal(AnalyzerOptions options)
            => Missing(options, AsyncDisposalSymbol);

        /// <summary>Where <paramref name="counterpart"/> is a remedy only under <c>#if</c>, or null.</summary>
        public static Requirement? For(IMethodSymbol counterpart, AnalyzerOptions options)
        {
            if (counterpart.Name == "DisposeAsync" || IsDataCommonAsyncMember(counterpart))
            {
                return Missing(options, AsyncDisposalSymbol);
            }

            return IsFileAsyncMember(counterpart) ? Missing(options, FileAsyncSymbol) : null;
        }

        private static bool IsDataCommonAsyncMember(IMethodSymbol method)
            => method.ContainingType is { Name: var type, ContainingNamespace: var ns }
               && type.StartsWith("Db", StringComparison.Ordinal)
               && ns.ToDisplayString() == "System.Data.Common"
               && method.Name is "CloseAsync" or "CommitAsync" or "RollbackAsync" or "BeginTransactionAsync" or "ChangeDatabaseAsync"
                   or "SaveAsync" or "ReleaseAsync" or "PrepareAsync" or "GetSchemaTableAsync" or "GetColumnSchemaAsync";

        private static bool IsFileAsyncMember(IMethodSymbol method)
            => method.ContainingType is { Name: "File", ContainingNamespace: var ns }
               && ns.ToDisplayString() == "System.IO"
               && method.Name.EndsWith("Async", StringComparison.Ordinal);

        private static Requirement? Missing(AnalyzerOptions options, string symbol)
        {
            if (!options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("build_property.TargetFrameworks", out var frameworks)
                || string.IsNullOrWhiteSpace(frameworks))
            {
                return null;
            }

            foreach (var raw in frameworks.Split(';'))
            {
                var framework = raw.Trim();
                if (framework.Length > 0 && Lacks(framework, symbol))
                {
                    return new Requirement(symbol, framework);
                }
            }

            return null;
        }

        /// <summary>
        /// The .NET Framework (<c>net461</c>, <c>net48</c>: "net" and digits, no dot), .NET Standard up to 2.0, and .NET Core
        /// before the version the symbol names. A platform suffix (<c>net8.0-windows</c>) does not matter.
        /// </summary>
        private static bool Lacks(string framework, string symbol)
        {
            var name = framework.ToLowerInvariant();
            var dash = name.IndexOf('-');
            if (dash >= 0)
            {
                name = name.Substring(0, dash);
            }

            if (name.StartsWith("netstandard", StringComparison.Ordinal))
            {
                return ParseVersion(name.Substring("netstandard".Length)) is { } standard && standard < new Version(2, 1);
            }

            if (name.StartsWith("netcoreapp", StringComparison.Ordinal))
            {
                var needed = symbol == FileAsyncSymbol ? new Version(2, 0) : new Version(3, 0);
                return ParseVersion(name.Substring("netcoreapp".Length)) is { } core && core < needed;
            }

            // net461, net48: the .NET Framework (net5.0 and later have a dot).
            return name.StartsWith("net", StringComparison.Ordinal)
                   && name.Length > 3
                   && name.IndexOf('.') < 0
                   && IsDigits(name.Substring(3));
        }

        private static Version? ParseVersion(string text) => System.Version.TryParse(text, out var version) ? version : null;

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
