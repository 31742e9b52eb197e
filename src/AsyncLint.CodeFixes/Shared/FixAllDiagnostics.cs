using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace AsyncLint.CodeFixes.Shared
{
    /// <summary>The findings a Fix All covers, each with its document, for fixes that edit more than one document at once.</summary>
    internal static class FixAllDiagnostics
    {
        public static async Task<List<(Document Document, Diagnostic Diagnostic)>> CollectAsync(FixAllContext context)
        {
            var diagnostics = new List<(Document Document, Diagnostic Diagnostic)>();
            switch (context.Scope)
            {
                case FixAllScope.Document when context.Document != null:
                    diagnostics.AddRange((await context.GetDocumentDiagnosticsAsync(context.Document).ConfigureAwait(false)).Select(d => (context.Document, d)));
                    break;
                case FixAllScope.Project:
                    diagnostics.AddRange(await InProjectAsync(context, context.Project).ConfigureAwait(false));
                    break;
                case FixAllScope.Solution:
                    foreach (var project in context.Solution.Projects)
                    {
                        diagnostics.AddRange(await InProjectAsync(context, project).ConfigureAwait(false));
                    }

                    break;
            }

            return diagnostics;
        }

        private static async Task<IEnumerable<(Document, Diagnostic)>> InProjectAsync(FixAllContext context, Project project)
        {
            var result = new List<(Document, Diagnostic)>();
            foreach (var diagnostic in await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false))
            {
                if (diagnostic.Location.SourceTree is { } tree && project.GetDocument(tree) is { } document)
                {
                    result.Add((document, diagnostic));
                }
            }

            return result;
        }
    }
}
