using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using AsyncLint.Core;
using AsyncLint.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace AsyncLint.CodeFixes.Rules
{
    /// <summary>ASYNC402: <c>await Task.Run(() =&gt; FooAsync())</c> → <c>await FooAsync()</c>; <c>return Task.Run(FooAsync)</c> → <c>return FooAsync()</c>.</summary>
    [ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(TaskRunAroundAsyncCodeFixProvider)), Shared]
    public sealed class TaskRunAroundAsyncCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIds.TaskRunAroundAsync + ".CallDirectly";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.TaskRunAroundAsync);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (root != null && Replacement(root, diagnostic) is { } replacement)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create("Call the asynchronous method directly", _ => Apply(context.Document, root, replacement), EquivalenceKey),
                        diagnostic);
                }
            }
        }

        private static Task<Document> Apply(Document document, SyntaxNode root, (SyntaxNode TaskRun, ExpressionSyntax Call) replacement)
            => Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(replacement.TaskRun, replacement.Call)));

        private static (SyntaxNode TaskRun, ExpressionSyntax Call)? Replacement(SyntaxNode root, Diagnostic diagnostic)
        {
            if (TaskRunAroundAsyncFix.From(diagnostic.Properties) is not { } fix || diagnostic.AdditionalLocations.Count != 1)
            {
                return null;
            }

            var taskRun = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) as InvocationExpressionSyntax;
            var inner = root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) as ExpressionSyntax;
            if (taskRun is null || inner is null)
            {
                return null;
            }

            var call = fix.MethodGroup
                ? InvocationExpression(inner.WithoutTrivia())
                : inner.WithoutTrivia();
            return (taskRun, call.WithTriviaFrom(taskRun));
        }
    }
}
