using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncLint.Core
{
    /// <summary>
    /// "Can an awaited operation of this async function fault it?" An <c>async void</c> callback turns the fault of an
    /// awaited operation into a process crash, which a synchronous callback would not have; the rest of its code throws
    /// as a synchronous callback's would. When every <c>await</c> sits in a <c>try</c> that catches everything, or awaits
    /// a call to an async method of this compilation whose own awaits are caught the same way (Jellyfin's timer
    /// callbacks: <c>await SendChangeNotifications(…)</c>, which wraps each send in <c>try</c>/<c>catch (Exception)</c>),
    /// the failures of the asynchronous work are handled. Read from syntax, with the semantic model only to find the
    /// method an unguarded <c>await</c> calls; what cannot be shown counts as "may fault".
    /// </summary>
    internal static class GuardedAwaits
    {
        /// <summary>How deep awaited methods are followed.</summary>
        private const int MaxDepth = 3;

        public static bool AwaitedWorkCatchesFaults(IMethodSymbol method, Compilation compilation, CancellationToken cancellationToken)
            => CatchesFaults(method, compilation, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), depth: 0, cancellationToken);

        private static bool CatchesFaults(IMethodSymbol method, Compilation compilation, HashSet<IMethodSymbol> visited, int depth, CancellationToken cancellationToken)
        {
            var implementation = method.PartialImplementationPart ?? method;
            if (!visited.Add(implementation.OriginalDefinition))
            {
                return true; // a cycle: its awaits are being judged already
            }

            if (depth > MaxDepth || !implementation.IsAsync || Body(implementation, cancellationToken) is not { } body)
            {
                return false;
            }

            foreach (var node in body.DescendantNodes(n => n is not AnonymousFunctionExpressionSyntax && n is not LocalFunctionStatementSyntax))
            {
                cancellationToken.ThrowIfCancellationRequested();
                ExpressionSyntax? awaited;
                if (node is AwaitExpressionSyntax awaitExpression)
                {
                    awaited = awaitExpression.Expression;
                }
                else if (IsAwaitStatement(node))
                {
                    awaited = null; // await foreach / await using: the enumerator's or the resource's own work
                }
                else
                {
                    continue;
                }

                if (IsCaught(node, body))
                {
                    continue;
                }

                if (awaited is null
                    || Callee(awaited, compilation, cancellationToken) is not { } callee
                    || !CatchesFaults(callee, compilation, visited, depth + 1, cancellationToken))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The async method of this compilation, called directly (not overridable), whose task <paramref name="awaited"/> is.</summary>
        private static IMethodSymbol? Callee(ExpressionSyntax awaited, Compilation compilation, CancellationToken cancellationToken)
        {
            if (awaited is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: var configured } })
            {
                awaited = configured;
            }

            if (awaited is not InvocationExpressionSyntax invocation || !compilation.ContainsSyntaxTree(invocation.SyntaxTree))
            {
                return null;
            }

            var model = compilation.GetSemanticModel(invocation.SyntaxTree);
            return model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { IsAbstract: false, IsVirtual: false, IsExtern: false } callee
                   && (!callee.IsOverride || callee.IsSealed || callee.ContainingType.IsSealed)
                   && callee.ContainingType.TypeKind != TypeKind.Interface
                ? callee
                : null;
        }

        private static bool IsAwaitStatement(SyntaxNode node) => node switch
        {
            CommonForEachStatementSyntax loop => loop.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
            UsingStatementSyntax statement => statement.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
            LocalDeclarationStatementSyntax declaration => declaration.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword),
            _ => false,
        };

        /// <summary>The node is in the block of a <c>try</c> (inside <paramref name="body"/>) that catches everything.</summary>
        private static bool IsCaught(SyntaxNode node, SyntaxNode body)
        {
            var child = node;
            for (var parent = node.Parent; parent != null && child != body; child = parent, parent = parent.Parent)
            {
                if (parent is TryStatementSyntax guarded && child == guarded.Block && FunctionBodies.CatchesEverything(guarded))
                {
                    return true;
                }
            }

            return false;
        }

        private static SyntaxNode? Body(IMethodSymbol method, CancellationToken cancellationToken)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                switch (reference.GetSyntax(cancellationToken))
                {
                    case MethodDeclarationSyntax declaration:
                        return (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
                    case LocalFunctionStatementSyntax local:
                        return (SyntaxNode?)local.Body ?? local.ExpressionBody;
                }
            }

            return null;
        }
    }
}
