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
    /// <summary>
    /// ASYNC202: <c>using</c> → <c>await using</c> (statement or declaration); adds <c>async</c> where the function lacks it.
    /// In a file that writes <c>ConfigureAwait(false)</c> it keeps the convention (the analyzer chose the form, see
    /// <see cref="AwaitUsingAnalyzer"/>): <c>await using (e.ConfigureAwait(false))</c>,
    /// <c>var x = e; await using (x.ConfigureAwait(false)) S</c>, <c>var x = e; await using var _ = x.ConfigureAwait(false);</c>.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AwaitUsingCodeFixProvider)), Shared]
    public sealed class AwaitUsingCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIds.AwaitUsing + ".AwaitUsing";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.AwaitUsing);

        public override FixAllProvider GetFixAllProvider() => AwaitFixEngine.CreateFixAllProvider(Rewrite);

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
            => AwaitFixEngine.RegisterAsync(context, "Use await using", EquivalenceKey, Rewrite);

        internal static SyntaxNode? Rewrite(SyntaxNode target, Diagnostic diagnostic)
        {
            if (AwaitUsingFix.From(diagnostic.Properties) is not { } fix)
            {
                return null;
            }

            var configured = fix.ConfigureAwaitFalse;
            var splice = fix.SpliceIntoBlock;
            switch (target)
            {
                case UsingStatementSyntax statement when statement.AwaitKeyword.IsKind(SyntaxKind.None):
                    if (configured && statement.Expression != null)
                    {
                        return Awaited(statement.WithExpression(AwaitExpressions.ConfigureAwaitFalse(statement.Expression)));
                    }

                    if (configured && statement.Declaration is { Variables.Count: 1 } declaration)
                    {
                        // var x = e; await using (x.ConfigureAwait(false)) S
                        var variable = declaration.Variables[0];
                        var local = LocalDeclarationStatement(declaration.WithoutTrivia()).WithLeadingTrivia(statement.GetLeadingTrivia()).WithTrailingTrivia(NewLine(statement));
                        var awaited = Awaited(statement
                                .WithDeclaration(null)
                                .WithExpression(AwaitExpressions.ConfigureAwaitFalse(IdentifierName(variable.Identifier.WithoutTrivia())))
                                .WithLeadingTrivia(statement.GetLeadingTrivia()))
                            .WithLeadingTrivia(IndentationOf(statement));
                        return AwaitFixEngine.Statements(splice, local, awaited);
                    }

                    return configured ? null : Awaited(statement);
                case LocalDeclarationStatementSyntax declarationStatement when declarationStatement.AwaitKeyword.IsKind(SyntaxKind.None):
                    if (configured && declarationStatement.Declaration.Variables.Count == 1)
                    {
                        // var x = e; await using var _ = x.ConfigureAwait(false);
                        var variable = declarationStatement.Declaration.Variables[0];
                        var local = declarationStatement
                            .WithUsingKeyword(default)
                            .WithLeadingTrivia(declarationStatement.GetLeadingTrivia())
                            .WithTrailingTrivia(NewLine(declarationStatement));
                        var disposal = LocalDeclarationStatement(
                                VariableDeclaration(
                                    IdentifierName("var"),
                                    SingletonSeparatedList(VariableDeclarator(Identifier("_"))
                                        .WithInitializer(EqualsValueClause(AwaitExpressions.ConfigureAwaitFalse(IdentifierName(variable.Identifier.WithoutTrivia())))))))
                            .WithAwaitKeyword(Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(Space))
                            .WithUsingKeyword(Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(Space))
                            .WithLeadingTrivia(IndentationOf(declarationStatement))
                            .WithTrailingTrivia(declarationStatement.GetTrailingTrivia());
                        return AwaitFixEngine.Statements(splice, local, disposal);
                    }

                    return configured
                        ? null
                        : declarationStatement.WithUsingKeyword(declarationStatement.UsingKeyword.WithLeadingTrivia()).WithAwaitKeyword(AwaitKeyword(declarationStatement.UsingKeyword));
                default:
                    return null;
            }
        }

        private static UsingStatementSyntax Awaited(UsingStatementSyntax statement)
            => statement.WithUsingKeyword(statement.UsingKeyword.WithLeadingTrivia()).WithAwaitKeyword(AwaitKeyword(statement.UsingKeyword));

        private static SyntaxToken AwaitKeyword(SyntaxToken usingKeyword)
            => Token(SyntaxKind.AwaitKeyword).WithLeadingTrivia(usingKeyword.LeadingTrivia).WithTrailingTrivia(Space);

        /// <summary>The file's line break, as the statement ends with it.</summary>
        private static SyntaxTrivia NewLine(StatementSyntax statement)
        {
            foreach (var trivia in statement.GetTrailingTrivia())
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    return trivia;
                }
            }

            return ElasticCarriageReturnLineFeed;
        }

        /// <summary>The white space that starts the statement's line (its indentation, without comments above it).</summary>
        private static SyntaxTriviaList IndentationOf(StatementSyntax statement)
        {
            var leading = statement.GetLeadingTrivia();
            return leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
                ? TriviaList(leading[leading.Count - 1])
                : TriviaList();
        }
    }
}
