using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace AsyncLint.CodeFixes.Rules
{
    /// <summary>
    /// ASYNC302: <c>list.ForEach(async x => …);</c> / <c>Array.ForEach(a, async x => …);</c> → <c>foreach (var x in list) { … }</c>;
    /// <c>Parallel.ForEach(s, async x => …);</c> → <c>await Parallel.ForEachAsync(s, async (x, ct) => …);</c> (and
    /// <c>Parallel.For</c> → <c>ForAsync</c>). Adds <c>async</c> to the enclosing function where it lacks it.
    /// <c>new Thread(async () =&gt; …).Start();</c> → <c>_ = Task.Run(async () =&gt; …);</c>.
    /// <c>new Timer(async _ =&gt; …, …)</c> → the callback catches and traces its exceptions.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AsyncLambdaToVoidDelegateCodeFixProvider)), Shared]
    public sealed class AsyncLambdaToVoidDelegateCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIds.AsyncLambdaToVoidDelegate + ".AwaitEachItem";
        public const string TaskRunKey = RuleIds.AsyncLambdaToVoidDelegate + ".TaskRun";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.AsyncLambdaToVoidDelegate);

        public override FixAllProvider GetFixAllProvider()
            => FixAllProvider.Create(async (context, document, diagnostics) => context.CodeActionEquivalenceKey == TaskRunKey
                ? await TaskRunAsync(document, diagnostics.Where(IsTaskRun), context.CancellationToken).ConfigureAwait(false)
                : await AwaitFixEngine.FixAsync(document, diagnostics.Where(d => !IsTaskRun(d)), Rewrite, context.CancellationToken).ConfigureAwait(false));

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var diagnostic = context.Diagnostics[0];
            if (IsTaskRun(diagnostic))
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Use '_ = Task.Run(...)'", ct => TaskRunAsync(context.Document, new[] { diagnostic }, ct), TaskRunKey),
                    diagnostic);
                return Task.CompletedTask;
            }

            var fix = AsyncLambdaToVoidDelegateFix.From(diagnostic.Properties);
            var title = fix?.Kind switch
            {
                FixKinds.ParallelAsync => "Use await Parallel.ForEachAsync",
                FixKinds.TaskOverload => "Use '" + fix.Overload + "' with a Task-returning delegate",
                FixKinds.CatchInside => "Catch and trace exceptions inside the timer callback",
                _ => "Use foreach with await",
            };
            return AwaitFixEngine.RegisterAsync(context, title, EquivalenceKey, Rewrite);
        }

        private static bool IsTaskRun(Diagnostic diagnostic)
            => AsyncLambdaToVoidDelegateFix.From(diagnostic.Properties)?.Kind == FixKinds.TaskRun;

        /// <summary>
        /// <c>new Thread(async () =&gt; …).Start();</c> → <c>_ = Task.Run(async () =&gt; …);</c>, for each diagnostic; a thread
        /// kept in a local only to be started later (<c>var t = new Thread(…); … t.Start();</c>, the declaration being the
        /// diagnostic's second additional location) loses the declaration, and the start becomes the Task.Run.
        /// </summary>
        private static async Task<Document> TaskRunAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
            var starts = new HashSet<SyntaxNode>();
            foreach (var diagnostic in diagnostics)
            {
                if (AwaitFixEngine.FindTarget(root, diagnostic) is not ExpressionStatementSyntax start || !starts.Add(start))
                {
                    continue;
                }

                var declaration = diagnostic.AdditionalLocations.Count > 1 && diagnostic.AdditionalLocations[1].SourceTree == root.SyntaxTree
                    ? root.FindNode(diagnostic.AdditionalLocations[1].SourceSpan) as LocalDeclarationStatementSyntax
                    : null;
                var lambda = declaration is null ? LambdaOf(start.Expression) : LambdaOf(declaration.Declaration.Variables[0].Initializer?.Value);
                if (lambda is null)
                {
                    continue;
                }

                var run = InvocationExpression(
                    MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AwaitExpressions.TaskType(), IdentifierName("Run")),
                    ArgumentList(SingletonSeparatedList(Argument(lambda.WithoutTrivia()))));
                // The lambda keeps its own layout: it stays where it was, one call shorter.
                editor.ReplaceNode(start, start.WithExpression(AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, ParseExpression("_ "), Token(SyntaxKind.EqualsToken).WithTrailingTrivia(Space), run)
                    .WithLeadingTrivia(start.Expression.GetLeadingTrivia())));
                if (declaration != null)
                {
                    editor.RemoveNode(declaration, SyntaxRemoveOptions.KeepNoTrivia);
                }
            }

            return await ImportAdder.AddImportsAsync(document.WithSyntaxRoot(editor.GetChangedRoot()), Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The lambda of <c>new Thread(lambda).Start()</c>, or of <c>new Thread(lambda)</c>.</summary>
        private static ExpressionSyntax? LambdaOf(ExpressionSyntax? expression)
            => expression switch
            {
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: BaseObjectCreationExpressionSyntax created }, ArgumentList.Arguments.Count: 0 } => LambdaOf(created),
                BaseObjectCreationExpressionSyntax { ArgumentList.Arguments: { Count: 1 } arguments } => arguments[0].Expression,
                _ => null,
            };

        private static SyntaxNode? Rewrite(SyntaxNode target, Diagnostic diagnostic)
        {
            var fix = AsyncLambdaToVoidDelegateFix.From(diagnostic.Properties);
            switch (fix?.Kind)
            {
                case FixKinds.ForEachLoop:
                    return target is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax invocation } statement ? ForEachLoop(statement, invocation) : null;
                case FixKinds.ParallelAsync:
                    return target is InvocationExpressionSyntax call ? ParallelAsync(call, fix) : null;
                case FixKinds.TaskOverload:
                    return target is InvocationExpressionSyntax overloaded ? TaskOverload(overloaded, fix) : null;
                case FixKinds.CatchInside:
                    return target is AnonymousFunctionExpressionSyntax callback && fix.NewParameterName is { } name ? CatchInsideRewrite.Lambda(callback, name) : null;
                default:
                    return null;
            }
        }

        private static SyntaxNode? ForEachLoop(ExpressionStatementSyntax statement, InvocationExpressionSyntax invocation)
        {
            var arguments = invocation.ArgumentList.Arguments;
            ExpressionSyntax source;
            if (invocation.Expression is MemberAccessExpressionSyntax access && arguments.Count == 1)
            {
                source = access.Expression; // list.ForEach(body)
            }
            else if (arguments.Count == 2)
            {
                source = arguments[0].Expression; // Array.ForEach(array, body)
            }
            else
            {
                return null;
            }

            if (arguments.Last().Expression is not AnonymousFunctionExpressionSyntax lambda || !TryGetParameter(lambda, out var type, out var identifier))
            {
                return null;
            }

            BlockSyntax body;
            if (lambda.Block is { } block)
            {
                body = block.ReplaceNodes(
                    AsyncFunctionSyntax.OwnReturns(lambda),
                    (_, ret) => ContinueStatement().WithTriviaFrom(ret));
                if (body.Statements.LastOrDefault() is ContinueStatementSyntax last && !last.GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia)))
                {
                    body = body.WithStatements(body.Statements.RemoveAt(body.Statements.Count - 1));
                }
            }
            else if (lambda.ExpressionBody is { } expression)
            {
                body = Block(ExpressionStatement(expression.WithoutTrivia()));
            }
            else
            {
                return null;
            }

            return ForEachStatement(type, identifier, source.WithoutTrivia(), body)
                .WithTriviaFrom(statement)
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        private static bool TryGetParameter(AnonymousFunctionExpressionSyntax lambda, out TypeSyntax type, out SyntaxToken identifier)
        {
            ParameterSyntax? parameter = lambda switch
            {
                SimpleLambdaExpressionSyntax simple => simple.Parameter,
                ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 1 } parenthesized => parenthesized.ParameterList.Parameters[0],
                AnonymousMethodExpressionSyntax { ParameterList.Parameters.Count: 1 } method => method.ParameterList.Parameters[0],
                _ => null,
            };
            type = parameter?.Type?.WithoutTrivia() ?? IdentifierName("var");
            identifier = parameter?.Identifier.WithoutTrivia() ?? default;
            return parameter != null && parameter.Modifiers.Count == 0;
        }

        /// <summary><c>Register(async x =&gt; …)</c> → <c>[await] RegisterAsync(async (x, ct) =&gt; …)</c>, as the analyzer bound it.</summary>
        private static SyntaxNode? TaskOverload(InvocationExpressionSyntax invocation, AsyncLambdaToVoidDelegateFix fix)
        {
            if (fix.Overload is not { } name
                || fix.LambdaArgument < 0
                || fix.LambdaArgument >= invocation.ArgumentList.Arguments.Count
                || TaskDelegateOverloads.Rewrite(invocation, invocation.ArgumentList.Arguments[fix.LambdaArgument], name, fix.NewParameterName, TokenType()) is not { } call)
            {
                return null;
            }

            return fix.AwaitResult ? AwaitExpressions.Await(call.WithoutTrivia()).WithTriviaFrom(invocation) : call;
        }

        private static SyntaxNode? ParallelAsync(InvocationExpressionSyntax invocation, AsyncLambdaToVoidDelegateFix fix)
        {
            if (invocation.Expression is not MemberAccessExpressionSyntax access
                || invocation.ArgumentList.Arguments.Last().Expression is not AnonymousFunctionExpressionSyntax lambda
                || fix.NewParameterName is not { } name
                || WithTokenParameter(lambda, name) is not { } asyncBody)
            {
                return null;
            }

            var arguments = invocation.ArgumentList.Arguments;
            arguments = arguments.Replace(arguments.Last(), arguments.Last().WithExpression(asyncBody));
            if (fix.CancellationToken is { } token)
            {
                arguments = arguments.Insert(arguments.Count - 1, Argument(ParseExpression(token)));
            }

            var call = invocation
                .WithExpression(access.WithName(IdentifierName(access.Name.Identifier.ValueText + "Async")))
                .WithArgumentList(invocation.ArgumentList.WithArguments(arguments));
            return AwaitExpressions.Await(call.WithoutTrivia()).WithTriviaFrom(invocation);
        }

        /// <summary><c>async x => …</c> → <c>async (x, ct) => …</c>; a typed parameter gets a typed token.</summary>
        private static AnonymousFunctionExpressionSyntax? WithTokenParameter(AnonymousFunctionExpressionSyntax lambda, string name)
            => TaskDelegateOverloads.WithParameter(lambda, name, TokenType());

        /// <summary><c>global::System.Threading.CancellationToken</c>, shortened (with its using) by the simplifier.</summary>
        private static TypeSyntax TokenType()
            => ParseTypeName("global::System.Threading.CancellationToken").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
    }
}
