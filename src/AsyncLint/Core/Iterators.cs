using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>
    /// Iterator methods (<c>yield return</c> in a method returning <c>IEnumerable</c>/<c>IEnumerator</c>): calling one runs
    /// none of its body; the body runs as the caller enumerates. Blocking inside it is not blocking at a call that only
    /// hands the sequence on (Dapper's <c>ExecuteReaderSync</c>, returned unbuffered to the caller of <c>QueryAsync</c>),
    /// but it is at a call enumerated at once: the collection of a <c>foreach</c> (Npgsql's <c>foreach (var entry in
    /// Entries)</c> over the pgpass file) or the source of a LINQ operator that materializes (<c>ToList</c>, <c>First</c>…).
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

        /// <summary>
        /// The sequence <paramref name="call"/> returns is enumerated where it is made: it is a <c>foreach</c>'s collection,
        /// or the source of a <c>System.Linq.Enumerable</c> operator whose result is not a deferred sequence.
        /// </summary>
        public static bool IsEnumeratedAtOnce(IOperation call)
        {
            var value = call;
            while (value.Parent is IConversionOperation or IParenthesizedOperation)
            {
                value = value.Parent;
            }

            switch (value.Parent)
            {
                case IForEachLoopOperation loop when loop.Collection == value:
                    return true;
                case IArgumentOperation { Parent: IInvocationOperation linq } argument
                    when argument.Parameter?.Ordinal == 0
                         && linq.TargetMethod.ContainingType?.ToDisplayString() == "System.Linq.Enumerable":
                    return !ReturnsEnumerable(linq.TargetMethod.ReturnType) && linq.TargetMethod.ReturnType.Name != "IOrderedEnumerable";
                default:
                    return false;
            }
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
