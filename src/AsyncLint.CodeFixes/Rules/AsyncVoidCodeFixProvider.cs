using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using AsyncLint.CodeFixes.Shared;
using AsyncLint.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace AsyncLint.CodeFixes.Rules
{
    /// <summary>ASYNC301: <c>async void M()</c> → <c>async Task M()</c>, awaiting its statement calls in async callers of the document.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AsyncVoidCodeFixProvider)), Shared]
    public sealed class AsyncVoidCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIds.AsyncVoid + ".ReturnTask";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.AsyncVoid);

        public override FixAllProvider GetFixAllProvider()
            => FixAllProvider.Create(async (context, document, diagnostics) =>
            {
                var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
                var declarations = new List<SyntaxNode>();
                foreach (var diagnostic in diagnostics)
                {
                    if (root != null && Declaration(root, diagnostic) is { } declaration)
                    {
                        declarations.Add(declaration);
                    }
                }

                return await AsyncVoidToTask.ApplyAsync(document, declarations, context.CancellationToken).ConfigureAwait(false);
            });

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (root is null || Declaration(root, diagnostic) is not { } declaration
                    || await AsyncVoidToTask.CallersToAwaitAsync(context.Document, declaration, context.CancellationToken).ConfigureAwait(false) is null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Return Task instead of void",
                        ct => AsyncVoidToTask.ApplyAsync(context.Document, new[] { declaration }, ct),
                        EquivalenceKey),
                    diagnostic);
            }
        }

        private static SyntaxNode? Declaration(SyntaxNode root, Diagnostic diagnostic)
            => diagnostic.Properties.ContainsKey(DiagnosticProperties.Fix) ? AsyncVoidToTask.FindDeclaration(root, diagnostic.Location.SourceSpan) : null;
    }
}
