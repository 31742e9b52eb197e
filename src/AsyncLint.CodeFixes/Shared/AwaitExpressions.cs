using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace AsyncLint.CodeFixes.Shared
{
    /// <summary>Builds <c>await</c> expressions that keep the trivia of what they replace and stay correct under any precedence.</summary>
    internal static class AwaitExpressions
    {
        /// <summary>
        /// <c>await e</c>, parenthesized and marked for the simplifier, which drops the parentheses wherever precedence
        /// allows (<c>(await reader.ReadLineAsync())?.Trim()</c> keeps them, <c>var x = await t;</c> does not).
        /// </summary>
        public static ExpressionSyntax Await(ExpressionSyntax expression)
        {
            var leading = expression.GetLeadingTrivia();
            var trailing = expression.GetTrailingTrivia();
            var awaited = AwaitExpression(
                Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(Space),
                Parenthesize(expression.WithoutTrivia()));
            return ParenthesizedExpression(awaited)
                .WithAdditionalAnnotations(Simplifier.Annotation)
                .WithLeadingTrivia(leading)
                .WithTrailingTrivia(trailing);
        }

        /// <summary>Wraps an operand in parentheses the simplifier may remove.</summary>
        public static ExpressionSyntax Parenthesize(ExpressionSyntax expression)
            => expression is IdentifierNameSyntax || expression is MemberAccessExpressionSyntax || expression is InvocationExpressionSyntax
                || expression is ParenthesizedExpressionSyntax || expression is ElementAccessExpressionSyntax
                ? expression
                : ParenthesizedExpression(expression).WithAdditionalAnnotations(Simplifier.Annotation);

        /// <summary><c>global::System.Threading.Tasks.Task</c>, reduced to <c>Task</c> (adding the using) by the simplifier.</summary>
        public static ExpressionSyntax TaskType()
            => ParseExpression("global::System.Threading.Tasks.Task")
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

        /// <summary><c>e.ConfigureAwait(false)</c>.</summary>
        public static ExpressionSyntax ConfigureAwaitFalse(ExpressionSyntax expression)
            => InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Parenthesize(expression.WithoutTrivia()), IdentifierName("ConfigureAwait")),
                ArgumentList(SingletonSeparatedList(Argument(LiteralExpression(SyntaxKind.FalseLiteralExpression)))))
            .WithTriviaFrom(expression);
        /// <summary>
        /// <c>_ = e</c>, the trivia of <paramref name="expression"/> kept outside. The <c>_</c> is made by the parser (an
        /// identifier whose contextual kind is the underscore token): a plain <c>IdentifierName("_")</c> binds as a name
        /// (CS0103) until the document is reparsed.
        /// </summary>
        public static ExpressionSyntax Discard(ExpressionSyntax expression)
            => AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, (IdentifierNameSyntax)ParseExpression("_"), expression.WithoutTrivia())
                .WithTriviaFrom(expression);

        /// <summary><c>Task</c> as a type (a return type), reduced and imported by the simplifier.</summary>
        public static TypeSyntax TaskTypeName()
            => ParseTypeName("global::System.Threading.Tasks.Task")
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

        /// <summary><c>global::System.TimeSpan</c>, reduced by the simplifier.</summary>
        public static ExpressionSyntax TimeSpanType()
            => ParseExpression("global::System.TimeSpan")
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
    }
}
