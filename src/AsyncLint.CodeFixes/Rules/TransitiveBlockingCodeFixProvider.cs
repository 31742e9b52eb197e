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
    /// ASYNC105: <c>Load(args)</c> → <c>await LoadAsync(args, ct)</c> when the callee has an async counterpart with the
    /// same parameters. Without one there is no local fix: the blocking callee chain has to become async first.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TransitiveBlockingCodeFixProvider)), Shared]
    public sealed class TransitiveBlockingCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIds.TransitiveBlocking + ".UseAsyncCounterpart";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.TransitiveBlocking);

        public override FixAllProvider GetFixAllProvider() => AwaitFixEngine.CreateFixAllProvider(Rewrite);

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
            => AwaitFixEngine.RegisterAsync(context, "Await the async counterpart", EquivalenceKey, Rewrite);

        private static SyntaxNode? Rewrite(SyntaxNode target, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Counterpart, out var counterpart) || counterpart is null)
            {
                return null;
            }

            if (target is not InvocationExpressionSyntax invocation)
            {
                return null;
            }

            ExpressionSyntax callee = invocation.Expression switch
            {
                MemberAccessExpressionSyntax access => access.WithName(access.Name.WithIdentifier(Identifier(counterpart))),
                SimpleNameSyntax name => name.WithIdentifier(Identifier(counterpart).WithTriviaFrom(name.Identifier)),
                _ => invocation.Expression,
            };
            var arguments = invocation.ArgumentList.Arguments;
            if (diagnostic.Properties.TryGetValue(DiagnosticProperties.CancellationToken, out var token) && token != null)
            {
                arguments = arguments.Add(Argument(ParseExpression(token)));
            }

            var call = invocation.WithExpression(callee).WithArgumentList(invocation.ArgumentList.WithArguments(arguments));
            return AwaitExpressions.Await(call.WithoutTrivia()).WithTriviaFrom(invocation);
        }
    }
}
