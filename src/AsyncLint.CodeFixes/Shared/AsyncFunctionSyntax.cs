using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncLint.CodeFixes.Shared
{
    /// <summary>Syntax questions about functions: which function holds a node, is it async, where may <c>await</c> go.</summary>
    internal static class AsyncFunctionSyntax
    {
        /// <summary>The nearest method, local function, lambda or anonymous method around <paramref name="node"/>.</summary>
        public static SyntaxNode? EnclosingFunction(SyntaxNode node)
        {
            for (var current = node.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case AnonymousFunctionExpressionSyntax:
                    case LocalFunctionStatementSyntax:
                    case BaseMethodDeclarationSyntax:
                    case AccessorDeclarationSyntax:
                        return current;
                    case CompilationUnitSyntax:
                        return current; // top-level statements
                    case TypeDeclarationSyntax:
                        return null;
                }
            }

            return null;
        }

        public static bool IsAsync(SyntaxNode function) => function switch
        {
            AnonymousFunctionExpressionSyntax lambda => lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
            LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.AsyncKeyword),
            MethodDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.AsyncKeyword),
            CompilationUnitSyntax => true,
            _ => false,
        };

        /// <summary>
        /// Whether an <c>await</c> may replace <paramref name="node"/>: not in an unsafe context, a catch filter, a lock
        /// body, or a query clause (those are lambdas of their own).
        /// </summary>
        public static bool CanAwaitAt(SyntaxNode node)
        {
            for (var current = node.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case UnsafeStatementSyntax:
                    case CatchFilterClauseSyntax:
                    case LockStatementSyntax:
                    case QueryClauseSyntax:
                    case SelectOrGroupClauseSyntax:
                        return false;
                    case AnonymousFunctionExpressionSyntax:
                    case LocalFunctionStatementSyntax:
                    case BaseMethodDeclarationSyntax:
                    case AccessorDeclarationSyntax:
                        return !HasUnsafeModifier(current);
                }
            }

            return true;
        }

        private static bool HasUnsafeModifier(SyntaxNode function)
        {
            for (var current = function; current != null; current = current.Parent)
            {
                var modifiers = current switch
                {
                    MemberDeclarationSyntax member => member.Modifiers,
                    LocalFunctionStatementSyntax local => local.Modifiers,
                    _ => default,
                };
                if (modifiers.Any(SyntaxKind.UnsafeKeyword))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The return statements of <paramref name="function"/> itself, not of functions nested in it.</summary>
        public static IEnumerable<ReturnStatementSyntax> OwnReturns(SyntaxNode function)
        {
            var body = Body(function);
            if (body is null)
            {
                yield break;
            }

            foreach (var node in body.DescendantNodes(n => n == body || !IsFunction(n)))
            {
                if (node is ReturnStatementSyntax ret)
                {
                    yield return ret;
                }
            }
        }

        public static SyntaxNode? Body(SyntaxNode function) => function switch
        {
            AnonymousFunctionExpressionSyntax lambda => (SyntaxNode?)lambda.Block ?? lambda.ExpressionBody,
            LocalFunctionStatementSyntax local => (SyntaxNode?)local.Body ?? local.ExpressionBody?.Expression,
            BaseMethodDeclarationSyntax method => (SyntaxNode?)method.Body ?? method.ExpressionBody?.Expression,
            _ => null,
        };

        public static bool IsFunction(SyntaxNode node)
            => node is AnonymousFunctionExpressionSyntax || node is LocalFunctionStatementSyntax || node is BaseMethodDeclarationSyntax;
    }
}
