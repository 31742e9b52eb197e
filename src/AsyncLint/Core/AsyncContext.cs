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

        /// <summary>"async method 'LoadAsync'", "async lambda", "Task-returning method 'Load'", "ValueTask-returning method 'DisposeAsync'"…: for messages.</summary>
        public string Describe()
        {
            var prefix = IsAsync ? "async " : (string.IsNullOrEmpty(Symbol.ReturnType.Name) ? "Task" : Symbol.ReturnType.Name) + "-returning ";
            switch (Symbol.MethodKind)
            {
                case MethodKind.AnonymousFunction:
                    return prefix + (FunctionOperation?.Syntax is AnonymousMethodExpressionSyntax ? "anonymous method" : "lambda");
                case MethodKind.LocalFunction:
                    return prefix + "local function '" + Symbol.Name + "'";
                default:
                    return prefix + "method '" + Symbol.Name + "'";
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
