using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    internal static class OperationHelpers
    {
        /// <summary>The root of the operation tree <paramref name="operation"/> is in: the body of its member (or initializer).</summary>
        public static IOperation RootOperation(this IOperation operation)
        {
            var root = operation;
            while (root.Parent != null)
            {
                root = root.Parent;
            }

            return root;
        }

        /// <summary>Skips implicit and explicit conversions and parentheses.</summary>
        public static IOperation? WalkDownConversions(this IOperation? operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        continue;
                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        continue;
                    default:
                        return operation;
                }
            }
        }

        /// <summary>The first ancestor that is not a conversion or parentheses.</summary>
        public static IOperation? WalkUpConversions(this IOperation operation, out IOperation child)
        {
            child = operation;
            var parent = operation.Parent;
            while (parent is IConversionOperation || parent is IParenthesizedOperation)
            {
                child = parent;
                parent = parent.Parent;
            }

            return parent;
        }

        /// <summary>The invocation a lambda is an argument of (<c>list.ForEach(x => …)</c>, <c>t.ContinueWith(a => …)</c>), through its delegate creation and conversions; or null.</summary>
        public static IInvocationOperation? InvocationTaking(this IAnonymousFunctionOperation lambda)
        {
            var parent = lambda.Parent;
            while (parent is IDelegateCreationOperation || parent is IConversionOperation)
            {
                parent = parent.Parent;
            }

            return parent is IArgumentOperation { Parent: IInvocationOperation invocation } ? invocation : null;
        }

        /// <summary>The value is discarded: the operation is the whole of an expression statement.</summary>
        public static bool IsDiscarded(this IOperation operation)
        {
            var parent = operation.WalkUpConversions(out _);
            return parent is IExpressionStatementOperation;
        }

        /// <summary>The local or parameter <paramref name="operation"/> reads (through conversions), or null.</summary>
        public static ISymbol? ReferencedVariable(this IOperation? operation) => operation.WalkDownConversions() switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };

        /// <summary>The value is dropped: a statement of its own (<c>X();</c>) or assigned to a discard (<c>_ = X();</c>).</summary>
        public static bool IsDroppedOrDiscarded(this IOperation operation)
        {
            var parent = operation.WalkUpConversions(out _);
            return parent is IExpressionStatementOperation
                || (parent is ISimpleAssignmentOperation { Target: IDiscardOperation } assignment && assignment.Parent is IExpressionStatementOperation);
        }

        /// <summary>A constant -1 (<c>Timeout.Infinite</c>) or <c>Timeout.InfiniteTimeSpan</c>: no timeout at all.</summary>
        public static bool IsInfiniteTimeout(this IOperation? operation)
        {
            operation = operation.WalkDownConversions();
            if (operation is null)
            {
                return false;
            }

            if (operation.ConstantValue.HasValue)
            {
                return operation.ConstantValue.Value is -1 or -1L;
            }

            return operation is IFieldReferenceOperation { Field: { IsStatic: true, Name: "InfiniteTimeSpan" } field }
                   && field.ContainingType?.Name == "Timeout";
        }

        /// <summary>A constant zero (0, 0L, TimeSpan.Zero): a poll, not a wait.</summary>
        public static bool IsZeroTimeout(this IOperation? operation)
        {
            operation = operation.WalkDownConversions();
            if (operation is null)
            {
                return false;
            }

            if (operation.ConstantValue.HasValue)
            {
                switch (operation.ConstantValue.Value)
                {
                    case int i: return i == 0;
                    case long l: return l == 0;
                    case uint u: return u == 0;
                    case double d: return d == 0;
                }
            }

            return operation is IFieldReferenceOperation field
                && field.Field.IsStatic
                && field.Field.Name == "Zero"
                && field.Field.ContainingType?.Name == "TimeSpan";
        }
    }
}
