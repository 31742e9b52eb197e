using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;

namespace AsyncLint.CodeFixes.Shared
{
    /// <summary>
    /// Turns <c>async void</c> methods and local functions of one document into <c>async Task</c> ones and awaits their
    /// statement calls in callers of the same document that are already <c>async</c>. A method that is used anywhere in
    /// the solution other than by calling it (a method group, a delegate) is left alone: the new signature would break
    /// that use. Callers in other documents keep compiling (they drop the task; ASYNC303 then points at them).
    /// </summary>
    internal static class AsyncVoidToTask
    {
        /// <summary>The method or local function declaring the identifier at <paramref name="span"/>, if it is async void.</summary>
        public static SyntaxNode? FindDeclaration(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
        {
            var token = root.FindToken(span.Start);
            return token.Parent switch
            {
                MethodDeclarationSyntax method when method.Identifier == token && IsVoid(method.ReturnType) => method,
                LocalFunctionStatementSyntax local when local.Identifier == token && IsVoid(local.ReturnType) => local,
                _ => null,
            };
        }

        /// <summary>The statement calls to await, or null when the method is used in a way the change would break.</summary>
        public static async Task<List<InvocationExpressionSyntax>?> CallersToAwaitAsync(Document document, SyntaxNode declaration, CancellationToken cancellationToken)
        {
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (model?.GetDeclaredSymbol(declaration, cancellationToken) is not IMethodSymbol symbol)
            {
                return null;
            }

            var callers = new List<InvocationExpressionSyntax>();
            var references = await SymbolFinder.FindReferencesAsync(symbol, document.Project.Solution, cancellationToken).ConfigureAwait(false);
            foreach (var location in references.SelectMany(r => r.Locations))
            {
                if (location.IsImplicit || location.IsCandidateLocation)
                {
                    return null;
                }

                var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var node = root?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                if (node is null || IsInNameOf(node))
                {
                    continue;
                }

                var invocation = InvocationOf(node);
                if (invocation is null)
                {
                    return null;
                }

                if (location.Document.Id == document.Id
                    && invocation.Parent is ExpressionStatementSyntax
                    && AsyncFunctionSyntax.EnclosingFunction(invocation) is { } caller
                    && AsyncFunctionSyntax.IsAsync(caller)
                    && AsyncFunctionSyntax.CanAwaitAt(invocation))
                {
                    callers.Add(invocation);
                }
            }

            return callers;
        }

        /// <summary>Applies the change to every declaration in <paramref name="declarations"/> (all of one document) at once.</summary>
        public static async Task<Document> ApplyAsync(Document document, IEnumerable<SyntaxNode> declarations, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var edits = new HashSet<SyntaxNode>();
            foreach (var declaration in declarations.Distinct())
            {
                var callers = await CallersToAwaitAsync(document, declaration, cancellationToken).ConfigureAwait(false);
                if (callers is null)
                {
                    continue;
                }

                edits.Add(declaration);
                edits.UnionWith(callers);
            }

            if (edits.Count == 0)
            {
                return document;
            }

            root = root.ReplaceNodes(edits, (original, current) => current switch
            {
                MethodDeclarationSyntax method => method.WithReturnType(AwaitExpressions.TaskTypeName().WithTriviaFrom(method.ReturnType)),
                LocalFunctionStatementSyntax local => local.WithReturnType(AwaitExpressions.TaskTypeName().WithTriviaFrom(local.ReturnType)),
                InvocationExpressionSyntax invocation => AwaitExpressions.Await(invocation),
                _ => current,
            });
            return document.WithSyntaxRoot(root);
        }

        private static bool IsVoid(TypeSyntax type) => type is PredefinedTypeSyntax predefined && predefined.Keyword.IsKind(SyntaxKind.VoidKeyword);

        /// <summary>The call whose target is <paramref name="name"/> (<c>Save()</c>, <c>this.Save()</c>, <c>x?.Save()</c>), or null.</summary>
        private static InvocationExpressionSyntax? InvocationOf(SyntaxNode name)
        {
            var expression = name;
            if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name
                || name.Parent is MemberBindingExpressionSyntax binding && binding.Name == name)
            {
                expression = name.Parent;
            }

            return expression.Parent is InvocationExpressionSyntax invocation && invocation.Expression == expression ? invocation : null;
        }

        private static bool IsInNameOf(SyntaxNode node)
            => node.Ancestors().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" });
    }
}
