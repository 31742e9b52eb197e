using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>
    /// Work that runs once per object (or per type), to fill a cache: <c>_config ??= Load()</c>, or
    /// <c>if (_config is not null) return _config; … _config = Load();</c> (Jellyfin's configuration manager). Blocking
    /// there happens on the first access only, behind whatever member exposes the cache (often a property, which cannot
    /// become async): not the "blocks on every call" that a transitive chain reports.
    /// </summary>
    internal static class LazyInitialization
    {
        /// <summary>
        /// <paramref name="operation"/> is part of the value assigned to a field or property of the code's own type, by
        /// <c>??=</c> or by a plain assignment on a path where that member was tested to be null.
        /// </summary>
        public static bool RunsOnce(IOperation operation)
        {
            var child = operation;
            for (var parent = operation.Parent; parent != null; child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case ICoalesceAssignmentOperation coalesce when child == coalesce.Value:
                        return CachedMember(coalesce.Target) != null;
                    case ISimpleAssignmentOperation assignment when child == assignment.Value:
                        return CachedMember(assignment.Target) is { } member && TestedNull(assignment, member);
                    case IAnonymousFunctionOperation:
                    case ILocalFunctionOperation:
                    case IBlockOperation:
                    case IExpressionStatementOperation when parent.Parent is IBlockOperation:
                        return false;
                }
            }

            return false;
        }

        /// <summary>A field or property of this instance, or a static one: a cache that outlives the call.</summary>
        private static ISymbol? CachedMember(IOperation target) => target switch
        {
            IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
            IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Arguments.IsEmpty: true } property => property.Property,
            _ => null,
        };

        private static bool TestedNull(IOperation site, ISymbol member)
        {
            foreach (var (condition, holds) in PathConditions.Enclosing(site))
            {
                if (NullTest(condition, member) is { } trueWhenNull && trueWhenNull == holds)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>m is null</c>, <c>m == null</c> → true; <c>m is not null</c>, <c>m != null</c> → false; null for anything else.</summary>
        private static bool? NullTest(IOperation condition, ISymbol member)
        {
            condition = condition.WalkDownConversions()!;
            switch (condition)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return NullTest(not.Operand, member) is { } value ? !value : null;
                case IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation negated } } isNot
                    when IsNull(negated.Value) && Reads(isNot.Value, member):
                    return false;
                case IIsPatternOperation { Pattern: IConstantPatternOperation constant } isNull
                    when IsNull(constant.Value) && Reads(isNull.Value, member):
                    return true;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary
                    when (IsNull(binary.RightOperand) && Reads(binary.LeftOperand, member)) || (IsNull(binary.LeftOperand) && Reads(binary.RightOperand, member)):
                    return binary.OperatorKind == BinaryOperatorKind.Equals;
                default:
                    return null;
            }
        }

        private static bool IsNull(IOperation value) => value.WalkDownConversions()?.ConstantValue is { HasValue: true, Value: null };

        private static bool Reads(IOperation value, ISymbol member)
            => CachedMember(value.WalkDownConversions()!) is { } read && SymbolEqualityComparer.Default.Equals(read, member);
    }
}
