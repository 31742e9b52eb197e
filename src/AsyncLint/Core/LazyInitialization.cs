using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>
    /// Work that runs once per object (or per type), to fill a cache: <c>_config ??= Load()</c>; or code on a path where
    /// a member of the type was found empty — <c>if (_items is not null) return;</c>, <c>if (_result is null &amp;&amp;
    /// !_readFromFile)</c> — in a function that fills it (assigns the member a value other than <c>null</c>, or sets the
    /// <c>bool</c> flag it tested to <c>true</c>): Jellyfin's configuration manager, its live-TV timer store, its task
    /// history. Blocking there happens on the first access only (until the cache is reset), behind whatever member exposes
    /// the cache (often a property, which cannot become async): not the "blocks on every call" that a transitive chain
    /// reports. A flag tested the other way (<c>if (_dirty) { Save(); _dirty = false; }</c>) runs every time and counts.
    /// </summary>
    internal static class LazyInitialization
    {
        /// <summary>
        /// <paramref name="operation"/> is part of the value assigned to a member of the type by <c>??=</c>, or runs on a path
        /// where a member was found empty in a function that fills it.
        /// </summary>
        public static bool RunsOnce(IOperation operation)
        {
            var child = operation;
            for (var parent = operation.Parent; parent != null; child = parent, parent = parent.Parent)
            {
                if (parent is ICoalesceAssignmentOperation coalesce && child == coalesce.Value)
                {
                    return CachedMember(coalesce.Target) != null;
                }

                if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation or IBlockOperation)
                {
                    break;
                }
            }

            IOperation? body = null;
            foreach (var (condition, holds) in PathConditions.Enclosing(operation))
            {
                foreach (var (member, empty) in EmptyMembers(condition, holds))
                {
                    if (Fills(body ??= FunctionBody(operation), member, empty))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// The members a condition with value <paramref name="holds"/> shows empty: null (<c>m is null</c>, <c>m == null</c>,
        /// and the negations) or a <c>bool</c> flag that is false (<c>!m</c>), also through <c>&amp;&amp;</c> and <c>||</c>.
        /// </summary>
        private static IEnumerable<(ISymbol Member, object? Empty)> EmptyMembers(IOperation condition, bool holds)
        {
            condition = condition.WalkDownConversions()!;
            switch (condition)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return EmptyMembers(not.Operand, !holds);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both when holds:
                    return EmptyMembers(both.LeftOperand, true).Concat(EmptyMembers(both.RightOperand, true));
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } either when !holds:
                    return EmptyMembers(either.LeftOperand, false).Concat(EmptyMembers(either.RightOperand, false));
                case IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation negated } } isNot
                    when IsNull(negated.Value) && !holds && CachedMember(isNot.Value.WalkDownConversions()!) is { } notNullMember:
                    return new[] { (notNullMember, (object?)null) };
                case IIsPatternOperation { Pattern: IConstantPatternOperation constant } isNull
                    when IsNull(constant.Value) && holds && CachedMember(isNull.Value.WalkDownConversions()!) is { } nullMember:
                    return new[] { (nullMember, (object?)null) };
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary
                    when (binary.OperatorKind == BinaryOperatorKind.Equals) == holds
                         && (IsNull(binary.RightOperand) ? binary.LeftOperand : IsNull(binary.LeftOperand) ? binary.RightOperand : null) is { } tested
                         && CachedMember(tested.WalkDownConversions()!) is { } comparedMember:
                    return new[] { (comparedMember, (object?)null) };
                default:
                    return !holds && condition.Type?.SpecialType == SpecialType.System_Boolean && CachedMember(condition) is { } flag
                        ? new[] { (flag, (object?)false) }
                        : Enumerable.Empty<(ISymbol, object?)>();
            }
        }

        /// <summary>The function fills the member: assigns it something other than <c>null</c>, or sets the flag to <c>true</c>.</summary>
        private static bool Fills(IOperation? body, ISymbol member, object? empty)
        {
            if (body is null)
            {
                return false;
            }

            foreach (var descendant in body.Descendants())
            {
                if (descendant is IAssignmentOperation { Target: { } target, Value: { } value } assignment
                    && CachedMember(target) is { } assigned
                    && SymbolEqualityComparer.Default.Equals(assigned, member))
                {
                    var constant = value.WalkDownConversions()?.ConstantValue;
                    if (empty is bool ? constant is { HasValue: true, Value: true } : !(constant is { HasValue: true, Value: null }) || assignment is ICoalesceAssignmentOperation)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The body of the function the operation is in (stopping at a lambda or local function, as the path conditions do).</summary>
        private static IOperation? FunctionBody(IOperation operation)
        {
            IOperation? last = null;
            for (var current = operation; current != null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return current;
                }

                last = current;
            }

            return last;
        }

        /// <summary>A field or property of this instance, or a static one: a cache that outlives the call.</summary>
        private static ISymbol? CachedMember(IOperation target) => target switch
        {
            IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
            IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Arguments.IsEmpty: true } property => property.Property,
            _ => null,
        };

        private static bool IsNull(IOperation value) => value.WalkDownConversions()?.ConstantValue is { HasValue: true, Value: null };
    }
}
