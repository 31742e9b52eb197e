using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncLint.Baseline
{
    /// <summary>
    /// Hides exactly the findings that the baseline file accepts (docs/configuration.md, "Baseline"). A suppressor rather
    /// than a filter, so the compiler still writes each hidden finding to SARIF, marked as suppressed with the
    /// suppression ID <see cref="SuppressionId"/>. The file is an AdditionalFile (the package's MSBuild targets add it);
    /// a file that cannot be read hides nothing and is reported as ASYNC001 by the configuration check.
    /// While the baseline is being written (<c>AsyncLintUpdateBaseline=true</c>) every finding is hidden, so that the
    /// build that records them cannot fail on them.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class BaselineSuppressor : DiagnosticSuppressor
    {
        /// <summary>The suppression ID SARIF shows for a finding hidden by the baseline. Not a diagnostic ID.</summary>
        public const string SuppressionId = "ASYNC090";

        public const string AcceptedJustification = "Accepted in the AsyncLint baseline (" + BaselineFile.DefaultFileName + " or AsyncLintBaselineFile); fix it, then refresh the file with '" + BaselineFile.RefreshCommand + "'";

        public const string UpdatingJustification = "Recorded in the AsyncLint baseline being written by this build (AsyncLintUpdateBaseline=true)";

        private static readonly ImmutableDictionary<string, SuppressionDescriptor> Accepted = Create(AcceptedJustification);

        private static readonly ImmutableDictionary<string, SuppressionDescriptor> Updating = Create(UpdatingJustification);

        public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions { get; } = Accepted.Values.Concat(Updating.Values).ToImmutableArray();

        public override void ReportSuppressions(SuppressionAnalysisContext context)
        {
            var options = context.Options;
            if (BaselineOptions.IsUpdating(options.AnalyzerConfigOptionsProvider.GlobalOptions))
            {
                foreach (var diagnostic in context.ReportedDiagnostics)
                {
                    if (Updating.TryGetValue(diagnostic.Id, out var descriptor))
                    {
                        context.ReportSuppression(Suppression.Create(descriptor, diagnostic));
                    }
                }

                return;
            }

            var file = BaselineOptions.FindBaselineFile(options);
            var text = file?.GetText(context.CancellationToken)?.ToString();
            if (file is null || text is null || !BaselineFile.TryParse(text, out var entries, out _) || entries.Count == 0)
            {
                return;
            }

            var accepted = new HashSet<BaselineEntry>(entries);
            var baseDirectory = BaselineFile.DirectoryOf(file.Path);
            var findings = new List<(BaselineFinding Finding, Diagnostic Diagnostic)>();
            foreach (var diagnostic in context.ReportedDiagnostics)
            {
                context.CancellationToken.ThrowIfCancellationRequested();

                // The compiler's log leaves out hidden diagnostics, and so does the task that writes the file: count alike.
                if (diagnostic.Severity == DiagnosticSeverity.Hidden || !Accepted.ContainsKey(diagnostic.Id) || Describe(diagnostic, baseDirectory, context) is not { } finding)
                {
                    continue;
                }

                findings.Add((finding, diagnostic));
            }

            foreach (var (entry, diagnostic) in BaselineFile.Fingerprint(findings))
            {
                if (accepted.Contains(entry))
                {
                    context.ReportSuppression(Suppression.Create(Accepted[diagnostic.Id], diagnostic));
                }
            }
        }

        private static BaselineFinding? Describe(Diagnostic diagnostic, string baseDirectory, SuppressionAnalysisContext context)
        {
            var location = diagnostic.Location;
            if (!location.IsInSource || location.SourceTree is not { } tree || string.IsNullOrEmpty(tree.FilePath))
            {
                return null;
            }

            var span = location.GetLineSpan();
            var lines = tree.GetText(context.CancellationToken).Lines;
            var line = span.StartLinePosition.Line;
            if (line < 0 || line >= lines.Count)
            {
                return null;
            }

            var code = BaselineFile.NormalizeCode(lines[line].ToString());
            return new BaselineFinding(diagnostic.Id, BaselineFile.RelativePath(baseDirectory, tree.FilePath), code, line, span.StartLinePosition.Character);
        }

        private static ImmutableDictionary<string, SuppressionDescriptor> Create(string justification)
        {
            var builder = ImmutableDictionary.CreateBuilder<string, SuppressionDescriptor>(StringComparer.Ordinal);
            foreach (var id in BaselineOptions.BaselinableRuleIds)
            {
                builder[id] = new SuppressionDescriptor(SuppressionId, id, justification);
            }

            return builder.ToImmutable();
        }
    }
}
