using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncLint.Core
{
    /// <summary>
    /// Whether a file already writes <c>.ConfigureAwait(false)</c> (library style), so that the awaits a fix adds follow
    /// suit. One instance per compilation; each file is read once, and only when a fix is about to be offered in it.
    /// </summary>
    internal sealed class ConfigureAwaitStyle
    {
        private readonly ConcurrentDictionary<SyntaxTree, bool> files = new ConcurrentDictionary<SyntaxTree, bool>();

        public bool UsesConfigureAwaitFalse(SyntaxTree tree, CancellationToken cancellationToken)
            => files.GetOrAdd(tree, t =>
            {
                foreach (var node in t.GetRoot(cancellationToken).DescendantNodes())
                {
                    if (node is InvocationExpressionSyntax
                        {
                            Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" },
                            ArgumentList.Arguments: { Count: 1 } arguments,
                        }
                        && arguments[0].Expression.IsKind(SyntaxKind.FalseLiteralExpression))
                    {
                        return true;
                    }
                }

                return false;
            });
    }
}
