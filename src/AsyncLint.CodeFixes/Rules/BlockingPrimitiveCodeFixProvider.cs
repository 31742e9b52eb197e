using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncLint.CodeFixes.Shared;
using AsyncLint.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace AsyncLint.CodeFixes.Rules
{
    /// <summary>
    /// ASYNC103: <c>semaphore.Wait(args)</c> → <c>await semaphore.WaitAsync(args, ct)</c> (same overloads, same bool result).
    /// A private ManualResetEventSlim field used as a one-shot signal becomes a TaskCompletionSource
    /// (<see cref="SignalToTaskCompletionSource"/>). Other primitives without an awaitable twin, and locks held across an
    /// await, get no fix: the redesign is the user's call.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingPrimitiveCodeFixProvider)), Shared]
    public sealed class BlockingPrimitiveCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIds.BlockingPrimitive + ".AwaitAsyncAlternative";
        public const string SignalKey = RuleIds.BlockingPrimitive + ".TaskCompletionSource";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.BlockingPrimitive);

        public override FixAllProvider GetFixAllProvider()
            => FixAllProvider.Create(async (context, document, diagnostics) => context.CodeActionEquivalenceKey == SignalKey
                ? await SignalsAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false)
                : await AwaitFixEngine.FixAsync(document, diagnostics, Rewrite, context.CancellationToken).ConfigureAwait(false));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            await AwaitFixEngine.RegisterAsync(context, "Await WaitAsync instead of blocking", EquivalenceKey, Rewrite).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.ContainsKey(DiagnosticProperties.Fix)
                    && await SignalToTaskCompletionSource.TryCreateAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } changed)
                {
                    context.RegisterCodeFix(CodeAction.Create("Signal with a TaskCompletionSource and await its task", _ => Task.FromResult(changed), SignalKey), diagnostic);
                }
            }
        }

        /// <summary>Each field whose wait a diagnostic points at, converted once.</summary>
        private static async Task<Document?> SignalsAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            var names = diagnostics
                .Select(d => SignalToTaskCompletionSource.FieldOf(root, model, d, cancellationToken)?.Name)
                .OfType<string>()
                .Distinct()
                .OrderBy(n => n, System.StringComparer.Ordinal)
                .ToList();
            foreach (var name in names)
            {
                // One field at a time, each found again in the document the previous one changed.
                var currentModel = (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
                var currentRoot = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
                var field = currentRoot.DescendantNodes().OfType<VariableDeclaratorSyntax>()
                    .Select(v => currentModel.GetDeclaredSymbol(v, cancellationToken))
                    .OfType<IFieldSymbol>()
                    .FirstOrDefault(f => f.Name == name);
                if (field != null && await SignalToTaskCompletionSource.ConvertAsync(document, currentRoot, currentModel, field, cancellationToken).ConfigureAwait(false) is { } changed)
                {
                    document = changed;
                }
            }

            return document;
        }

        internal static SyntaxNode? Rewrite(SyntaxNode target, Diagnostic diagnostic)
        {
            if (target is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation)
            {
                return null;
            }

            var arguments = invocation.ArgumentList.Arguments;
            if (diagnostic.Properties.TryGetValue(DiagnosticProperties.CancellationToken, out var token) && token != null)
            {
                arguments = arguments.Add(Argument(ParseExpression(token)));
            }

            var call = invocation
                .WithExpression(access.WithName(IdentifierName(access.Name.Identifier.ValueText + "Async")))
                .WithArgumentList(invocation.ArgumentList.WithArguments(arguments));
            return AwaitExpressions.Await(call.WithoutTrivia()).WithTriviaFrom(target);
        }
    }
}
