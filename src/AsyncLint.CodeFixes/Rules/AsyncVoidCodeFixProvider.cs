using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncLint.CodeFixes.Shared;
using AsyncLint.Core;
using AsyncLint.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace AsyncLint.CodeFixes.Rules
{
    /// <summary>
    /// ASYNC301: <c>async void M()</c> → <c>async Task M()</c>, awaiting its statement calls in async callers of the solution.
    /// Where a contract or a delegate use forces void: the body catches and traces its exceptions (<see cref="CatchInsideRewrite"/>).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AsyncVoidCodeFixProvider)), Shared]
    public sealed class AsyncVoidCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIds.AsyncVoid + ".ReturnTask";
        public const string CatchInsideKey = RuleIds.AsyncVoid + ".CatchInside";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.AsyncVoid);

        public override FixAllProvider GetFixAllProvider() => new AsyncVoidFixAllProvider();

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (root is null || AsyncVoidToTask.FindDeclaration(root, diagnostic.Location.SourceSpan) is not { } declaration)
                {
                    continue;
                }

                switch (AsyncVoidFix.From(diagnostic.Properties)?.Kind)
                {
                    case FixKinds.ReturnTask when await AsyncVoidToTask.CallersToAwaitAsync(context.Document, declaration, context.CancellationToken).ConfigureAwait(false) != null:
                        context.RegisterCodeFix(
                            CodeAction.Create(
                                "Return Task instead of void",
                                ct => AsyncVoidToTask.ApplyAsync(context.Document.Project.Solution, new[] { (context.Document, declaration) }, ct),
                                EquivalenceKey),
                            diagnostic);
                        break;
                    case FixKinds.CatchInside:
                        context.RegisterCodeFix(
                            CodeAction.Create("Catch and trace exceptions inside the method", ct => CatchInsideAsync(context.Document, new[] { diagnostic }, ct), CatchInsideKey),
                            diagnostic);
                        break;
                }
            }
        }

        /// <summary>The body of each method the diagnostics point at catches and traces its exceptions.</summary>
        private static async Task<Document> CatchInsideAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
            var done = new HashSet<SyntaxNode>();
            foreach (var diagnostic in diagnostics)
            {
                if (AsyncVoidFix.From(diagnostic.Properties) is { Kind: FixKinds.CatchInside, ExceptionName: { } name }
                    && AsyncVoidToTask.FindDeclaration(root, diagnostic.Location.SourceSpan) is { } declaration
                    && done.Add(declaration)
                    && CatchInsideRewrite.Function(declaration, name) is { } guarded)
                {
                    editor.ReplaceNode(declaration, guarded);
                }
            }

            // The code action's own clean-up shortens the annotated names and formats the annotated nodes.
            return await ImportAdder.AddImportsAsync(document.WithSyntaxRoot(editor.GetChangedRoot()), Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Every finding in the scope at once: callers in other documents are edited with the declarations.</summary>
        private sealed class AsyncVoidFixAllProvider : FixAllProvider
        {
            public override IEnumerable<FixAllScope> GetSupportedFixAllScopes()
                => ImmutableArray.Create(FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution);

            public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
            {
                var found = await FixAllDiagnostics.CollectAsync(fixAllContext).ConfigureAwait(false);
                if (fixAllContext.CodeActionEquivalenceKey == CatchInsideKey)
                {
                    var byDocument = found.Where(f => AsyncVoidFix.From(f.Diagnostic.Properties)?.Kind == FixKinds.CatchInside).GroupBy(f => f.Document.Id).ToList();
                    return byDocument.Count == 0
                        ? null
                        : CodeAction.Create(
                            "Catch and trace exceptions inside the methods",
                            async ct =>
                            {
                                var solution = fixAllContext.Solution;
                                foreach (var group in byDocument)
                                {
                                    var changed = await CatchInsideAsync(solution.GetDocument(group.Key)!, group.Select(f => f.Diagnostic), ct).ConfigureAwait(false);
                                    solution = changed.Project.Solution;
                                }

                                return solution;
                            },
                            fixAllContext.CodeActionEquivalenceKey);
                }

                var declarations = new List<(Document, SyntaxNode)>();
                foreach (var (document, diagnostic) in found)
                {
                    var root = await document.GetSyntaxRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
                    if (root != null && AsyncVoidFix.From(diagnostic.Properties)?.Kind == FixKinds.ReturnTask && AsyncVoidToTask.FindDeclaration(root, diagnostic.Location.SourceSpan) is { } declaration)
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
    }
}
