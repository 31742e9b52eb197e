using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace AsyncLint.CodeFixes.Shared
{
    /// <summary>
    /// Turns a non-async Task-returning method, local function or lambda into an <c>async</c> one without changing its
    /// signature: adds the modifier and rewrites each <c>return</c> (<c>return Task.FromResult(x)</c> → <c>return x</c>,
    /// <c>return Task.CompletedTask</c> → <c>return</c>, <c>return task</c> → <c>return await task</c>).
    /// Works in two steps so that it composes with other edits: <see cref="TryPrepare"/> annotates the function and its
    /// returns in the original tree (semantic questions answered there), <see cref="Apply"/> rewrites the annotated
    /// nodes after the other edits are made.
    /// </summary>
    internal static class MakeAsync
    {
        private const string FunctionAnnotationKind = "AsyncLint.MakeAsync.Function";
        private const string ReturnAnnotationKind = "AsyncLint.MakeAsync.Return";
        private const string VoidToTaskAnnotationKind = "AsyncLint.MakeAsync.VoidToTask";
        private const string DroppedAnnotationKind = "AsyncLint.MakeAsync.Dropped";

        private const string CompletedReturn = "Completed";
        private const string ResultReturn = "Result";
        private const string OtherReturn = "Other";
        private const string AwaitStatementReturn = "AwaitStatement";

        /// <summary>A function the fix must make async, with the annotations to add in the original tree.</summary>
        internal sealed class Plan
        {
            public Plan(SyntaxNode function, bool isGeneric, string id)
            {
                Function = function;
                IsGeneric = isGeneric;
                Id = id;
            }

            public SyntaxNode Function { get; }

            /// <summary>Returns Task&lt;T&gt;/ValueTask&lt;T&gt; (a value), not Task/ValueTask.</summary>
            public bool IsGeneric { get; }

            public string Id { get; }

            public Dictionary<SyntaxNode, SyntaxAnnotation> Annotations { get; } = new Dictionary<SyntaxNode, SyntaxAnnotation>();
        }

        /// <summary>
        /// Checks that <paramref name="function"/> can become async with the same signature and plans the change;
        /// null when it cannot (ref/out/in parameters, a ref struct local, <c>return null</c>, not Task-like).
        /// </summary>
        public static Plan? TryPrepare(SyntaxNode function, SemanticModel model, string id, CancellationToken cancellationToken)
        {
            var symbol = function is AnonymousFunctionExpressionSyntax
                ? model.GetSymbolInfo(function, cancellationToken).Symbol as IMethodSymbol
                : model.GetDeclaredSymbol(function, cancellationToken) as IMethodSymbol;
            if (symbol is null || symbol.IsAsync || symbol.ReturnsVoid || symbol.ReturnsByRef || symbol.ReturnsByRefReadonly)
            {
                return null;
            }

            if (symbol.Parameters.Any(p => p.RefKind != RefKind.None) || !IsTaskLike(symbol.ReturnType))
            {
                return null;
            }

            var body = AsyncFunctionSyntax.Body(function);
            if (body is null || HasRefStructLocal(body, model, cancellationToken))
            {
                return null;
            }

            var isGeneric = symbol.ReturnType is INamedTypeSymbol { IsGenericType: true };
            var plan = new Plan(function, isGeneric, id);
            plan.Annotations[function] = new SyntaxAnnotation(FunctionAnnotationKind, id);

            if (body is ExpressionSyntax expressionBody)
            {
                var kind = Classify(expressionBody, isGeneric, model, cancellationToken);
                if (kind is null)
                {
                    return null;
                }

                plan.Annotations[expressionBody] = new SyntaxAnnotation(ReturnAnnotationKind, id + "|" + kind);
                return plan;
            }

            foreach (var ret in AsyncFunctionSyntax.OwnReturns(function))
            {
                if (ret.Expression is null)
                {
                    return null; // not valid in a non-async Task member; leave such code alone
                }

                var kind = Classify(ret.Expression, isGeneric, model, cancellationToken);
                if (kind is null || (kind == AwaitStatementReturn && !IsInTailPosition(ret, body)))
                {
                    return null; // "await e; return;" would need two statements where one stands
                }

                plan.Annotations[ret] = new SyntaxAnnotation(ReturnAnnotationKind, id + "|" + kind);
            }

            MarkDroppedAwaitables(plan, body, model, cancellationToken);
            return plan;
        }

        /// <summary>
        /// The statements of the function that drop an awaitable: once the function is async the compiler reports each
        /// (CS4014), where it was silent before. Unless the fix awaits it, such a statement becomes <c>_ = X();</c>: the
        /// task keeps running unawaited exactly as today, and the code says so. Awaiting it instead would change when the
        /// rest of the function runs and where the task's exception goes, which is the author's call, not this fix's.
        /// Not for a call of a method declared <c>async</c> (CS4014 reports it already), a conditional call (CS4014 does
        /// not), nor a statement in a <c>lock</c> or a nested function (its own context, which stays as it was).
        /// </summary>
        private static void MarkDroppedAwaitables(Plan plan, SyntaxNode body, SemanticModel model, CancellationToken cancellationToken)
        {
            if (body is not BlockSyntax)
            {
                return;
            }

            foreach (var node in body.DescendantNodes(n => n == body || !(AsyncFunctionSyntax.IsFunction(n) || n is LockStatementSyntax)))
            {
                if (node is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax invocation } statement
                    && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { IsAsync: false }
                    && model.GetTypeInfo(invocation, cancellationToken).Type is { } type
                    && IsAwaitable(type, invocation.SpanStart, model))
                {
                    plan.Annotations[statement] = new SyntaxAnnotation(DroppedAnnotationKind, plan.Id);
                }
            }
        }

        /// <summary>The type has a parameterless <c>GetAwaiter()</c> at the position, an extension one included: <c>await</c> binds.</summary>
        private static bool IsAwaitable(ITypeSymbol type, int position, SemanticModel model)
            => type.SpecialType != SpecialType.System_Void
               && model.LookupSymbols(position, type, "GetAwaiter", includeReducedExtensionMethods: true)
                   .OfType<IMethodSymbol>()
                   .Any(m => m.Parameters.IsEmpty);

        /// <summary>
        /// Plans <c>async</c> for a void method that may change safely (an event handler keeps <c>void</c>; a test method
        /// becomes <c>async Task</c> when <paramref name="toTask"/>); null when it has ref/out parameters or no body.
        /// </summary>
        public static Plan? TryPrepareVoid(SyntaxNode function, SemanticModel model, string id, bool toTask, CancellationToken cancellationToken)
        {
            if (function is not MethodDeclarationSyntax method
                || model.GetDeclaredSymbol(method, cancellationToken) is not { ReturnsVoid: true, IsAsync: false } symbol
                || symbol.Parameters.Any(p => p.RefKind != RefKind.None)
                || AsyncFunctionSyntax.Body(function) is not { } body
                || HasRefStructLocal(body, model, cancellationToken))
            {
                return null;
            }

            var plan = new Plan(function, isGeneric: false, id);
            plan.Annotations[function] = toTask
                ? new SyntaxAnnotation(VoidToTaskAnnotationKind, id)
                : new SyntaxAnnotation(FunctionAnnotationKind, id);
            MarkDroppedAwaitables(plan, body, model, cancellationToken);
            return plan;
        }

        /// <summary>Rewrites the annotated function (in its already-edited form) into an async one.</summary>
        public static SyntaxNode Apply(SyntaxNode function, string id)
        {
            var returns = new List<SyntaxNode>();
            foreach (var node in function.GetAnnotatedNodes(ReturnAnnotationKind))
            {
                foreach (var annotation in node.GetAnnotations(ReturnAnnotationKind))
                {
                    if (annotation.Data != null && annotation.Data.StartsWith(id + "|", System.StringComparison.Ordinal))
                    {
                        returns.Add(node);
                    }
                }
            }

            // A dropped awaitable the fix did not await (its expression is still the call) is discarded explicitly.
            var dropped = function.GetAnnotatedNodes(DroppedAnnotationKind)
                .Where(n => n.GetAnnotations(DroppedAnnotationKind).Any(a => a.Data == id))
                .OfType<ExpressionStatementSyntax>()
                .Where(statement => statement.Expression is InvocationExpressionSyntax);
            var rewritten = function.ReplaceNodes(
                returns.Concat(dropped),
                (original, current) => current is ExpressionStatementSyntax statement && original.HasAnnotations(DroppedAnnotationKind)
                    ? statement.WithExpression(AwaitExpressions.Discard(statement.Expression))
                    : RewriteReturn(current, KindOf(original, id)));
            rewritten = RemoveTrailingEmptyReturn(rewritten);
            if (rewritten.HasAnnotations(VoidToTaskAnnotationKind) && rewritten is MethodDeclarationSyntax method)
            {
                rewritten = method.WithReturnType(ParseTypeName("global::System.Threading.Tasks.Task")
                    .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation)
                    .WithTriviaFrom(method.ReturnType));
            }

            return AddAsyncModifier(rewritten);
        }

        /// <summary>Removes every plan's annotations once applied, so that a later edit of the same tree does not apply them again.</summary>
        public static SyntaxNode ClearPlans(SyntaxNode root)
        {
            var kinds = new[] { FunctionAnnotationKind, ReturnAnnotationKind, VoidToTaskAnnotationKind, DroppedAnnotationKind };
            var annotated = root.GetAnnotatedNodesAndTokens(FunctionAnnotationKind)
                .Concat(root.GetAnnotatedNodesAndTokens(ReturnAnnotationKind))
                .Concat(root.GetAnnotatedNodesAndTokens(VoidToTaskAnnotationKind))
                .Concat(root.GetAnnotatedNodesAndTokens(DroppedAnnotationKind))
                .Where(n => n.IsNode)
                .Select(n => n.AsNode()!)
                .Distinct()
                .ToList();
            return annotated.Count == 0 ? root : root.ReplaceNodes(annotated, (original, current) => current.WithoutAnnotations(current.GetAnnotations(kinds)));
        }

        public static bool IsPlanned(SyntaxNode node, out string? id)
        {
            var annotation = node.GetAnnotations(FunctionAnnotationKind).FirstOrDefault() ?? node.GetAnnotations(VoidToTaskAnnotationKind).FirstOrDefault();
            id = annotation?.Data;
            return annotation != null;
        }

        private static string KindOf(SyntaxNode node, string id)
        {
            foreach (var annotation in node.GetAnnotations(ReturnAnnotationKind))
            {
                if (annotation.Data != null && annotation.Data.StartsWith(id + "|", System.StringComparison.Ordinal))
                {
                    return annotation.Data.Substring(id.Length + 1);
                }
            }

            return OtherReturn;
        }

        private static SyntaxNode RewriteReturn(SyntaxNode node, string kind)
        {
            if (node is ExpressionSyntax expressionBody)
            {
                return kind == ResultReturn
                    ? ResultOf(expressionBody).WithTriviaFrom(expressionBody)
                    : AwaitExpressions.Await(expressionBody);
            }

            var ret = (ReturnStatementSyntax)node;
            switch (kind)
            {
                case CompletedReturn:
                    return ret.WithExpression(null).WithReturnKeyword(ret.ReturnKeyword.WithTrailingTrivia());
                case ResultReturn:
                    return ret.WithExpression(ResultOf(ret.Expression!).WithTriviaFrom(ret.Expression!));
                case AwaitStatementReturn:
                    // the last statement of a Task member: return e;  →  await e;
                    return ExpressionStatement(AwaitExpressions.Await(ret.Expression!)).WithTriviaFrom(ret);
                default:
                    return ret.Expression is null ? ret : ret.WithExpression(AwaitExpressions.Await(ret.Expression));
            }
        }

        private static SyntaxNode RemoveTrailingEmptyReturn(SyntaxNode function)
        {
            var body = AsyncFunctionSyntax.Body(function) as BlockSyntax;
            if (body is null || body.Statements.Count == 0)
            {
                return function;
            }

            if (body.Statements.Last() is ReturnStatementSyntax { Expression: null } last)
            {
                var newBody = body.WithStatements(body.Statements.RemoveAt(body.Statements.Count - 1));
                if (last.HasLeadingTrivia && last.GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia)))
                {
                    return function; // keep comments the user wrote
                }

                return function.ReplaceNode(body, newBody);
            }

            return function;
        }

        /// <summary>Adds <c>async</c>, moving the function's leading trivia in front of it when it becomes the first token.</summary>
        public static SyntaxNode AddAsyncModifier(SyntaxNode function)
        {
            var asyncToken = Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(Space);
            switch (function)
            {
                case MethodDeclarationSyntax method:
                    return method.Modifiers.Count > 0
                        ? method.AddModifiers(asyncToken)
                        : method.WithReturnType(method.ReturnType.WithoutLeadingTrivia())
                            .WithModifiers(TokenList(asyncToken.WithLeadingTrivia(method.ReturnType.GetLeadingTrivia())));
                case LocalFunctionStatementSyntax local:
                    return local.Modifiers.Count > 0
                        ? local.AddModifiers(asyncToken)
                        : local.WithReturnType(local.ReturnType.WithoutLeadingTrivia())
                            .WithModifiers(TokenList(asyncToken.WithLeadingTrivia(local.ReturnType.GetLeadingTrivia())));
                case AnonymousFunctionExpressionSyntax lambda:
                    var leading = lambda.GetLeadingTrivia();
                    var bare = lambda.WithoutLeadingTrivia();
                    if (bare is LambdaExpressionSyntax lambdaExpression && lambdaExpression.Modifiers.Count > 0)
                    {
                        return lambdaExpression.AddModifiers(asyncToken).WithLeadingTrivia(leading);
                    }

                    return bare switch
                    {
                        ParenthesizedLambdaExpressionSyntax p => p.WithAsyncKeyword(asyncToken).WithLeadingTrivia(leading),
                        SimpleLambdaExpressionSyntax s => s.WithAsyncKeyword(asyncToken).WithLeadingTrivia(leading),
                        AnonymousMethodExpressionSyntax a => a.WithAsyncKeyword(asyncToken).WithLeadingTrivia(leading),
                        _ => function,
                    };
                default:
                    return function;
            }
        }

        /// <summary>
        /// Whether nothing of the function runs after <paramref name="ret"/> but what a block exit runs anyway: it is the
        /// last statement of the body, or of a block, <c>using</c>, <c>try</c>/<c>catch</c> or <c>if</c>/<c>else</c>
        /// branch that is itself in tail position. There <c>return e;</c> may become <c>await e;</c>.
        /// </summary>
        private static bool IsInTailPosition(StatementSyntax ret, SyntaxNode body)
        {
            SyntaxNode current = ret;
            while (current != body)
            {
                var parent = current.Parent;
                switch (parent)
                {
                    case BlockSyntax block:
                        if (block.Statements.Count == 0 || block.Statements.Last() != current)
                        {
                            return false;
                        }

                        break;
                    case UsingStatementSyntax:
                    case TryStatementSyntax:
                    case CatchClauseSyntax:
                    case IfStatementSyntax:
                    case ElseClauseSyntax:
                        break;
                    default:
                        return false;
                }

                current = parent;
            }

            return true;
        }

        private static ExpressionSyntax ResultOf(ExpressionSyntax expression)
        {
            expression = Unparenthesize(expression);
            var arguments = expression switch
            {
                InvocationExpressionSyntax invocation => invocation.ArgumentList.Arguments,
                BaseObjectCreationExpressionSyntax creation => creation.ArgumentList?.Arguments ?? default,
                _ => default,
            };
            return arguments.Count == 1 ? arguments[0].Expression : expression;
        }

        /// <summary>The expression inside any number of parentheses.</summary>
        internal static ExpressionSyntax Unparenthesize(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }

            return expression;
        }

        /// <summary>Completed (return nothing), Result (return the value inside), Other (await it), or null (no safe rewrite).</summary>
        private static string? Classify(ExpressionSyntax expression, bool isGeneric, SemanticModel model, CancellationToken cancellationToken)
        {
            var bare = Unparenthesize(expression);
            if (bare.IsKind(SyntaxKind.NullLiteralExpression))
            {
                return null;
            }

            var operationType = model.GetTypeInfo(bare, cancellationToken).Type;
            if (bare.IsKind(SyntaxKind.DefaultLiteralExpression) || bare is DefaultExpressionSyntax)
            {
                // default(ValueTask) is a completed task; default(Task) is null.
                return !isGeneric && operationType is { IsValueType: true } ? CompletedReturn : null;
            }

            var symbol = model.GetSymbolInfo(bare, cancellationToken).Symbol;
            var containing = symbol?.ContainingType;
            var isTaskFamily = containing != null
                && containing.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks"
                && (containing.Name == "Task" || containing.Name == "ValueTask");
            if (isTaskFamily)
            {
                switch (symbol)
                {
                    case IPropertySymbol { Name: "CompletedTask", IsStatic: true } when !isGeneric:
                        return CompletedReturn;
                    case IMethodSymbol { Name: "FromResult", IsStatic: true, Parameters.Length: 1 } when isGeneric:
                        return ResultReturn;
                    case IMethodSymbol { MethodKind: MethodKind.Constructor, Parameters.Length: 0 } when !isGeneric:
                        return CompletedReturn;
                    case IMethodSymbol { MethodKind: MethodKind.Constructor, Parameters.Length: 1 } ctor when isGeneric
                        && ctor.Parameters[0].Type.Equals(((INamedTypeSymbol)ctor.ContainingType).TypeArguments[0], SymbolEqualityComparer.Default):
                        return ResultReturn;
                }
            }

            return isGeneric ? OtherReturn : AwaitStatementReturn;
        }

        private static bool IsTaskLike(ITypeSymbol type)
        {
            if (type.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks" && (type.Name == "Task" || type.Name == "ValueTask"))
            {
                return true;
            }

            return type.GetAttributes().Any(a => a.AttributeClass?.Name == "AsyncMethodBuilderAttribute");
        }

        private static bool HasRefStructLocal(SyntaxNode body, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (var node in body.DescendantNodes(n => !AsyncFunctionSyntax.IsFunction(n)))
            {
                if (node is StackAllocArrayCreationExpressionSyntax || node is ImplicitStackAllocArrayCreationExpressionSyntax)
                {
                    return true;
                }

                if (node is VariableDeclarationSyntax declaration
                    && model.GetTypeInfo(declaration.Type, cancellationToken).Type is { IsRefLikeType: true })
                {
                    return true;
                }
            }

            return false;
        }
    }
}
