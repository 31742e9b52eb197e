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

namespace AsyncLint.CodeFixes.Rules
{
    /// <summary>
    /// ASYNC404: removes <c>async</c> from a function that never awaits and returns completed tasks instead, keeping
    /// exceptions inside the returned task (see <see cref="RemoveAsync"/>). The signature is kept, so overrides and
    /// interface implementations are fixed the same way. Nested findings are fixed in one edit.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AsyncWithoutAwaitCodeFixProvider)), Shared]
    public sealed class AsyncWithoutAwaitCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIds.AsyncWithoutAwait + ".RemoveAsync";

        private const string FunctionAnnotationKind = "AsyncLint.RemoveAsync.Function";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.AsyncWithoutAwait);

        public override FixAllProvider GetFixAllProvider()
            => FixAllProvider.Create(async (context, document, diagnostics) =>
                await FixAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (root != null && FindFunction(root, diagnostic) != null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create("Remove async and return a completed task", ct => FixAsync(context.Document, new[] { diagnostic }, ct), EquivalenceKey),
                        diagnostic);
                }
            }
        }

        private static async Task<Document> FixAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            var plans = new Dictionary<string, RemoveAsync.Plan>();
            var marks = new Dictionary<SyntaxNode, List<SyntaxAnnotation>>();
            foreach (var diagnostic in diagnostics)
            {
                var function = FindFunction(root, diagnostic);
                if (function is null || marks.ContainsKey(function) || AsyncWithoutAwaitFix.From(diagnostic.Properties) is not { } fix)
                {
                    continue;
                }

                var plan = RemoveAsync.TryPrepare(function, model, fix.CannotThrow, cancellationToken);
                if (plan is null)
                {
                    continue;
                }

                var id = plans.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                plans[id] = plan;
                AwaitFixEngine.Mark(marks, function, new SyntaxAnnotation(FunctionAnnotationKind, id));
                foreach (var value in plan.ExactlyTyped)
                {
                    AwaitFixEngine.Mark(marks, value, RemoveAsync.ExactlyTypedAnnotation);
                }
            }

            if (plans.Count == 0)
            {
                return document;
            }

            root = root.ReplaceNodes(marks.Keys, (original, current) => current.WithAdditionalAnnotations(marks[original]));
            var functions = root.GetAnnotatedNodes(FunctionAnnotationKind).ToList();

            // ReplaceNodes hands an outer function its already rewritten inner functions.
            root = root.ReplaceNodes(functions, (original, current) =>
                RemoveAsync.Apply(current, plans[original.GetAnnotations(FunctionAnnotationKind).First().Data!]));
            return document.WithSyntaxRoot(root);
        }

        /// <summary>The function a diagnostic is on: its name (method, local function) or its header (lambda).</summary>
        private static SyntaxNode? FindFunction(SyntaxNode root, Diagnostic diagnostic)
        {
            if (AsyncWithoutAwaitFix.From(diagnostic.Properties) is null || diagnostic.Location.SourceTree != root.SyntaxTree)
            {
                return null;
            }

            var token = root.FindToken(diagnostic.Location.SourceSpan.Start);
            for (var node = token.Parent; node != null; node = node.Parent)
            {
                if (AsyncFunctionSyntax.IsFunction(node))
                {
                    return node;
                }
            }

            return null;
        }
    }
}
