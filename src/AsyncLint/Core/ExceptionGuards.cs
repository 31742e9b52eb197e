using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncLint.Core
{
    /// <summary>
    /// Answers "can an exception leave this async void body?" for the event-handler reports of ASYNC301/302, whose
    /// message says that it crashes the process. A body that is one <c>try</c> whose catch takes every exception and
    /// does not throw again lets none escape, so the report would be untrue there.
    /// </summary>
    internal static class ExceptionGuards
    {
        /// <summary>A method or local function whose body is such a try.</summary>
        public static bool CatchesEverything(IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
        {
            var references = method.DeclaringSyntaxReferences;
            var declaration = references.Length == 1 ? references[0].GetSyntax(cancellationToken) : null;
            return declaration switch
            {
                MethodDeclarationSyntax m => CatchesEverything(m.Body),
                LocalFunctionStatementSyntax l => CatchesEverything(l.Body),
                _ => false,
            };
        }

        /// <summary>The body of a method, local function or lambda: a block whose only statement is such a try.</summary>
        public static bool CatchesEverything(SyntaxNode? body)
        {
            if (body is not BlockSyntax { Statements: { Count: 1 } statements } || statements[0] is not TryStatementSyntax tryStatement)
            {
                return false;
            }

            return tryStatement.Catches.Any(IsCatchAll);
        }

        /// <summary><c>catch</c> or <c>catch (Exception)</c>, without a filter, whose block rethrows nothing.</summary>
        private static bool IsCatchAll(CatchClauseSyntax clause)
        {
            if (clause.Filter != null)
            {
                return false;
            }

            var type = clause.Declaration?.Type;
            var catchesAll = type is null
                || (type is IdentifierNameSyntax { Identifier.ValueText: "Exception" })
                || (type is QualifiedNameSyntax { Right.Identifier.ValueText: "Exception", Left: IdentifierNameSyntax { Identifier.ValueText: "System" } or AliasQualifiedNameSyntax });
            return catchesAll
                && !clause.Block.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                    .Any(n => n.IsKind(SyntaxKind.ThrowStatement) || n.IsKind(SyntaxKind.ThrowExpression));
        }
    }
}
