using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncLint.Core
{
    /// <summary>
    /// Iterator methods (<c>yield return</c> in a method returning <c>IEnumerable</c>/<c>IEnumerator</c>): calling one runs
    /// none of its body; the body runs as the caller enumerates. Blocking inside it is not blocking at the call (Dapper's
    /// <c>ExecuteReaderSync</c>, handed back unbuffered to the caller of <c>QueryAsync</c>).
    /// </summary>
    internal static class Iterators
    {
        private static readonly ConditionalWeakTable<IMethodSymbol, object> Answers = new ConditionalWeakTable<IMethodSymbol, object>();
        private static readonly object Yes = new object();
        private static readonly object No = new object();

        public static bool IsIterator(IMethodSymbol method)
        {
            // Cheap first: only a method returning an enumerable or an enumerator can be one.
            if (method.IsAsync || !ReturnsEnumerable(method.ReturnType))
            {
                return false;
            }

            return Answers.GetValue(method, m => HasYield(m) ? Yes : No) == Yes;
        }

        private static bool ReturnsEnumerable(ITypeSymbol type)
            => type.OriginalDefinition.SpecialType is SpecialType.System_Collections_IEnumerable
                or SpecialType.System_Collections_Generic_IEnumerable_T
                or SpecialType.System_Collections_IEnumerator
                or SpecialType.System_Collections_Generic_IEnumerator_T;

        private static bool HasYield(IMethodSymbol method)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var body = reference.GetSyntax() switch
                {
                    BaseMethodDeclarationSyntax declaration => (SyntaxNode?)declaration.Body,
                    LocalFunctionStatementSyntax local => local.Body,
                    AccessorDeclarationSyntax accessor => accessor.Body,
                    _ => null,
                };
                if (body is null)
                {
                    continue;
                }

                foreach (var node in body.DescendantNodes(n => n is not AnonymousFunctionExpressionSyntax && n is not LocalFunctionStatementSyntax))
                {
                    if (node is YieldStatementSyntax)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
