using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncLint.CodeFixes.Shared;
using AsyncLint.Core;
using AsyncLint.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace AsyncLint.CodeFixes.Rules
{
    /// <summary>
    /// ASYNC305: <c>null</c>/<c>default</c> → <c>Task.CompletedTask</c> or <c>Task.FromResult&lt;T&gt;(default)</c>;
    /// <c>x?.FooAsync()</c> → <c>x?.FooAsync() ?? Task.CompletedTask</c>.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NullTaskReturnCodeFixProvider)), Shared]
    public sealed class NullTaskReturnCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIds.NullTaskReturn + ".CompletedTask";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.NullTaskReturn);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (root is null || NullTaskReturnFix.From(diagnostic.Properties) is not { } fix || AwaitFixEngine.FindTarget(root, diagnostic) is not ExpressionSyntax)
                {
                    continue;
                }

                var title = fix.ResultType != null ? "Return Task.FromResult(default)" : "Return Task.CompletedTask";
                context.RegisterCodeFix(CodeAction.Create(title, ct => FixAsync(context.Document, diagnostic, fix, ct), EquivalenceKey), diagnostic);
            }
        }

        private static async Task<Document> FixAsync(Document document, Diagnostic diagnostic, NullTaskReturnFix fix, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || AwaitFixEngine.FindTarget(root, diagnostic) is not ExpressionSyntax target)
            {
                return document;
            }

            var completed = CompletedTask(fix);
            ExpressionSyntax replacement = fix.Coalesce
                ? ParenthesizedExpression(BinaryExpression(SyntaxKind.CoalesceExpression, target.WithoutTrivia(), completed)).WithAdditionalAnnotations(Simplifier.Annotation)
                : completed;
            return document.WithSyntaxRoot(root.ReplaceNode(target, replacement.WithTriviaFrom(target)));
        }

        /// <summary><c>Task.CompletedTask</c>, or <c>Task.FromResult&lt;T&gt;(default)</c> (<c>default!</c> for a non-nullable reference T).</summary>
        private static ExpressionSyntax CompletedTask(NullTaskReturnFix fix)
        {
            if (fix.ResultType is not { } resultType)
            {
                return MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AwaitExpressions.TaskType(), IdentifierName("CompletedTask"));
            }

            ExpressionSyntax value = LiteralExpression(SyntaxKind.DefaultLiteralExpression);
            if (fix.SuppressNullable)
            {
                value = PostfixUnaryExpression(SyntaxKind.SuppressNullableWarningExpression, value);
            }

            var fromResult = GenericName(Identifier("FromResult"), TypeArgumentList(SingletonSeparatedList(ParseTypeName(resultType))));
            return InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AwaitExpressions.TaskType(), fromResult),
                ArgumentList(SingletonSeparatedList(Argument(value))));
        }
    }
}
