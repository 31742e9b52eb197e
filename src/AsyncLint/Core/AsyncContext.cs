using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>The function (method, local function, lambda, anonymous method) that directly contains an operation.</summary>
    internal readonly struct EnclosingFunction
    {
        public EnclosingFunction(IMethodSymbol symbol, IOperation? functionOperation, bool isAsync, bool isAsyncCode, bool insideLock)
        {
            Symbol = symbol;
            FunctionOperation = functionOperation;
            IsAsync = isAsync;
            IsAsyncCode = isAsyncCode;
            InsideLock = insideLock;
        }

        /// <summary>The method, local function or lambda symbol.</summary>
        public IMethodSymbol Symbol { get; }

        /// <summary>The lambda or local-function operation, or null for a member body.</summary>
        public IOperation? FunctionOperation { get; }

        /// <summary>Carries the <c>async</c> modifier.</summary>
        public bool IsAsync { get; }

        /// <summary>
        /// Async code as the catalog defines it: an async function, or a non-async Task-returning
        /// method/local function/lambda whose body could become async without changing its signature.
        /// </summary>
        public bool IsAsyncCode { get; }

        /// <summary>The operation sits inside a <c>lock</c> statement of this function: <c>await</c> is not allowed there.</summary>
        public bool InsideLock { get; }

        /// <summary>Whether an <c>await</c> fix must also add <c>async</c> to the function.</summary>
        public bool NeedsAsyncModifier => !IsAsync;

        /// <summary>
        /// "async method 'LoadAsync'", "async lambda", "Task-returning method 'Load'", "ValueTask-returning local function
        /// 'Read'" (named by the awaitable it returns), "method 'Flush'" (synchronous code)…: for messages.
        /// </summary>
        public string Describe()
            => (IsAsync ? "async " : IsAsyncCode ? Symbol.ReturnType.Name + "-returning " : string.Empty) + DescribeFunction();

        /// <summary>"method 'Load'", "local function 'Read'", "lambda", "anonymous method": the function without its kind of return.</summary>
        public string DescribeFunction()
        {
            switch (Symbol.MethodKind)
            {
                case MethodKind.AnonymousFunction:
                    return FunctionOperation?.Syntax is AnonymousMethodExpressionSyntax ? "anonymous method" : "lambda";
                case MethodKind.LocalFunction:
                    return "local function '" + Symbol.Name + "'";
                default:
                    return "method '" + Symbol.Name + "'";
            }
        }
    }

    /// <summary>Answers "is this operation in async code?" (see ../shared/rules.md: a sync lambda nested in async code is not async code).</summary>
    internal static class AsyncContext
    {
        /// <summary>
        /// Finds the function that directly contains <paramref name="operation"/>. Returns false inside <c>nameof</c>,
        /// in field/property initializers and wherever no method symbol owns the code.
        /// </summary>
        public static bool TryGetEnclosingFunction(IOperation operation, ISymbol containingSymbol, KnownTypes types, out EnclosingFunction function)
        {
            var insideLock = false;
            IOperation? functionOperation = null;
            IMethodSymbol? symbol = null;
            for (var current = operation.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case INameOfOperation:
                        function = default;
                        return false;
                    case ILockOperation:
                        insideLock = true;
                        continue;
                    case IAnonymousFunctionOperation lambda:
                        functionOperation = lambda;
                        symbol = lambda.Symbol;
                        break;
                    case ILocalFunctionOperation local:
                        functionOperation = local;
                        symbol = local.Symbol;
                        break;
                    default:
                        continue;
                }

                break;
            }

            symbol ??= containingSymbol as IMethodSymbol;
            if (symbol is null)
            {
                function = default;
                return false;
            }

            function = new EnclosingFunction(symbol, functionOperation, symbol.IsAsync, IsAsyncCode(symbol, types), insideLock);
            return true;
        }

        /// <summary>
        /// Like <see cref="TryGetEnclosingFunction"/>, but code in a synchronous lambda that async code runs at once
        /// (<see cref="RunsAtOnce"/>) counts as that async function's code: <paramref name="inLambdaRunAtOnce"/> then tells
        /// that no <c>await</c> can be written at the operation itself.
        /// </summary>
        public static bool TryGetRunningFunction(IOperation operation, ISymbol containingSymbol, KnownTypes types, out EnclosingFunction function, out bool inLambdaRunAtOnce)
        {
            inLambdaRunAtOnce = false;
            if (!TryGetEnclosingFunction(operation, containingSymbol, types, out function))
            {
                return false;
            }

            if (!function.IsAsyncCode
                && function.FunctionOperation is IAnonymousFunctionOperation lambda
                && RunsAtOnce(lambda)
                && TryGetRunningFunction(lambda, containingSymbol, types, out var outer, out _)
                && outer.IsAsyncCode)
            {
                function = outer;
                inLambdaRunAtOnce = true;
            }

            return true;
        }

        /// <summary>
        /// A synchronous lambda the enclosing body runs at once, on its own thread (../shared/rules.md, "async code"): the
        /// delegate of <c>List&lt;T&gt;.ForEach</c> or <c>Array.ForEach</c>, or of a LINQ-to-objects operator whose query is
        /// materialized in the same expression (<c>ToList</c>, <c>ToArray</c>, <c>First</c>, <c>Any</c>, <c>Sum</c>, … or a
        /// <c>foreach</c> over it). Code in it is the enclosing function's code; an <c>await</c> cannot be added there.
        /// </summary>
        public static bool RunsAtOnce(IAnonymousFunctionOperation lambda)
        {
            if (lambda.Symbol.IsAsync)
            {
                return false;
            }

            if (lambda.InvocationTaking() is not { } invocation)
            {
                return false;
            }

            var method = invocation.TargetMethod;
            var container = method.ContainingType;
            if (method.Name == "ForEach" && container != null
                && ((container.Name == "List" && container.ContainingNamespace.IsNamespace("System.Collections.Generic"))
                    || (container.Name == "Array" && container.ContainingNamespace.IsNamespace("System"))))
            {
                return true;
            }

            return IsEnumerableOperator(method) && IsMaterializedAtOnce(invocation);
        }

        /// <summary>A System.Linq.Enumerable operator whose result is consumed in the same expression: by an operator that materializes, or a foreach.</summary>
        private static bool IsMaterializedAtOnce(IInvocationOperation invocation)
        {
            for (var current = invocation; ;)
            {
                if (!ReturnsSequence(current.TargetMethod))
                {
                    return true; // ToList, First, Any, Sum, Count, …: runs the lambdas now
                }

                var consumer = current.WalkUpConversions(out var child);
                if (consumer is IForEachLoopOperation loop && loop.Collection == child)
                {
                    return true;
                }

                if (consumer is IArgumentOperation { Parent: IInvocationOperation next } argument
                    && IsEnumerableOperator(next.TargetMethod)
                    && next.Arguments.Length > 0
                    && next.Arguments[0] == argument)
                {
                    current = next;
                    continue;
                }

                return false;
            }
        }

        private static bool IsEnumerableOperator(IMethodSymbol method)
            => method.ContainingType is { Name: "Enumerable" } type && type.ContainingNamespace.IsNamespace("System.Linq");

        private static bool ReturnsSequence(IMethodSymbol method)
            => method.ReturnType is INamedTypeSymbol { IsGenericType: true } returned
               && (returned.Name is "IEnumerable" or "IOrderedEnumerable" or "IGrouping" || returned.AllInterfaces.Any(i => i.Name == "IEnumerable" && i.IsGenericType))
               && method.Name is not ("ToList" or "ToArray" or "ToDictionary" or "ToHashSet" or "ToLookup");

        /// <summary>The async-code test for one function symbol.</summary>
        public static bool IsAsyncCode(IMethodSymbol symbol, KnownTypes types)
        {
            if (symbol.IsAsync)
            {
                return true;
            }

            switch (symbol.MethodKind)
            {
                case MethodKind.Ordinary:
                case MethodKind.LocalFunction:
                case MethodKind.AnonymousFunction:
                case MethodKind.ExplicitInterfaceImplementation:
                    return !symbol.ReturnsByRef && types.IsTaskLike(symbol.ReturnType);
                default:
                    return false;
            }
        }
    }
}
