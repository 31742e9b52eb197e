using System.Collections.Immutable;
using AsyncLint.Core;
using Microsoft.CodeAnalysis;

namespace AsyncLint.Options
{
    /// <summary>The analysis modes, named as the .NET SDK names its own (<c>AnalysisMode</c>), from quietest to strictest.</summary>
    internal enum AnalysisMode
    {
        None,
        Default,
        Minimum,
        Recommended,
        All,
    }

    /// <summary>
    /// What each analysis mode and each project kind sets, declared once. The package's presets/*.globalconfig files are
    /// generated from these and the descriptors (tests/AsyncLint.Tests/Catalog/GlobalConfigTests.cs, which also fails
    /// when a committed file drifts), and docs/configuration.md's tables are checked against them.
    /// </summary>
    internal static class Severities
    {
        /// <summary>Info by default, a Warning from <see cref="AnalysisMode.Minimum"/> on: sync-over-async deadlocks and starves.</summary>
        public static readonly ImmutableArray<string> WarningFromMinimum = ImmutableArray.Create(RuleIds.SyncOverAsync);

        /// <summary>Info by default, a Warning from <see cref="AnalysisMode.Recommended"/> on: hidden blocking and async without await.</summary>
        public static readonly ImmutableArray<string> WarningFromRecommended = ImmutableArray.Create(RuleIds.TransitiveBlocking, RuleIds.AsyncWithoutAwait);

        /// <summary>
        /// The severity a mode sets for a rule, or null where it keeps the rule's default (and writes nothing, so that a
        /// project kind's setting applies). <c>None</c> turns every rule off, <c>All</c> makes every rule a Warning.
        /// </summary>
        public static ReportDiagnostic? InMode(AnalysisMode mode, DiagnosticDescriptor descriptor)
        {
            switch (mode)
            {
                case AnalysisMode.None:
                    return ReportDiagnostic.Suppress;
                case AnalysisMode.Minimum:
                    return WarningFromMinimum.Contains(descriptor.Id) ? ReportDiagnostic.Warn : null;
                case AnalysisMode.Recommended:
                    return WarningFromMinimum.Contains(descriptor.Id) || WarningFromRecommended.Contains(descriptor.Id) ? ReportDiagnostic.Warn : null;
                case AnalysisMode.All:
                    return ReportDiagnostic.Warn;
                default:
                    return null;
            }
        }

        /// <summary>The <c>strict</c> preset (<c>AsyncLintPreset=strict</c>): every rule an error.</summary>
        public static ReportDiagnostic InStrictPreset(DiagnosticDescriptor descriptor) => ReportDiagnostic.Error;

        /// <summary>The severities a project kind changes; every other rule keeps the mode's (or its default) severity.</summary>
        public static ImmutableArray<(string RuleId, ReportDiagnostic Severity)> InProjectKind(ProjectKind kind)
        {
            switch (kind)
            {
                case ProjectKind.Ui:
                    // Under a UI synchronization context a blocking wait on a task deadlocks.
                    return ImmutableArray.Create((RuleIds.SyncOverAsync, ReportDiagnostic.Warn));
                case ProjectKind.Test:
                    // Tests run work on another thread on purpose, to drive the code under test: Task.Run is the point there.
                    return ImmutableArray.Create((RuleIds.AsyncOverSync, ReportDiagnostic.Suppress));
                default:
                    return ImmutableArray<(string, ReportDiagnostic)>.Empty;
            }
        }

        /// <summary>
        /// The descriptors whose severity a .globalconfig can set: all but ASYNC002, which the MSBuild task reports after
        /// the compiler (its switch is <c>NoWarn</c>).
        /// </summary>
        public static ImmutableArray<DiagnosticDescriptor> Configurable { get; } = Descriptors.All.RemoveAll(d => d.Id == RuleIds.StaleBaselineEntry);
    }
}
