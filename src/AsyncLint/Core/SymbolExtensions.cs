using System.Collections.Immutable;

namespace AsyncLint.Core
{
    internal static class SymbolExtensions
    {
        public static T? FirstOrDefaultSafe<T>(this ImmutableArray<T> items)
            where T : class
            => items.IsDefaultOrEmpty ? null : items[0];
    }
}
