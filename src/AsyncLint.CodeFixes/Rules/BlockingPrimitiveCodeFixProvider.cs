using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using AsyncLint.CodeFixes.Shared;
using AsyncLint.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace AsyncLint.CodeFixes.Rules
{
    /// <summary>
    /// ASYNC103: <c>semaphore.Wait(args)</c> → <c>await semaphore.WaitAsync(args, ct)</c> (same overloads, same bool result).
    /// Primitives without an awaitable twin, and locks held across an await, get no fix: the redesign is the user's call.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingPrimitiveCodeFixProvider)), Shared]
    public sealed class BlockingPrimitiveCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIds.BlockingPrimitive + ".AwaitAsyncAlternative";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.BlockingPrimitive);

        public override FixAllProvider GetFixAllProvider() => AwaitFixEngine.CreateFixAllProvider(Rewrite);

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
            => AwaitFixEngine.RegisterAsync(context, "Await WaitAsync instead of blocking", EquivalenceKey, Rewrite);

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
