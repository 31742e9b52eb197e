using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using AsyncLint.CodeFixes.Shared;
using AsyncLint.Core;
using AsyncLint.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace AsyncLint.CodeFixes.Rules
{
    /// <summary>ASYNC102: <c>Thread.Sleep(x)</c> → <c>await Task.Delay(x, ct)</c>, forwarding the CancellationToken in scope.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ThreadSleepCodeFixProvider)), Shared]
    public sealed class ThreadSleepCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIds.ThreadSleep + ".Delay";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ThreadSleep);

        public override FixAllProvider GetFixAllProvider() => AwaitFixEngine.CreateFixAllProvider(Rewrite);

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
            => AwaitFixEngine.RegisterAsync(context, "Use await Task.Delay", EquivalenceKey, Rewrite);

        internal static SyntaxNode? Rewrite(SyntaxNode target, Diagnostic diagnostic)
        {
            if (target is not InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } sleep)
            {
                return null;
            }

            var arguments = SingletonSeparatedList(sleep.ArgumentList.Arguments[0]);
            if (ThreadSleepFix.From(diagnostic.Properties)?.CancellationToken is { } token)
            {
                arguments = arguments.Add(Argument(ParseExpression(token)));
            }

            var delay = InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AwaitExpressions.TaskType(), IdentifierName("Delay")),
                ArgumentList(arguments));
            return AwaitExpressions.Await(delay).WithTriviaFrom(target);
        }
    }
}
