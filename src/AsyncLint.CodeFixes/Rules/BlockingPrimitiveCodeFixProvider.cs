using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncLint.CodeFixes.Shared;
using AsyncLint.Rules;
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
    /// (<see cref="SignalToTaskCompletionSource"/>); a private lock object or ReaderWriterLockSlim (write lock only) held
    /// across an await becomes a SemaphoreSlim (<see cref="LockToSemaphoreSlim"/>). Other primitives without an awaitable
    /// twin, and locks shared beyond the type or used in other ways, get no fix: the redesign is the user's call.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingPrimitiveCodeFixProvider)), Shared]
    public sealed class BlockingPrimitiveCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIds.BlockingPrimitive + ".AwaitAsyncAlternative";
        public const string SignalKey = RuleIds.BlockingPrimitive + ".TaskCompletionSource";
        public const string SemaphoreKey = RuleIds.BlockingPrimitive + ".SemaphoreSlim";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.BlockingPrimitive);

        public override FixAllProvider GetFixAllProvider()
            => FixAllProvider.Create(async (context, document, diagnostics) => context.CodeActionEquivalenceKey switch
            {
                SignalKey => await PrivateFieldRewrite.ConvertEachAsync(document, diagnostics, SignalToTaskCompletionSource.FieldOf, SignalToTaskCompletionSource.ConvertAsync, context.CancellationToken).ConfigureAwait(false),
                SemaphoreKey => await PrivateFieldRewrite.ConvertEachAsync(document, diagnostics, LockToSemaphoreSlim.FieldOf, LockToSemaphoreSlim.ConvertAsync, context.CancellationToken).ConfigureAwait(false),
                _ => await AwaitFixEngine.FixAsync(document, diagnostics, Rewrite, context.CancellationToken).ConfigureAwait(false),
            });

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            await AwaitFixEngine.RegisterAsync(context, "Await WaitAsync instead of blocking", EquivalenceKey, Rewrite).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (BlockingPrimitiveFix.From(diagnostic.Properties) is null
                    && await SignalToTaskCompletionSource.TryCreateAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } changed)
                {
                    context.RegisterCodeFix(CodeAction.Create("Signal with a TaskCompletionSource and await its task", _ => Task.FromResult(changed), SignalKey), diagnostic);
                }
                else if (BlockingPrimitiveFix.From(diagnostic.Properties) is null
                         && await LockToSemaphoreSlim.TryCreateAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } guarded)
                {
                    context.RegisterCodeFix(CodeAction.Create("Guard with a SemaphoreSlim and await WaitAsync", _ => Task.FromResult(guarded), SemaphoreKey), diagnostic);
                }
            }
        }

        internal static SyntaxNode? Rewrite(SyntaxNode target, Diagnostic diagnostic)
        {
            if (target is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation)
            {
                return null;
            }

            var arguments = invocation.ArgumentList.Arguments;
            if (BlockingPrimitiveFix.From(diagnostic.Properties)?.CancellationToken is { } token)
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
