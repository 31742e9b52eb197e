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
    /// ASYNC401. Offloaded step: <c>var e = await Task.Run(() =&gt; Validate(r), ct);</c> →
    /// <c>ct.ThrowIfCancellationRequested(); var e = Validate(r);</c> (Task.Run with a token does not start the work once
    /// cancelled; the check keeps that). Fake-async wrapper: "Make synchronous" (see <see cref="MakeSynchronous"/>).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AsyncOverSyncCodeFixProvider)), Shared]
    public sealed class AsyncOverSyncCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIds.AsyncOverSync + ".RunInline";
        public const string MakeSynchronousKey = RuleIds.AsyncOverSync + ".MakeSynchronous";
        public const string AsyncFormKey = RuleIds.AsyncOverSync + ".AsyncForm";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.AsyncOverSync);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                var fix = AsyncOverSyncFix.From(diagnostic.Properties);
                if (fix?.Kind == FixKinds.MakeSynchronous)
                {
                    if (root != null && await MakeSynchronous.TryCreateAsync(context.Document, root, diagnostic, fix, context.CancellationToken).ConfigureAwait(false) is { } solution)
                    {
                        context.RegisterCodeFix(CodeAction.Create("Make synchronous", _ => Task.FromResult(solution), MakeSynchronousKey), diagnostic);
                    }

                    continue;
                }

                if (fix?.Kind == FixKinds.AsyncAlternative)
                {
                    if (root != null && AsyncForm(root, diagnostic, fix) is { } withAsyncForm)
                    {
                        context.RegisterCodeFix(
                            CodeAction.Create("Await '" + fix.AsyncFormName + "' instead of offloading the wait", _ => Task.FromResult(context.Document.WithSyntaxRoot(withAsyncForm)), AsyncFormKey),
                            diagnostic);
                    }

                    continue;
                }

                if (root != null && fix != null && Rewrite(root, diagnostic, fix) is { } newRoot)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create("Run the synchronous work inline", _ => Task.FromResult(context.Document.WithSyntaxRoot(newRoot)), EquivalenceKey),
                        diagnostic);
                }
            }
        }

        /// <summary>
        /// <c>Task.Run(() =&gt; Thread.Sleep(x))</c> → <c>Task.Delay(x)</c>, <c>Task.Run(() =&gt; gate.Wait(t))</c> →
        /// <c>gate.WaitAsync(t)</c>, in place (the await and any <c>ConfigureAwait</c> stay).
        /// </summary>
        private static SyntaxNode? AsyncForm(SyntaxNode root, Diagnostic diagnostic, AsyncOverSyncFix fix)
        {
            if (fix.AsyncFormName is not { } name
                || diagnostic.AdditionalLocations.Count != 1
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax run
                || root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax wait)
            {
                return null;
            }

            ExpressionSyntax receiver;
            if (fix.OnTask)
            {
                receiver = AwaitExpressions.TaskType();
            }
            else if (wait.Expression is MemberAccessExpressionSyntax access)
            {
                receiver = access.Expression.WithoutTrivia();
            }
            else
            {
                return null;
            }

            var call = InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, IdentifierName(name)), wait.ArgumentList.WithoutTrivia());
            return root.ReplaceNode(run, call.WithTriviaFrom(run));
        }

        private static SyntaxNode? Rewrite(SyntaxNode root, Diagnostic diagnostic, AsyncOverSyncFix fix)
        {
            if (fix.Kind != FixKinds.RunInline || diagnostic.AdditionalLocations.Count != 2)
            {
                return null;
            }

            var work = root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) as ExpressionSyntax;
            var awaitExpression = root.FindNode(diagnostic.AdditionalLocations[1].SourceSpan, getInnermostNodeForTie: true) as AwaitExpressionSyntax;
            var statement = awaitExpression?.FirstAncestorOrSelf<StatementSyntax>();
            if (work is null || awaitExpression is null || statement is null)
            {
                return null;
            }

            var call = fix.MethodGroup
                ? InvocationExpression(work.WithoutTrivia())
                : AwaitExpressions.Parenthesize(work.WithoutTrivia());
            var newStatement = statement.ReplaceNode(awaitExpression, call.WithTriviaFrom(awaitExpression));
            if (fix.CancellationToken is not { } token)
            {
                return root.ReplaceNode(statement, newStatement);
            }

            if (statement.Parent is not BlockSyntax)
            {
                return null; // no place for the cancellation check
            }

            var leading = statement.GetLeadingTrivia();
            var indentation = leading.Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse();
            var check = ExpressionStatement(InvocationExpression(MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    ParseExpression(token),
                    IdentifierName("ThrowIfCancellationRequested"))))
                .WithLeadingTrivia(leading)
                .WithTrailingTrivia(statement.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { } eol && eol.IsKind(SyntaxKind.EndOfLineTrivia) ? eol : ElasticCarriageReturnLineFeed);
            return root.ReplaceNode(statement, new SyntaxNode[] { check, newStatement.WithLeadingTrivia(indentation) });
        }
    }
}
