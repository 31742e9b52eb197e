using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using AsyncLint.CodeFixes.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace AsyncLint.CodeFixes.Rules
{
    /// <summary>ASYNC202: <c>using</c> → <c>await using</c> (statement or declaration); adds <c>async</c> where the function lacks it.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AwaitUsingCodeFixProvider)), Shared]
    public sealed class AwaitUsingCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIds.AwaitUsing + ".AwaitUsing";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.AwaitUsing);

        public override FixAllProvider GetFixAllProvider() => AwaitFixEngine.CreateFixAllProvider(Rewrite);

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
            => AwaitFixEngine.RegisterAsync(context, "Use await using", EquivalenceKey, Rewrite);

        internal static SyntaxNode? Rewrite(SyntaxNode target, Diagnostic diagnostic) => target switch
        {
            UsingStatementSyntax statement when statement.AwaitKeyword.IsKind(SyntaxKind.None)
                => Configured(statement, diagnostic).WithUsingKeyword(statement.UsingKeyword.WithLeadingTrivia()).WithAwaitKeyword(AwaitKeyword(statement.UsingKeyword)),
            LocalDeclarationStatementSyntax declaration when declaration.AwaitKeyword.IsKind(SyntaxKind.None)
                => declaration.WithUsingKeyword(declaration.UsingKeyword.WithLeadingTrivia()).WithAwaitKeyword(AwaitKeyword(declaration.UsingKeyword)),
            _ => null,
        };

        /// <summary><c>using (resource)</c> → <c>using (resource.ConfigureAwait(false))</c> in a file that writes ConfigureAwait(false).</summary>
        private static UsingStatementSyntax Configured(UsingStatementSyntax statement, Diagnostic diagnostic)
            => statement.Expression != null && diagnostic.Properties.ContainsKey(AsyncLint.Core.DiagnosticProperties.ConfigureAwaitFalse)
                ? statement.WithExpression(AwaitExpressions.ConfigureAwaitFalse(statement.Expression))
                : statement;

        private static SyntaxToken AwaitKeyword(SyntaxToken usingKeyword)
            => Token(SyntaxKind.AwaitKeyword).WithLeadingTrivia(usingKeyword.LeadingTrivia).WithTrailingTrivia(Space);
    }
}
