using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>
    /// Work that runs once per object (or per type), to fill a cache: <c>_config ??= Load()</c>; or code on a path where
    /// a member of the type was found empty — <c>if (_items is not null) return;</c>, <c>if (_result is null &amp;&amp;
    /// !_readFromFile)</c> — in a function that fills it (assigns the member a value other than <c>null</c>): Jellyfin's
    /// configuration manager, its live-TV timer store, its task history. Blocking there happens on the first access only
    /// (until the cache is reset), behind whatever member exposes the cache (often a property, which cannot become async):
    /// not the "blocks on every call" that a transitive chain reports. A <c>bool</c> flag is not a cache: <c>if (_closed)
    /// return; _closed = true; …</c> guards an action that recurs with each new state, and counts.
    /// </summary>
    internal static class LazyInitialization
    {
        /// <summary>
        /// <paramref name="operation"/> is part of the value assigned to a member of the type by <c>??=</c>, or runs on a path
        /// where a member was found empty in a function that fills it.
        /// </summary>
        public static bool RunsOnce(IOperation operation, CompilationContext shared)
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

            // Cheap first: most calls are on no path where a member was found empty, and then what the function fills
            // does not matter. Only then the members it fills (a walk of the whole function, once per function): asking
            // that first, for every call ASYNC105 records, was half of its collection time on Npgsql and Redis.
            HashSet<ISymbol>? filled = null;
            foreach (var (condition, holds) in PathConditions.Enclosing(operation))
            {
                foreach (var member in EmptyMembers(condition, holds))
                {
                    if (filled is null)
                    {
                        if (FunctionBody(operation) is not { } body || FilledBy(body, shared) is not { Count: > 0 } known)
                        {
                            return false;
                        }

                        filled = known;
                    }

                    if (filled.Contains(member))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// The members <paramref name="body"/> fills, computed once per function and compilation. Keyed by the body's
        /// syntax in the compilation's context: a weak table keyed by the operation tree took a lock and a GC handle per
        /// function, and kept the entries of every earlier compilation's trees for the collector to clear.
        /// </summary>
        private static HashSet<ISymbol> FilledBy(IOperation body, CompilationContext shared)
        {
            var cache = shared.FilledMembers;
            return cache.TryGetValue(body.Syntax, out var known) ? known : cache.GetOrAdd(body.Syntax, Filled(body));
        }

        /// <summary>What <see cref="Filled"/> returns for the many functions that fill nothing (never written to).</summary>
        private static readonly HashSet<ISymbol> NothingFilled = new HashSet<ISymbol>(SymbolEqualityComparer.Default);

        /// <summary>
        /// The members a condition with value <paramref name="holds"/> shows null (<c>m is null</c>, <c>m == null</c>, and the
        /// negations), also through <c>!</c>, <c>&amp;&amp;</c> and <c>||</c>.
        /// </summary>
        private static IEnumerable<ISymbol> EmptyMembers(IOperation condition, bool holds)
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
                    return new[] { notNullMember };
                case IIsPatternOperation { Pattern: IConstantPatternOperation constant } isNull
                    when IsNull(constant.Value) && holds && CachedMember(isNull.Value.WalkDownConversions()!) is { } nullMember:
                    return new[] { nullMember };
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary
                    when (binary.OperatorKind == BinaryOperatorKind.Equals) == holds
                         && (IsNull(binary.RightOperand) ? binary.LeftOperand : IsNull(binary.LeftOperand) ? binary.RightOperand : null) is { } tested
                         && CachedMember(tested.WalkDownConversions()!) is { } comparedMember:
                    return new[] { comparedMember };
                default:
                    // Not a bool flag: `if (_closed) return; _closed = true; Flush();` guards a one-time action per state
                    // (Npgsql's cancellation, StackExchange.Redis' log close), not a cache, and the action recurs.
                    return Enumerable.Empty<ISymbol>();
            }
        }

        /// <summary>
        /// The members the function fills: assigns something other than <c>null</c>, itself or through a method of its
        /// type that it calls on this instance (not virtually) (Squidex's repository: <c>if (_collection == null) InitializeAsync().Wait();</c>,
        /// where <c>InitializeAsync</c> calls <c>CreateCollection</c>, which assigns it).
        /// </summary>
        private static HashSet<ISymbol> Filled(IOperation body)
        {
            HashSet<ISymbol>? filled = null;
            HashSet<IMethodSymbol>? read = null;
            foreach (var descendant in body.Descendants())
            {
                if (descendant is IAssignmentOperation { Target: { } target, Value: { } value }
                    && CachedMember(target) is { } assigned
                    && value.WalkDownConversions()?.ConstantValue is not { HasValue: true, Value: null })
                {
                    (filled ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default)).Add(assigned);
                }
                else if (descendant is IInvocationOperation { Instance: IInstanceReferenceOperation, TargetMethod: { IsVirtual: false, IsAbstract: false, IsOverride: false } callee }
                         && callee.ContainingType is { } type)
                {
                    FilledThroughCalls(callee.OriginalDefinition, type.OriginalDefinition, depth: 0, ref filled, read ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default));
                }
            }

            return filled ?? NothingFilled;
        }

        /// <summary>
        /// The fields and properties of <paramref name="type"/> that <paramref name="method"/> assigns (read from its syntax,
        /// by name), and those the methods of the type it calls assign, two calls deep.
        /// </summary>
        private static void FilledThroughCalls(IMethodSymbol method, INamedTypeSymbol type, int depth, ref HashSet<ISymbol>? filled, HashSet<IMethodSymbol> read)
        {
            if (depth > 2 || method.DeclaringSyntaxReferences.Length != 1 || !read.Add(method))
            {
                return;
            }

            foreach (var node in method.DeclaringSyntaxReferences[0].GetSyntax().DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax assignment
                        when !assignment.Right.IsKind(SyntaxKind.NullLiteralExpression)
                             && AssignedName(assignment.Left) is { } name:
                        foreach (var member in type.GetMembers(name))
                        {
                            if (member is IFieldSymbol or IPropertySymbol)
                            {
                                (filled ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default)).Add(member);
                            }
                        }

                        break;
                    case InvocationExpressionSyntax { Expression: IdentifierNameSyntax called }:
                        foreach (var member in type.GetMembers(called.Identifier.ValueText))
                        {
                            if (member is IMethodSymbol next)
                            {
                                FilledThroughCalls(next, type, depth + 1, ref filled, read);
                            }
                        }

                        break;
                }
            }
        }

        /// <summary><c>x = …</c> or <c>this.x = …</c>: the name assigned, or null.</summary>
        private static string? AssignedName(ExpressionSyntax left) => left switch
        {
            IdentifierNameSyntax name => name.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var member } => member.Identifier.ValueText,
            _ => null,
        };

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
