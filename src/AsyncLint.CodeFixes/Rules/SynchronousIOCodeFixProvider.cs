using System.Collections.Immutable;
using System.Linq;
using System.Composition;
using System.Threading.Tasks;
using AsyncLint.CodeFixes.Shared;
using AsyncLint.Core;
using AsyncLint.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace AsyncLint.CodeFixes.Rules
{
    /// <summary>
    /// ASYNC201: <c>x.Name(args)</c> → <c>await x.NameAsync(args, ct)</c>; <c>foreach (var l in Name(args))</c> →
    /// <c>await foreach (var l in NameAsync(args, ct))</c>. The analyzer names the counterpart and the token (both proven
    /// to bind at the call site); the fix only writes them. Adds <c>async</c> where the function lacks it.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SynchronousIOCodeFixProvider)), Shared]
    public sealed class SynchronousIOCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIds.SynchronousIO + ".UseAsyncCounterpart";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.SynchronousIO);

        public override FixAllProvider GetFixAllProvider() => AwaitFixEngine.CreateFixAllProvider(Rewrite);

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var name = SynchronousIOFix.From(context.Diagnostics[0].Properties)?.Counterpart;
            return AwaitFixEngine.RegisterAsync(context, "Await " + (name ?? "the async counterpart"), EquivalenceKey, Rewrite);
        }

        internal static SyntaxNode? Rewrite(SyntaxNode target, Diagnostic diagnostic)
        {
            if (SynchronousIOFix.From(diagnostic.Properties) is not { } fix)
            {
                return null;
            }

            var name = fix.Counterpart;
            var token = fix.CancellationToken;
            var tokenParameter = fix.CancellationTokenParameter;
            switch (fix.Kind)
            {
                case FixKinds.AsyncCounterpart when target is InvocationExpressionSyntax invocation:
                    return AsyncCounterparts.Rewrite(invocation, null, name, token, tokenParameter) is { } call
                        ? AwaitExpressions.Await(Configured(MarkToken(call, token).WithTriviaFrom(invocation), fix))
                        : null;
                case FixKinds.AsyncCounterpart when target is ExpressionStatementSyntax { Expression: ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax conditionalCall } access } statement:
                    // x?.Dispose(); → if (x is not null) { await x.DisposeAsync(); }: the null test stays.
                    if (AsyncCounterparts.RewriteWithReceiver(conditionalCall, access.Expression, name, token, tokenParameter) is not { } awaitedCall)
                    {
                        return null;
                    }

                    var awaitStatement = ExpressionStatement(AwaitExpressions.Await(Configured(MarkToken(awaitedCall, token), fix)));
                    return IfStatement(
                            IsPatternExpression(access.Expression.WithoutTrivia(), UnaryPattern(ConstantPattern(LiteralExpression(SyntaxKind.NullLiteralExpression)))),
                            Block(awaitStatement))
                        .WithTriviaFrom(statement)
                        .WithAdditionalAnnotations(Formatter.Annotation);
                case FixKinds.AwaitForEach when target is CommonForEachStatementSyntax loop
                                                && MakeAsync.Unparenthesize(loop.Expression) is InvocationExpressionSyntax collection
                                                && AsyncCounterparts.Rewrite(collection, null, name, token, tokenParameter) is { } asyncCollection:
                    var awaitKeyword = Token(SyntaxKind.AwaitKeyword).WithLeadingTrivia(loop.ForEachKeyword.LeadingTrivia).WithTrailingTrivia(Space);
                    return loop
                        .ReplaceNode(loop.Expression, Configured(asyncCollection.WithTriviaFrom(loop.Expression), fix))
                        .WithForEachKeyword(loop.ForEachKeyword.WithLeadingTrivia())
                        .WithAwaitKeyword(awaitKeyword);
                default:
                    return null;
            }
        }

        /// <summary>A token the analyzer wrote fully qualified (<c>CancellationToken.None</c>) is shortened, with its using.</summary>
        private static InvocationExpressionSyntax MarkToken(InvocationExpressionSyntax call, string? token)
        {
            if (token is null || !token.StartsWith("global::", System.StringComparison.Ordinal))
            {
                return call;
            }

            var arguments = call.ArgumentList.Arguments;
            var last = arguments.LastOrDefault(a => a.Expression.ToString() == token);
            return last is null
                ? call
                : call.ReplaceNode(last.Expression, last.Expression.WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation));
        }

        private static ExpressionSyntax Configured(ExpressionSyntax call, SynchronousIOFix fix)
            => fix.ConfigureAwaitFalse ? AwaitExpressions.ConfigureAwaitFalse(call) : call;
    }
}
