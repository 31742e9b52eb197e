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
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace AsyncLint.CodeFixes.Rules
{
    /// <summary>
    /// ASYNC303: in async code, <c>FooAsync();</c> → <c>await FooAsync();</c> (adding <c>async</c> where the signature
    /// allows); everywhere, <c>_ = FooAsync();</c> to make fire-and-forget explicit.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnobservedTaskCodeFixProvider)), Shared]
    public sealed class UnobservedTaskCodeFixProvider : CodeFixProvider
    {
        public const string AwaitKey = RuleIds.UnobservedTask + ".Await";
        public const string DiscardKey = RuleIds.UnobservedTask + ".Discard";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UnobservedTask);

        public override FixAllProvider GetFixAllProvider()
            => FixAllProvider.Create(async (context, document, diagnostics) => context.CodeActionEquivalenceKey == DiscardKey
                ? await DiscardAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false)
                : await AwaitFixEngine.FixAsync(document, diagnostics.Where(IsAwaitFix), AwaitRewrite, context.CancellationToken).ConfigureAwait(false));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics.Where(IsAwaitFix))
            {
                // The engine offers "await" for every diagnostic it is given: give it only those the analyzer found awaitable.
                var awaitContext = new CodeFixContext(context.Document, diagnostic, (action, diagnostics) => context.RegisterCodeFix(action, diagnostics), context.CancellationToken);
                await AwaitFixEngine.RegisterAsync(awaitContext, "Await the task", AwaitKey, AwaitRewrite).ConfigureAwait(false);
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (UnobservedTaskFix.From(diagnostic.Properties) != null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create("Discard the task explicitly (_ = ...)", ct => DiscardAsync(context.Document, new[] { diagnostic }, ct), DiscardKey),
                        diagnostic);
                }
            }
        }

        private static bool IsAwaitFix(Diagnostic diagnostic)
            => UnobservedTaskFix.From(diagnostic.Properties)?.CanAwait == true;

        private static SyntaxNode? AwaitRewrite(SyntaxNode target, Diagnostic diagnostic)
            => target is ExpressionSyntax expression ? AwaitExpressions.Await(expression) : null;

        private static async Task<Document> DiscardAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var targets = diagnostics
                .Where(d => UnobservedTaskFix.From(d.Properties) != null)
                .Select(d => AwaitFixEngine.FindTarget(root, d))
                .OfType<ExpressionSyntax>()
                .Distinct()
                .ToList();
            root = root.ReplaceNodes(targets, (original, current) => AwaitExpressions.Discard(current));
            return document.WithSyntaxRoot(root);
        }
    }
}
