using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using AsyncLint.CodeFixes.Shared;
using AsyncLint.Core;
using AsyncLint.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace AsyncLint.CodeFixes.Rules
{
    /// <summary>ASYNC301: <c>async void M()</c> → <c>async Task M()</c>, awaiting its statement calls in async callers of the solution.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AsyncVoidCodeFixProvider)), Shared]
    public sealed class AsyncVoidCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIds.AsyncVoid + ".ReturnTask";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.AsyncVoid);

        public override FixAllProvider GetFixAllProvider() => new AsyncVoidFixAllProvider();

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
                        ct => AsyncVoidToTask.ApplyAsync(context.Document.Project.Solution, new[] { (context.Document, declaration) }, ct),
                        EquivalenceKey),
                    diagnostic);
            }
        }

        /// <summary>Every finding in the scope at once: callers in other documents are edited with the declarations.</summary>
        private sealed class AsyncVoidFixAllProvider : FixAllProvider
        {
            public override IEnumerable<FixAllScope> GetSupportedFixAllScopes()
                => ImmutableArray.Create(FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution);

            public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
            {
                var declarations = new List<(Document, SyntaxNode)>();
                foreach (var (document, diagnostic) in await FixAllDiagnostics.CollectAsync(fixAllContext).ConfigureAwait(false))
                {
                    var root = await document.GetSyntaxRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
                    if (root != null && Declaration(root, diagnostic) is { } declaration)
                    {
                        declarations.Add((document, declaration));
                    }
                }

                return declarations.Count == 0
                    ? null
                    : CodeAction.Create(
                        "Return Task instead of void",
                        ct => AsyncVoidToTask.ApplyAsync(fixAllContext.Solution, declarations, ct),
                        fixAllContext.CodeActionEquivalenceKey);
            }
        }

        private static SyntaxNode? Declaration(SyntaxNode root, Diagnostic diagnostic)
            => AsyncVoidFix.From(diagnostic.Properties) != null ? AsyncVoidToTask.FindDeclaration(root, diagnostic.Location.SourceSpan) : null;
    }
}
