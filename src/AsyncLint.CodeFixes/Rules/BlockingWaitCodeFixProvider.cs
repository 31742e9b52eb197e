using System.Collections.Immutable;
using System.Composition;
using System.Linq;
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
    /// <summary>
    /// ASYNC101: <c>t.Result</c>, <c>t.Wait()</c>, <c>t.GetAwaiter().GetResult()</c> → <c>await t</c>;
    /// <c>t.Wait(timeout/ct)</c> → <c>await t.WaitAsync(…)</c>; <c>Task.WaitAll</c> → <c>await Task.WhenAll</c>;
    /// a discarded <c>Task.WaitAny</c> → <c>await Task.WhenAny</c>. Adds <c>async</c> where the function lacks it.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingWaitCodeFixProvider)), Shared]
    public sealed class BlockingWaitCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIds.BlockingWait + ".Await";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.BlockingWait);

        public override FixAllProvider GetFixAllProvider() => AwaitFixEngine.CreateFixAllProvider(Rewrite);

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var fix = BlockingWaitFix.From(context.Diagnostics[0].Properties);
            return AwaitFixEngine.RegisterAsync(context, Title(fix?.Kind), EquivalenceKey, Rewrite);
        }

        internal static string Title(string? fix) => fix switch
        {
            FixKinds.WaitAsync => "Await WaitAsync instead of blocking",
            FixKinds.WhenAll => "Await Task.WhenAll instead of blocking",
            FixKinds.WhenAny => "Await Task.WhenAny instead of blocking",
            _ => "Await the task instead of blocking",
        };

        /// <summary>The blocking expression → its await; shared with ASYNC104's fix.</summary>
        internal static SyntaxNode? Rewrite(SyntaxNode target, Diagnostic diagnostic)
        {
            var fix = BlockingWaitFix.From(diagnostic.Properties);
            switch (fix?.Kind)
            {
                case FixKinds.Await:
                    return AwaitedTask(target) is { } task ? AwaitExpressions.Await(task).WithTriviaFrom(target) : null;
                case FixKinds.WaitAsync:
                    return WaitAsync(target, fix);
                case FixKinds.WhenAll:
                    return WhenAllOrAny(target, "WhenAll", fix.HasTokenArgument);
                case FixKinds.WhenAny:
                    return WhenAllOrAny(target, "WhenAny", hasTokenArgument: false);
                default:
                    return null;
            }
        }

        /// <summary>The task in <c>t.Result</c>, <c>t.Wait()</c> or <c>t.GetAwaiter().GetResult()</c>.</summary>
        private static ExpressionSyntax? AwaitedTask(SyntaxNode target)
        {
            switch (target)
            {
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } result:
                    return result.Expression;
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait" } wait }:
                    return wait.Expression;
                case InvocationExpressionSyntax
                {
                    Expression: MemberAccessExpressionSyntax
                    {
                        Name.Identifier.ValueText: "GetResult",
                        Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } getAwaiter },
                    },
                }:
                    return getAwaiter.Expression;
                default:
                    return null;
            }
        }

        private static SyntaxNode? WaitAsync(SyntaxNode target, BlockingWaitFix fix)
        {
            if (target is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation)
            {
                return null;
            }

            var arguments = invocation.ArgumentList.Arguments.ToList();
            if (fix.TimeoutInMilliseconds && arguments.Count > 0)
            {
                var milliseconds = arguments[0].Expression.WithoutTrivia();
                arguments[0] = Argument(InvocationExpression(
                    MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AwaitExpressions.TimeSpanType(), IdentifierName("FromMilliseconds")),
                    ArgumentList(SingletonSeparatedList(Argument(milliseconds)))));
            }

            if (fix.CancellationToken is { } token)
            {
                arguments.Add(Argument(ParseExpression(token)));
            }

            var call = InvocationExpression(
                access.WithName(IdentifierName("WaitAsync")),
                ArgumentList(SeparatedList(arguments)));
            return AwaitExpressions.Await(call).WithTriviaFrom(target);
        }

        private static SyntaxNode? WhenAllOrAny(SyntaxNode target, string name, bool hasTokenArgument)
        {
            if (target is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation)
            {
                return null;
            }

            var arguments = invocation.ArgumentList.Arguments;
            ExpressionSyntax call;
            if (hasTokenArgument && arguments.Count == 2)
            {
                // Task.WaitAll(tasks, ct) → Task.WhenAll(tasks).WaitAsync(ct)
                var whenAll = InvocationExpression(access.WithName(IdentifierName(name)), ArgumentList(SingletonSeparatedList(arguments[0])));
                call = InvocationExpression(
                    MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, whenAll, IdentifierName("WaitAsync")),
                    ArgumentList(SingletonSeparatedList(arguments[1])));
            }
            else
            {
                call = invocation.WithExpression(access.WithName(IdentifierName(name)));
            }

            return AwaitExpressions.Await(call.WithoutTrivia()).WithTriviaFrom(target);
        }
    }
}
