using System;
using Microsoft.CodeAnalysis;

namespace AsyncLint.Core
{
    /// <summary>
    /// The reverse of <see cref="AsyncCounterparts"/>: the synchronous twin of an awaitable-returning method
    /// (<c>Unsubscribe</c> for <c>UnsubscribeAsync</c>), for synchronous code that calls the async one and drops its task.
    /// </summary>
    internal static class SynchronousCounterparts
    {
        /// <summary>
        /// A method named as <paramref name="asyncMethod"/> without its <c>Async</c> suffix, on the same type or a base type,
        /// as static as it, with the same parameters (the async one may add a trailing CancellationToken), whose result is
        /// not awaitable, not obsolete, and accessible from <paramref name="within"/>; or null.
        /// </summary>
        public static IMethodSymbol? Find(IMethodSymbol asyncMethod, INamedTypeSymbol? within, KnownTypes types)
        {
            var name = asyncMethod.Name;
            if (name.Length <= "Async".Length
                || !name.EndsWith("Async", StringComparison.Ordinal)
                || asyncMethod.MethodKind != MethodKind.Ordinary
                || asyncMethod.IsExtensionMethod
                || asyncMethod.ReducedFrom != null)
            {
                return null;
            }

            var syncName = name.Substring(0, name.Length - "Async".Length);
            for (var type = asyncMethod.ContainingType; type != null; type = type.BaseType)
            {
                foreach (var member in type.GetMembers(syncName))
                {
                    if (member is IMethodSymbol candidate
                        && candidate.MethodKind == MethodKind.Ordinary
                        && candidate.IsStatic == asyncMethod.IsStatic
                        && !types.IsTaskLike(candidate.ReturnType)
                        && !types.IsConfiguredAwaitable(candidate.ReturnType)
                        && SameParameters(candidate, asyncMethod, types)
                        && !types.IsObsolete(candidate)
                        && (within is null || types.Compilation.IsSymbolAccessibleWithin(candidate, within)))
                    {
                        return candidate;
                    }
                }
            }

            return null;
        }

        /// <summary>The async member takes the synchronous one's parameters (types and ref kinds), plus optionally a trailing CancellationToken.</summary>
        internal static bool SameParameters(IMethodSymbol sync, IMethodSymbol async, KnownTypes types)
        {
            var count = async.Parameters.Length;
            if (count == sync.Parameters.Length + 1 && types.IsCancellationToken(async.Parameters[count - 1].Type))
            {
                count--;
            }

            if (count != sync.Parameters.Length)
            {
                return false;
            }

            for (var i = 0; i < count; i++)
            {
                if (!SymbolEqualityComparer.Default.Equals(sync.Parameters[i].Type, async.Parameters[i].Type)
                    || sync.Parameters[i].RefKind != async.Parameters[i].RefKind)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
