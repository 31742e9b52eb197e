using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>Finds the CancellationToken a fix should forward: the one the enclosing code was given.</summary>
    internal static class CancellationTokens
    {
        /// <summary>
        /// The expression text of the token in scope at <paramref name="site"/>, or null: the single CancellationToken
        /// parameter of the nearest enclosing function that has any (a lambda sees its outer method's parameters unless
        /// it is static); with none, the <c>RequestAborted</c> token of a single ASP.NET Core <c>HttpContext</c> parameter.
        /// Ambiguity (two tokens) yields null: a fix must not guess.
        /// </summary>
        public static string? FindInScope(IOperation site, ISymbol containingSymbol, KnownTypes types)
        {
            if (types.CancellationToken is null)
            {
                return null;
            }

            for (var current = site.Parent; current != null; current = current.Parent)
            {
                IMethodSymbol? function = current switch
                {
                    IAnonymousFunctionOperation lambda => lambda.Symbol,
                    ILocalFunctionOperation local => local.Symbol,
                    _ => null,
                };
                if (function is null)
                {
                    continue;
                }

                if (FromParameters(function, types, out var found))
                {
                    return found;
                }

                if (function.IsStatic)
                {
                    return null;
                }
            }

            return containingSymbol is IMethodSymbol method && FromParameters(method, types, out var token) ? token : null;
        }

        /// <summary>True when the parameters decide the answer (one token found, or an ambiguity).</summary>
        private static bool FromParameters(IMethodSymbol function, KnownTypes types, out string? token)
        {
            token = null;
            var count = 0;
            string? httpContextToken = null;
            var httpContexts = 0;
            foreach (var parameter in function.Parameters)
            {
                if (types.IsCancellationToken(parameter.Type))
                {
                    count++;
                    token = EscapedName(parameter);
                }
                else if (parameter.Type.Name == "HttpContext" && parameter.Type.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.Http")
                {
                    httpContexts++;
                    httpContextToken = EscapedName(parameter) + ".RequestAborted";
                }
            }

            if (count == 1)
            {
                return true;
            }

            if (count > 1)
            {
                token = null;
                return true;
            }

            if (httpContexts == 1)
            {
                token = httpContextToken;
                return true;
            }

            return false;
        }

        private static string EscapedName(IParameterSymbol parameter)
            => SyntaxFacts.GetKeywordKind(parameter.Name) == SyntaxKind.None ? parameter.Name : "@" + parameter.Name;
    }
}
