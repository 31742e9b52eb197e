using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace AsyncLint.CodeFixes.Shared
{
    /// <summary>
    /// The inverse of <see cref="MakeAsync"/>: turns an <c>async</c> method, local function or lambda that never awaits
    /// into a non-async one with the same signature. Each <c>return x;</c> becomes <c>return Task.FromResult(x);</c>
    /// (<c>new ValueTask&lt;T&gt;(x)</c>), each <c>return;</c> and a reachable end become <c>return Task.CompletedTask;</c>,
    /// <c>await Task.CompletedTask;</c> statements go, and unless the body cannot throw it is wrapped in
    /// <c>try { … } catch (Exception ex) { return Task.FromException(ex); }</c> so exceptions still reach the caller
    /// through the task, as they did. Two steps, like MakeAsync: <see cref="TryPrepare"/> answers the semantic questions
    /// on the original tree, <see cref="Apply"/> is pure syntax, so nested functions compose in one edit.
    /// </summary>
    internal static class RemoveAsync
    {
        internal sealed class Plan
        {
            public Plan(TaskShape shape, TypeSyntax? resultType, bool endReachable, bool wrapExceptions, string exceptionName)
            {
                Shape = shape;
                ResultType = resultType;
                EndReachable = endReachable;
                WrapExceptions = wrapExceptions;
                ExceptionName = exceptionName;
            }

            public TaskShape Shape { get; }

            /// <summary>T of Task&lt;T&gt;/ValueTask&lt;T&gt;, as syntax.</summary>
            public TypeSyntax? ResultType { get; }

            public bool EndReachable { get; }

            public bool WrapExceptions { get; }

            public string ExceptionName { get; }

            /// <summary>Return expressions whose type is exactly T, so <c>Task.FromResult(x)</c> needs no type argument: mark them with <see cref="ExactlyTypedAnnotation"/>.</summary>
            public HashSet<SyntaxNode> ExactlyTyped { get; } = new HashSet<SyntaxNode>();
        }

        internal enum TaskShape
        {
            Task,
            TaskOfT,
            ValueTask,
            ValueTaskOfT,
        }

        /// <summary>Marks (in the original tree) a return value whose type is exactly the task's T.</summary>
        public static readonly SyntaxAnnotation ExactlyTypedAnnotation = new SyntaxAnnotation("AsyncLint.RemoveAsync.ExactlyTyped");

        private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.MinimallyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        /// <summary>Null when the function is not an async Task/ValueTask function this can rewrite.</summary>
        public static Plan? TryPrepare(SyntaxNode function, SemanticModel model, bool cannotThrow, CancellationToken cancellationToken)
        {
            var symbol = function is AnonymousFunctionExpressionSyntax
                ? model.GetSymbolInfo(function, cancellationToken).Symbol as IMethodSymbol
                : model.GetDeclaredSymbol(function, cancellationToken) as IMethodSymbol;
            if (symbol is not { IsAsync: true, ReturnType: INamedTypeSymbol returnType }
                || returnType.ContainingNamespace?.ToDisplayString() != "System.Threading.Tasks")
            {
                return null;
            }

            TaskShape shape;
            switch (returnType.Name)
            {
                case "Task":
                    shape = returnType.IsGenericType ? TaskShape.TaskOfT : TaskShape.Task;
                    break;
                case "ValueTask":
                    shape = returnType.IsGenericType ? TaskShape.ValueTaskOfT : TaskShape.ValueTask;
                    break;
                default:
                    return null;
            }

            var body = AsyncFunctionSyntax.Body(function);
            if (body is null)
            {
                return null;
            }

            var resultTypeSymbol = returnType.IsGenericType ? returnType.TypeArguments[0] : null;
            var resultType = resultTypeSymbol is null ? null : ParseTypeName(resultTypeSymbol.ToMinimalDisplayString(model, function.SpanStart, TypeFormat));
            var endReachable = body is BlockSyntax block
                && (block.Statements.Count == 0 || model.AnalyzeControlFlow(block.Statements.First(), block.Statements.Last()) is { Succeeded: true, EndPointIsReachable: true });
            var plan = new Plan(shape, resultType, endReachable, !cannotThrow, FreeName(function));
            if (resultTypeSymbol != null)
            {
                var values = body is ExpressionSyntax expression
                    ? new[] { expression }
                    : AsyncFunctionSyntax.OwnReturns(function).Where(r => r.Expression != null).Select(r => r.Expression!);
                foreach (var value in values)
                {
                    var type = model.GetTypeInfo(value, cancellationToken).Type;
                    if (type != null && type.Equals(resultTypeSymbol, SymbolEqualityComparer.IncludeNullability))
                    {
                        plan.ExactlyTyped.Add(value);
                    }
                }
            }

            return plan;
        }

        /// <summary>
        /// Plans the same rewrite for a synchronous method that is about to return <c>Task</c>/<c>Task&lt;T&gt;</c> without
        /// awaiting anything (a member of a hierarchy the make-async cascade converts): <c>return x;</c> →
        /// <c>return Task.FromResult(x);</c>, a reachable end → <c>return Task.CompletedTask;</c>. Exceptions are not
        /// wrapped: every caller the cascade writes awaits the call at once, so they surface where they did. Null when the
        /// function is async already, returns by reference, or returns a ref struct.
        /// </summary>
        public static Plan? TryPrepareTaskReturn(SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            if (model.GetDeclaredSymbol(function, cancellationToken) is not IMethodSymbol { IsAsync: false, ReturnsByRef: false, ReturnsByRefReadonly: false } symbol
                || symbol.ReturnType.IsRefLikeType
                || AsyncFunctionSyntax.Body(function) is not { } body)
            {
                return null;
            }

            var resultTypeSymbol = symbol.ReturnsVoid ? null : symbol.ReturnType;
            var resultType = resultTypeSymbol is null ? null : ParseTypeName(resultTypeSymbol.ToMinimalDisplayString(model, function.SpanStart, TypeFormat));
            var endReachable = body is BlockSyntax block
                && (block.Statements.Count == 0 || model.AnalyzeControlFlow(block.Statements.First(), block.Statements.Last()) is { Succeeded: true, EndPointIsReachable: true });
            var plan = new Plan(resultTypeSymbol is null ? TaskShape.Task : TaskShape.TaskOfT, resultType, endReachable && resultTypeSymbol is null, wrapExceptions: false, FreeName(function));
            if (resultTypeSymbol != null)
            {
                var values = body is ExpressionSyntax expression
                    ? new[] { expression }
                    : AsyncFunctionSyntax.OwnReturns(function).Where(r => r.Expression != null).Select(r => r.Expression!);
                foreach (var value in values)
                {
                    var type = model.GetTypeInfo(value, cancellationToken).Type;
                    if (type != null && type.Equals(resultTypeSymbol, SymbolEqualityComparer.IncludeNullability))
                    {
                        plan.ExactlyTyped.Add(value);
                    }
                }
            }

            return plan;
        }

        /// <summary>Rewrites <paramref name="function"/> (possibly already edited inside) following <paramref name="plan"/>.</summary>
        public static SyntaxNode Apply(SyntaxNode function, Plan plan)
        {
            var body = AsyncFunctionSyntax.Body(function)!;
            if (body is ExpressionSyntax expression)
            {
                var exact = expression.HasAnnotation(ExactlyTypedAnnotation);
                if (IsAwaitOfCompletedTask(expression))
                {
                    return WithExpressionBody(RemoveAsyncModifier(function), Completed(plan.Shape));
                }

                if (!plan.WrapExceptions && plan.ResultType != null)
                {
                    return WithExpressionBody(RemoveAsyncModifier(function), FromResult(plan, expression.WithoutTrivia(), exact).WithTriviaFrom(expression));
                }

                var statements = plan.ResultType is null
                    ? List(new StatementSyntax[] { ExpressionStatement(expression.WithoutTrivia()), ReturnStatement(Completed(plan.Shape)) })
                    : SingletonList<StatementSyntax>(ReturnStatement(FromResult(plan, expression.WithoutTrivia(), exact)));
                return WithBlockBody(RemoveAsyncModifier(function), Wrap(statements, plan));
            }

            var block = (BlockSyntax)body;
            var returns = AsyncFunctionSyntax.OwnReturns(function).ToList();
            var completedAwaits = block.DescendantNodes(n => !AsyncFunctionSyntax.IsFunction(n))
                .OfType<ExpressionStatementSyntax>()
                .Where(s => IsAwaitOfCompletedTask(s.Expression))
                .ToList();
            var removed = new SyntaxAnnotation();
            var newBlock = block.ReplaceNodes(
                returns.Cast<SyntaxNode>().Concat(completedAwaits),
                (original, current) => current is ReturnStatementSyntax ret
                    ? RewriteReturn(ret, plan)
                    : original.Parent is BlockSyntax ? current.WithAdditionalAnnotations(removed) : Block().WithTriviaFrom(current));
            newBlock = newBlock.RemoveNodes(newBlock.GetAnnotatedNodes(removed), SyntaxRemoveOptions.KeepNoTrivia) ?? newBlock;
            var newStatements = newBlock.Statements;
            if (plan.EndReachable)
            {
                newStatements = newStatements.Add(ReturnStatement(Completed(plan.Shape)).WithAdditionalAnnotations(Formatter.Annotation));
            }

            var finalBlock = plan.WrapExceptions
                ? Wrap(newStatements, plan).WithTriviaFrom(block)
                : newBlock.WithStatements(newStatements);
            return WithBlockBody(RemoveAsyncModifier(function), finalBlock);
        }

        /// <summary>Removes the <c>async</c> modifier, keeping the trivia in front of it.</summary>
        public static SyntaxNode RemoveAsyncModifier(SyntaxNode function)
        {
            switch (function)
            {
                case MethodDeclarationSyntax method:
                    return RemoveFromModifiers(method, method.Modifiers, (m, list) => m.WithModifiers(list), m => m.ReturnType, (m, t) => m.WithReturnType(t));
                case LocalFunctionStatementSyntax local:
                    return RemoveFromModifiers(local, local.Modifiers, (l, list) => l.WithModifiers(list), l => l.ReturnType, (l, t) => l.WithReturnType(t));
                case AnonymousFunctionExpressionSyntax lambda:
                    var index = lambda.Modifiers.IndexOf(SyntaxKind.AsyncKeyword);
                    if (index < 0)
                    {
                        return function;
                    }

                    var asyncToken = lambda.Modifiers[index];
                    var withoutAsync = lambda.WithModifiers(lambda.Modifiers.RemoveAt(index));
                    var first = withoutAsync.GetFirstToken();
                    return withoutAsync.ReplaceToken(first, first.WithLeadingTrivia(asyncToken.LeadingTrivia));
                default:
                    return function;
            }
        }

        private static TNode RemoveFromModifiers<TNode>(
            TNode node,
            SyntaxTokenList modifiers,
            System.Func<TNode, SyntaxTokenList, TNode> withModifiers,
            System.Func<TNode, TypeSyntax> returnType,
            System.Func<TNode, TypeSyntax, TNode> withReturnType)
            where TNode : SyntaxNode
        {
            var index = modifiers.IndexOf(SyntaxKind.AsyncKeyword);
            if (index < 0)
            {
                return node;
            }

            var asyncToken = modifiers[index];
            var newModifiers = modifiers.RemoveAt(index);
            if (index < newModifiers.Count)
            {
                newModifiers = newModifiers.Replace(newModifiers[index], newModifiers[index].WithLeadingTrivia(asyncToken.LeadingTrivia));
                return withModifiers(node, newModifiers);
            }

            var updated = withModifiers(node, newModifiers);
            return index == 0
                ? withReturnType(updated, returnType(updated).WithLeadingTrivia(asyncToken.LeadingTrivia))
                : updated;
        }

        private static StatementSyntax RewriteReturn(ReturnStatementSyntax ret, Plan plan)
        {
            if (ret.Expression is null)
            {
                return ret.WithExpression(Completed(plan.Shape)).WithReturnKeyword(ret.ReturnKeyword.WithTrailingTrivia(Space));
            }

            var exact = ret.Expression.HasAnnotation(ExactlyTypedAnnotation);
            return ret.WithExpression(FromResult(plan, ret.Expression.WithoutTrivia(), exact).WithTriviaFrom(ret.Expression));
        }

        private static BlockSyntax Wrap(SyntaxList<StatementSyntax> statements, Plan plan)
        {
            if (!plan.WrapExceptions)
            {
                return MultiLineBlock(statements);
            }

            var exception = IdentifierName(plan.ExceptionName);
            var tryStatement = TryStatement(
                MultiLineBlock(statements),
                SingletonList(CatchClause(
                    CatchDeclaration(QualifiedType("global::System.Exception"), Identifier(plan.ExceptionName)),
                    filter: null,
                    MultiLineBlock(SingletonList<StatementSyntax>(ReturnStatement(FromException(plan, exception)))))),
                @finally: null);
            return MultiLineBlock(SingletonList<StatementSyntax>(tryStatement));
        }

        /// <summary>A block the formatter lays out on several lines even inside a one-line lambda.</summary>
        private static BlockSyntax MultiLineBlock(SyntaxList<StatementSyntax> statements)
            => Block(
                Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(ElasticCarriageReturnLineFeed),
                List(statements.Select(s => s.WithTrailingTrivia(s.GetTrailingTrivia().Add(ElasticCarriageReturnLineFeed)))),
                Token(SyntaxKind.CloseBraceToken))
                .WithAdditionalAnnotations(Formatter.Annotation);

        private static ExpressionSyntax Completed(TaskShape shape)
            => shape == TaskShape.ValueTask
                ? ObjectCreationExpression(QualifiedType("global::System.Threading.Tasks.ValueTask")).WithArgumentList(ArgumentList())
                : MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AwaitExpressions.TaskType(), IdentifierName("CompletedTask"));

        private static ExpressionSyntax FromResult(Plan plan, ExpressionSyntax value, bool exactlyTyped)
        {
            if (plan.Shape == TaskShape.ValueTaskOfT)
            {
                return ObjectCreationExpression(GenericType("global::System.Threading.Tasks.ValueTask", plan.ResultType!))
                    .WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(value))));
            }

            SimpleNameSyntax name = exactlyTyped
                ? IdentifierName("FromResult")
                : GenericName(Identifier("FromResult"), TypeArgumentList(SingletonSeparatedList(plan.ResultType!)));
            return InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AwaitExpressions.TaskType(), name),
                ArgumentList(SingletonSeparatedList(Argument(value))));
        }

        private static ExpressionSyntax FromException(Plan plan, ExpressionSyntax exception)
        {
            SimpleNameSyntax name = plan.ResultType is null
                ? IdentifierName("FromException")
                : GenericName(Identifier("FromException"), TypeArgumentList(SingletonSeparatedList(plan.ResultType)));
            ExpressionSyntax faulted = InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AwaitExpressions.TaskType(), name),
                ArgumentList(SingletonSeparatedList(Argument(exception))));
            switch (plan.Shape)
            {
                case TaskShape.ValueTask:
                    return ObjectCreationExpression(QualifiedType("global::System.Threading.Tasks.ValueTask"))
                        .WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(faulted))));
                case TaskShape.ValueTaskOfT:
                    return ObjectCreationExpression(GenericType("global::System.Threading.Tasks.ValueTask", plan.ResultType!))
                        .WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(faulted))));
                default:
                    return faulted;
            }
        }

        private static TypeSyntax QualifiedType(string name)
            => ParseTypeName(name).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

        private static TypeSyntax GenericType(string name, TypeSyntax argument)
            => ParseTypeName(name + "<" + argument.ToString() + ">").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

        private static bool IsAwaitOfCompletedTask(ExpressionSyntax expression)
        {
            if (expression is not AwaitExpressionSyntax awaitExpression)
            {
                return false;
            }

            var operand = awaitExpression.Expression;
            if (operand is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure })
            {
                operand = configure.Expression;
            }

            return operand is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CompletedTask" };
        }

        private static SyntaxNode WithExpressionBody(SyntaxNode function, ExpressionSyntax expression) => function switch
        {
            MethodDeclarationSyntax method => method.WithExpressionBody(method.ExpressionBody!.WithExpression(expression)),
            LocalFunctionStatementSyntax local => local.WithExpressionBody(local.ExpressionBody!.WithExpression(expression)),
            LambdaExpressionSyntax lambda => lambda.WithExpressionBody(expression),
            _ => function,
        };

        private static SyntaxNode WithBlockBody(SyntaxNode function, BlockSyntax block)
        {
            switch (function)
            {
                case MethodDeclarationSyntax { ExpressionBody: { } } method:
                    return method.WithExpressionBody(null).WithSemicolonToken(default).WithBody(block.WithTrailingTrivia(method.SemicolonToken.TrailingTrivia));
                case MethodDeclarationSyntax method:
                    return method.WithBody(block);
                case LocalFunctionStatementSyntax { ExpressionBody: { } } local:
                    return local.WithExpressionBody(null).WithSemicolonToken(default).WithBody(block.WithTrailingTrivia(local.SemicolonToken.TrailingTrivia));
                case LocalFunctionStatementSyntax local:
                    return local.WithBody(block);
                case LambdaExpressionSyntax lambda:
                    return lambda.WithExpressionBody(null).WithBlock(block);
                case AnonymousMethodExpressionSyntax anonymous:
                    return anonymous.WithBlock(block);
                default:
                    return function;
            }
        }

        /// <summary>"ex", or "ex1", "ex2"… when the function already uses that name.</summary>
        private static string FreeName(SyntaxNode function)
        {
            var used = new HashSet<string>(function.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
            var name = "ex";
            for (var i = 1; used.Contains(name); i++)
            {
                name = "ex" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return name;
        }
    }
}
