using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>
    /// Where a query comes from. EF Core's <c>ToListAsync</c>, <c>CountAsync</c>… work only on a queryable whose provider
    /// is asynchronous (a <c>DbSet</c> and the queries built on it); on <c>list.AsQueryable()</c> they throw
    /// <c>InvalidOperationException</c> at run time. A query counts as provider-backed unless one of the values it may be
    /// built on is an <c>AsQueryable()</c> over an in-memory sequence.
    /// </summary>
    internal static class QueryableOperators
    {
        private const int MaxDepth = 16;

        /// <summary><c>System.Linq.IQueryable</c>/<c>IQueryable&lt;T&gt;</c>/<c>IOrderedQueryable…</c>, or a type implementing it.</summary>
        public static bool IsQueryable(ITypeSymbol? type)
        {
            if (type is null)
            {
                return false;
            }

            if (IsQueryableInterface(type))
            {
                return true;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (IsQueryableInterface(implemented))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether the query <paramref name="receiver"/> may be built on <c>AsQueryable()</c> over an in-memory sequence:
        /// following query operators (<c>Where</c>, <c>Select</c>, <c>Include</c>…) down to their source, and each value
        /// a local may hold (<c>q = flag ? list.AsQueryable() : db.Items</c> may be in memory).
        /// </summary>
        public static bool MayBeInMemory(IOperation receiver) => MayBeInMemory(receiver, 0, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default));

        private static bool MayBeInMemory(IOperation? query, int depth, HashSet<ILocalSymbol> visited)
        {
            query = query.WalkDownConversions();
            if (query is null || depth > MaxDepth)
            {
                return false;
            }

            switch (query)
            {
                case IInvocationOperation { TargetMethod: { Name: "AsQueryable", IsExtensionMethod: true } } asQueryable when asQueryable.Arguments.Length > 0:
                    var source = asQueryable.Arguments[0].Value.WalkDownConversions();
                    return !IsQueryable(source?.Type) || MayBeInMemory(source, depth + 1, visited);
                case IInvocationOperation { TargetMethod.IsExtensionMethod: true } operatorCall when operatorCall.Arguments.Length > 0 && IsQueryable(operatorCall.TargetMethod.Parameters[0].Type):
                    return MayBeInMemory(operatorCall.Arguments[0].Value, depth + 1, visited);
                case IConditionalOperation conditional:
                    return MayBeInMemory(conditional.WhenTrue, depth + 1, visited) || MayBeInMemory(conditional.WhenFalse, depth + 1, visited);
                case ICoalesceOperation coalesce:
                    return MayBeInMemory(coalesce.Value, depth + 1, visited) || MayBeInMemory(coalesce.WhenNull, depth + 1, visited);
                case ILocalReferenceOperation local when visited.Add(local.Local):
                    var values = LocalValues.PossibleValues(local);
                    if (values is null)
                    {
                        return false;
                    }

                    foreach (var value in values)
                    {
                        if (MayBeInMemory(value, depth + 1, visited))
                        {
                            return true;
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }

        private static bool IsQueryableInterface(ITypeSymbol type)
            => type.Name is "IQueryable" or "IOrderedQueryable"
               && type.ContainingNamespace?.ToDisplayString() == "System.Linq";
    }
}
