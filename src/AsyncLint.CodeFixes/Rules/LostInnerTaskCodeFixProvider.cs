using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using AsyncLint.CodeFixes.Shared;
using AsyncLint.Core;
using AsyncLint.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace AsyncLint.CodeFixes.Rules
{
    /// <summary>
    /// ASYNC403: <c>Task.Factory.StartNew(async () =&gt; …)</c> → <c>Task.Run(async () =&gt; …)</c> (only for the plain
    /// overloads Task.Run has); any lost <c>Task&lt;Task&gt;</c> → <c>x.Unwrap()</c> (when the extension is in scope).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LostInnerTaskCodeFixProvider)), Shared]
    public sealed class LostInnerTaskCodeFixProvider : CodeFixProvider
    {
        public const string TaskRunKey = RuleIds.LostInnerTask + ".TaskRun";
        public const string UnwrapKey = RuleIds.LostInnerTask + ".Unwrap";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.LostInnerTask);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var document = context.Document;
            var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (LostInnerTaskFix.From(diagnostic.Properties) is not { } fix || diagnostic.AdditionalLocations.Count != 1
                    || root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax task)
                {
                    continue;
                }

                if (fix.TaskRun && task is InvocationExpressionSyntax startNew)
                {
                    var run = MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AwaitExpressions.TaskType(), IdentifierName("Run"))
                        .WithTriviaFrom(startNew.Expression);
                    context.RegisterCodeFix(
                        CodeAction.Create("Use Task.Run, which unwraps the inner task", _ => Replace(document, root, startNew.Expression, run), TaskRunKey),
                        diagnostic);
                }

                if (IsUnwrapInScope(model, task))
                {
                    var unwrapped = InvocationExpression(MemberAccessExpression(
                        SyntaxKind.SimpleMemberAccessExpression, AwaitExpressions.Parenthesize(task.WithoutTrivia()), IdentifierName("Unwrap")))
                        .WithTriviaFrom(task);
                    context.RegisterCodeFix(
                        CodeAction.Create("Append .Unwrap() to observe the inner task", _ => Replace(document, root, task, unwrapped), UnwrapKey),
                        diagnostic);
                }
            }
        }

        private static Task<Document> Replace(Document document, SyntaxNode root, SyntaxNode node, SyntaxNode replacement)
            => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(node, replacement)));

        /// <summary><c>TaskExtensions.Unwrap</c> binds on this expression at this position (its namespace is imported).</summary>
        private static bool IsUnwrapInScope(SemanticModel model, ExpressionSyntax task)
        {
            var type = model.GetTypeInfo(task).Type;
            return type != null
                && model.LookupSymbols(task.SpanStart, type, "Unwrap", includeReducedExtensionMethods: true).Any(s => s is IMethodSymbol);
        }
    }
}
