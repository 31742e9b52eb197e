using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>
    /// "Does this operation run only on a path that ends in a throw?" — <c>throw Break(e)</c>, <c>Break(e); throw;</c> in a
    /// catch, <c>Cleanup(); ThrowHelper.Fail();</c> before a <c>[DoesNotReturn]</c> call. Blocking there happens once, on
    /// the way out of a failed operation; ASYNC105 does not count it (docs/rules/ASYNC105.md, "One root, many callers").
    /// </summary>
    internal static class ErrorPaths
    {
        public static bool OnlyBeforeThrow(IOperation operation)
        {
            // Cheap first: most operations have no throw after them at any level, and then there is nothing to prove.
            if (!AnyThrowAfter(operation))
            {
                return false;
            }

            var child = operation;
            for (var parent = operation.Parent; parent != null; child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IThrowOperation:
                        return true;
                    case IBlockOperation block:
                        if (child != operation && MayLeave(child))
                        {
                            return false; // `if (Cancel()) continue;`: the statement itself may go elsewhere than the throw
                        }

                        switch (RestOfBlock(block, block.Operations.IndexOf(child)))
                        {
                            case Flow.Throws:
                                return true;
                            case Flow.MayLeave:
                                return false;
                        }

                        break; // falls through to what follows the block
                    case ILoopOperation:
                    case ISwitchOperation:
                    case ISwitchExpressionOperation:
                    case IAnonymousFunctionOperation:
                    case ILocalFunctionOperation:
                    case IMethodBodyBaseOperation:
                        return false;
                    case ITryOperation tryOperation when child == tryOperation.Finally:
                        return false;
                }
            }

            return false;
        }

        /// <summary>A throw encloses the operation, or a statement after it in an enclosing block always throws (top-level checks only).</summary>
        private static bool AnyThrowAfter(IOperation operation)
        {
            var child = operation;
            for (var parent = operation.Parent; parent != null; child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IThrowOperation:
                        return true;
                    case IBlockOperation block:
                        for (var i = block.Operations.IndexOf(child) + 1; i < block.Operations.Length; i++)
                        {
                            if (AlwaysThrows(block.Operations[i]))
                            {
                                return true;
                            }
                        }

                        break;
                    case IAnonymousFunctionOperation:
                    case ILocalFunctionOperation:
                    case IMethodBodyBaseOperation:
                        return false;
                }
            }

            return false;
        }

        /// <summary>Whether the statement always ends in a throw (a throw statement, a [DoesNotReturn] call, a block ending in one).</summary>
        public static bool AlwaysThrows(IOperation statement)
        {
            switch (statement)
            {
                case IThrowOperation:
                    return true;
                case IExpressionStatementOperation { Operation: var expression }:
                    return expression is IThrowOperation || (expression is IInvocationOperation invocation && DoesNotReturn(invocation.TargetMethod));
                case IBlockOperation block:
                    return block.Operations.Length > 0 && AlwaysThrows(block.Operations[block.Operations.Length - 1]);
                default:
                    return false;
            }
        }

        private static Flow RestOfBlock(IBlockOperation block, int index)
        {
            for (var i = index + 1; i < block.Operations.Length; i++)
            {
                var statement = block.Operations[i];
                if (AlwaysThrows(statement))
                {
                    return Flow.Throws;
                }

                if (MayLeave(statement))
                {
                    return Flow.MayLeave;
                }
            }

            return Flow.FallsThrough;
        }

        /// <summary>The statement may leave the enclosing block other than by a throw: return, break, continue, goto, yield.</summary>
        private static bool MayLeave(IOperation statement)
        {
            foreach (var operation in statement.DescendantsAndSelf())
            {
                if (operation is IReturnOperation || operation is IBranchOperation)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool DoesNotReturn(IMethodSymbol method)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass?.Name == "DoesNotReturnAttribute")
                {
                    return true;
                }
            }

            return false;
        }

        private enum Flow
        {
            FallsThrough,
            Throws,
            MayLeave,
        }
    }
}
