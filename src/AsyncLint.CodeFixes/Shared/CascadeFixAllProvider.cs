using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncLint.Options;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace AsyncLint.CodeFixes.Shared
{
    /// <summary>
    /// Fix All for the make-async cascade: every finding in the scope becomes a seed of one cascade, so members reached
    /// from several findings are converted once and the result is the same whatever the order of the findings.
    /// </summary>
    internal sealed class CascadeFixAllProvider : FixAllProvider
    {
        private readonly Func<Document, Diagnostic, CancellationToken, Task<IEnumerable<CascadeSeed>>> _seeds;

        public CascadeFixAllProvider(Func<Document, Diagnostic, CancellationToken, Task<IEnumerable<CascadeSeed>>> seeds)
        {
            _seeds = seeds;
        }

        /// <summary>The public-API option, read for the file that declares the member.</summary>
        public static bool KeepObsoleteWrapper(Document document)
            => document.TryGetSyntaxTree(out var tree) && AsyncLintOptions.KeepObsoleteSyncWrapper.GetValue(document.Project.AnalyzerOptions, tree);

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes()
            => ImmutableArray.Create(FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution);

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var cancellationToken = fixAllContext.CancellationToken;
            var diagnostics = await FixAllDiagnostics.CollectAsync(fixAllContext).ConfigureAwait(false);

            var seeds = new List<CascadeSeed>();
            foreach (var (document, diagnostic) in diagnostics)
            {
                seeds.AddRange(await _seeds(document, diagnostic, cancellationToken).ConfigureAwait(false));
            }

            var cascade = seeds.Count == 0 ? null : await MakeAsyncCascade.PlanAsync(fixAllContext.Solution, seeds, KeepObsoleteWrapper, cancellationToken).ConfigureAwait(false);
            if (cascade is null)
            {
                return null;
            }

            var count = cascade.ConvertedMembers.Count();
            return CodeAction.Create(
                "Make " + count.ToString(CultureInfo.InvariantCulture) + (count == 1 ? " member" : " members") + " async",
                ct => cascade.ApplyAsync(ct),
                fixAllContext.CodeActionEquivalenceKey);
        }
    }
}
