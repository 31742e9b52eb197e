using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace AsyncLint.Core
{
    internal static class SymbolExtensions
    {
        public static T? FirstOrDefaultSafe<T>(this ImmutableArray<T> items)
            where T : class
            => items.IsDefaultOrEmpty ? null : items[0];

        /// <summary>Visible outside the assembly: public or protected, in types that are all public.</summary>
        public static bool IsPublicApi(this IMethodSymbol method)
        {
            var visible = method.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal;
            for (var type = method.ContainingType; visible && type != null; type = type.ContainingType)
            {
                visible = type.DeclaredAccessibility == Accessibility.Public;
            }

            return visible;
        }
    }
}
