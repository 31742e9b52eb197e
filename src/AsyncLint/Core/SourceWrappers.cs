using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncLint.Core
{
    /// <summary>Recognizes fake async members declared in source: they await nothing and call their synchronous twin.</summary>
    internal static class SourceWrappers
    {
        /// <summary>
        /// <paramref name="method"/> is declared in source, awaits nothing, and calls a method named
        /// <paramref name="syncName"/> (<c>=> Task.FromResult(Get())</c>, <c>Task.Run(() => Get())</c>,
        /// <c>{ Dispose(); return default; }</c>): calling it instead of the synchronous member changes nothing.
        /// Syntax only, so it is safe to ask about a member of another file.
        /// </summary>
        public static bool CallsWithoutAwaiting(IMethodSymbol method, string syncName)
        {
            var callsSync = false;
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                foreach (var node in reference.GetSyntax().DescendantNodes())
                {
                    if (node is AwaitExpressionSyntax)
                    {
                        return false;
                    }

                    if (node is InvocationExpressionSyntax call && InvokedName(call) == syncName)
                    {
                        callsSync = true;
                    }
                }
            }

            return callsSync;
        }

        private static string? InvokedName(InvocationExpressionSyntax call) => call.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };
    }
}
