using System;
using System.Collections.Immutable;
using AsyncLint.Options;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncLint.Core
{
    /// <summary>The kind of project being analyzed, which picks defaults (docs/configuration.md, "Project kinds").</summary>
    internal enum ProjectKind
    {
        /// <summary>A class library: no UI thread of its own, public API with callers outside the solution.</summary>
        Library,

        /// <summary>A console app or service (<c>OutputType</c> Exe/WinExe): nothing catches an exception on the thread pool.</summary>
        Application,

        /// <summary>WPF, Windows Forms or MAUI: a UI thread with a synchronization context.</summary>
        Ui,

        /// <summary>An ASP.NET Core project (the Web SDK): request threads come from the pool, no synchronization context.</summary>
        Web,

        /// <summary>A test project: code that drives other code, often on purpose on another thread.</summary>
        Test,
    }

    /// <summary>
    /// Answers "what kind of project is this?" from the project-wide options, the one place analyzers ask it: the
    /// explicit <c>asynclint.project_kind</c> (which the package's MSBuild targets write, resolved from
    /// <c>AsyncLintProjectKind</c>), else detection from the MSBuild properties the package makes visible to the compiler
    /// (<c>build_property.*</c>). A handful of dictionary look-ups in the compilation's global options, so analyzers ask
    /// it where they need the answer instead of carrying it around.
    /// </summary>
    internal static class ProjectKinds
    {
        /// <summary>
        /// The MSBuild properties that decide <c>auto</c>, in order: the first one that is <c>true</c> wins.
        /// buildTransitive/AsyncLint.targets checks the same properties in the same order (a test compares them).
        /// </summary>
        public static readonly ImmutableArray<(string Property, ProjectKind Kind)> Detection = ImmutableArray.Create(
            ("IsTestProject", ProjectKind.Test),
            ("UseWPF", ProjectKind.Ui),
            ("UseWindowsForms", ProjectKind.Ui),
            ("UseMaui", ProjectKind.Ui),
            ("UsingMicrosoftNETSdkWeb", ProjectKind.Web));

        public const string Auto = "auto";

        /// <summary>The lower-case name used in configuration: <c>ui</c>, <c>web</c>…</summary>
        public static string Name(ProjectKind kind) => kind.ToString().ToLowerInvariant();

        /// <summary><c>auto</c> and every kind's name, as <c>asynclint.project_kind</c> accepts them.</summary>
        public static string[] Choices()
        {
            var kinds = (ProjectKind[])Enum.GetValues(typeof(ProjectKind));
            var choices = new string[kinds.Length + 1];
            choices[0] = Auto;
            for (var i = 0; i < kinds.Length; i++)
            {
                choices[i + 1] = Name(kinds[i]);
            }

            return choices;
        }

        public static ProjectKind Of(AnalyzerOptions options) => Resolve(options.AnalyzerConfigOptionsProvider.GlobalOptions);

        public static ProjectKind Resolve(AnalyzerConfigOptions global)
        {
            if (global.TryGetValue(AsyncLintOptions.ProjectKindOption.Key, out var configured))
            {
                foreach (ProjectKind kind in Enum.GetValues(typeof(ProjectKind)))
                {
                    if (string.Equals(configured.Trim(), Name(kind), StringComparison.OrdinalIgnoreCase))
                    {
                        return kind;
                    }
                }
            }

            foreach (var (property, kind) in Detection)
            {
                if (global.TryGetValue("build_property." + property, out var value) && string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase))
                {
                    return kind;
                }
            }

            return global.TryGetValue("build_property.OutputType", out var outputType)
                && (string.Equals(outputType, "Exe", StringComparison.OrdinalIgnoreCase) || string.Equals(outputType, "WinExe", StringComparison.OrdinalIgnoreCase))
                ? ProjectKind.Application
                : ProjectKind.Library;
        }

        /// <summary>A UI project has a UI thread that <c>Task.Run</c> frees, wherever its code runs (ASYNC401).</summary>
        public static bool HasUiThreadToFree(ProjectKind kind) => kind == ProjectKind.Ui;
    }
}
