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

        /// <summary>
        /// Whether <paramref name="ns"/> is the namespace <paramref name="qualifiedName"/> ("System.Linq"): what
        /// <c>ns.ToDisplayString() == qualifiedName</c> answers, compared part by part without building the string (asked
        /// on hot paths, for every call of a method whose type has a given name).
        /// </summary>
        public static bool IsNamespace(this INamespaceSymbol? ns, string qualifiedName)
        {
            var end = qualifiedName.Length;
            for (var current = ns; current != null && !current.IsGlobalNamespace; current = current.ContainingNamespace)
            {
                if (end <= 0)
                {
                    return false;
                }

                var start = qualifiedName.LastIndexOf('.', end - 1) + 1;
                var name = current.Name;
                if (name.Length != end - start || string.CompareOrdinal(name, 0, qualifiedName, start, name.Length) != 0)
                {
                    return false;
                }

                if (start == 0)
                {
                    return current.ContainingNamespace is null || current.ContainingNamespace.IsGlobalNamespace;
                }

                end = start - 1;
            }

            return false;
        }
    }
}
