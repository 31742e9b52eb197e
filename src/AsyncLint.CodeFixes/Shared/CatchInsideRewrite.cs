using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace AsyncLint.CodeFixes.Shared
{
    /// <summary>
    /// An async function whose void return nothing can await (a timer callback, a thread's body, an interface's
    /// <c>void</c> member) observes its own exceptions: its body becomes
    /// <c>try { body } catch (Exception ex) { Trace.TraceError(ex.ToString()); }</c>. What crashed the process is traced,
    /// and the function's own <c>return</c>s stay where they were (a <c>return;</c> inside <c>try</c> means the same).
    /// ASYNC301 and ASYNC302 read a body guarded this way as handled.
    /// </summary>
    internal static class CatchInsideRewrite
    {
        /// <summary><c>async _ =&gt; body</c> → <c>async _ =&gt; { try { body } catch … }</c>, the braces on lines of their own.</summary>
        public static AnonymousFunctionExpressionSyntax? Lambda(AnonymousFunctionExpressionSyntax callback, string exceptionName)
        {
            if (Statements(callback.Block, callback.ExpressionBody) is not { } body)
            {
                return null;
            }

            // The callback's own braces go on lines of their own at the indentation of the line it starts on (the formatter
            // keeps a lambda's block in an argument list on the arrow's line); the formatter lays out the try inside them.
            var root = callback.AncestorsAndSelf().Last();
            var newLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            if (!newLine.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                newLine = CarriageReturnLineFeed;
            }

            var lineStart = root.FindToken(root.GetText().Lines.GetLineFromPosition(callback.SpanStart).Start);
            var indent = lineStart.LeadingTrivia.LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
            var indentation = indent.IsKind(SyntaxKind.WhitespaceTrivia) ? TriviaList(indent) : TriviaList();
            var guarded = Block(
                Token(indentation, SyntaxKind.OpenBraceToken, TriviaList(newLine)),
                SingletonList<StatementSyntax>(Guarded(body, exceptionName).WithTrailingTrivia(newLine)),
                Token(indentation, SyntaxKind.CloseBraceToken, TriviaList()));
            AnonymousFunctionExpressionSyntax rewritten = callback is AnonymousMethodExpressionSyntax method
                ? method.WithBody(guarded).WithParameterList(method.ParameterList?.WithTrailingTrivia(newLine))
                : ((LambdaExpressionSyntax)callback).WithExpressionBody(null).WithBlock(guarded).WithArrowToken(((LambdaExpressionSyntax)callback).ArrowToken.WithTrailingTrivia(newLine));
            return rewritten.WithTriviaFrom(callback);
        }

        /// <summary><c>async void M() =&gt; body;</c> or <c>{ body }</c> → <c>async void M() { try { body } catch … }</c> (a method or a local function).</summary>
        public static SyntaxNode? Function(SyntaxNode declaration, string exceptionName)
        {
            switch (declaration)
            {
                case MethodDeclarationSyntax method when Statements(method.Body, method.ExpressionBody?.Expression) is { } body:
                    return method
                        .WithExpressionBody(null)
                        .WithSemicolonToken(default)
                        .WithParameterList(method.ParameterList.WithTrailingTrivia(ElasticCarriageReturnLineFeed))
                        .WithBody(Block(Guarded(body, exceptionName)).WithTrailingTrivia(method.Body?.GetTrailingTrivia() ?? method.SemicolonToken.TrailingTrivia))
                        .WithAdditionalAnnotations(Formatter.Annotation);
                case LocalFunctionStatementSyntax local when Statements(local.Body, local.ExpressionBody?.Expression) is { } body:
                    return local
                        .WithExpressionBody(null)
                        .WithSemicolonToken(default)
                        .WithParameterList(local.ParameterList.WithTrailingTrivia(ElasticCarriageReturnLineFeed))
                        .WithBody(Block(Guarded(body, exceptionName)).WithTrailingTrivia(local.Body?.GetTrailingTrivia() ?? local.SemicolonToken.TrailingTrivia))
                        .WithAdditionalAnnotations(Formatter.Annotation);
                default:
                    return null;
            }
        }

        private static SyntaxList<StatementSyntax>? Statements(BlockSyntax? block, ExpressionSyntax? expression)
            => block is { } b ? b.Statements
                : expression is { } e ? SingletonList<StatementSyntax>(ExpressionStatement(e.WithoutTrivia()))
                : (SyntaxList<StatementSyntax>?)null;

        /// <summary><c>try { body } catch (Exception name) { Trace.TraceError(name.ToString()); }</c>, laid out by the formatter.</summary>
        private static TryStatementSyntax Guarded(SyntaxList<StatementSyntax> body, string exceptionName)
        {
            var exceptionType = ParseTypeName("global::System.Exception").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
            var trace = ParseExpression("global::System.Diagnostics.Trace").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
            var traced = ExpressionStatement(InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, trace, IdentifierName("TraceError")),
                ArgumentList(SingletonSeparatedList(Argument(InvocationExpression(
                    MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName(exceptionName), IdentifierName("ToString"))))))));
            return TryStatement(
                MultiLine(body),
                SingletonList(CatchClause(CatchDeclaration(exceptionType, Identifier(exceptionName)), null, MultiLine(SingletonList<StatementSyntax>(traced)))),
                null).WithAdditionalAnnotations(Formatter.Annotation);
        }

        /// <summary>A block laid out one statement a line (the formatter indents).</summary>
        private static BlockSyntax MultiLine(SyntaxList<StatementSyntax> statements)
            => Block(
                Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(ElasticCarriageReturnLineFeed),
                List(statements.Select(s => s.WithTrailingTrivia(EndOfLine(s.GetTrailingTrivia())))),
                Token(SyntaxKind.CloseBraceToken));

        /// <summary>A statement's trailing trivia (a comment after it, say) up to its line break, then an elastic line break.</summary>
        private static SyntaxTriviaList EndOfLine(SyntaxTriviaList trailing)
        {
            var kept = trailing.Where(t => !t.IsKind(SyntaxKind.EndOfLineTrivia)).ToList();
            while (kept.Count > 0 && kept[kept.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia))
            {
                kept.RemoveAt(kept.Count - 1);
            }

            return TriviaList(kept).Add(ElasticCarriageReturnLineFeed);
        }
    }
}
