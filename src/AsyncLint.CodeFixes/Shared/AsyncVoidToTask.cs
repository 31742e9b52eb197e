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
    /// Turns <c>async void</c> methods and local functions into <c>async Task</c> ones and awaits their statement calls in
    /// callers that are already <c>async</c>, in every document of the solution (a caller left dropping the task would get
    /// the compiler's CS4014). A method that is used anywhere in the solution other than by calling it (a method group, a
    /// delegate) is left alone: the new signature would break that use. Every other call (in synchronous code, or where
    /// <c>await</c> is not allowed) keeps starting the work without waiting for it, as before, and says so:
    /// <c>_ = Save();</c> — a bare call of an <c>async</c> method would get CS4014.
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

        /// <summary>
        /// The calls to rewrite (<c>Await</c>: in async code; otherwise discarded with <c>_ =</c>), or null when the method
        /// is used in a way the change would break.
        /// </summary>
        public static async Task<List<(DocumentId Document, InvocationExpressionSyntax Call, bool Await)>?> CallersToAwaitAsync(Document document, SyntaxNode declaration, CancellationToken cancellationToken)
        {
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (model?.GetDeclaredSymbol(declaration, cancellationToken) is not IMethodSymbol symbol)
            {
                return null;
            }

            var callers = new List<(DocumentId, InvocationExpressionSyntax, bool)>();
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

                var awaits = invocation.Parent is ExpressionStatementSyntax
                            && AsyncFunctionSyntax.EnclosingFunction(invocation) is { } caller
                            && AsyncFunctionSyntax.IsAsync(caller)
                            && AsyncFunctionSyntax.CanAwaitAt(invocation);
                if (awaits || invocation.Parent is ExpressionStatementSyntax or ArrowExpressionClauseSyntax or LambdaExpressionSyntax)
                {
                    callers.Add((location.Document.Id, invocation, awaits));
                }
            }

            return callers;
        }

        /// <summary>Applies the change to every declaration in <paramref name="declarations"/> at once, and to their callers.</summary>
        public static async Task<Solution> ApplyAsync(Solution solution, IEnumerable<(Document Document, SyntaxNode Declaration)> declarations, CancellationToken cancellationToken)
        {
            var edits = new Dictionary<DocumentId, HashSet<SyntaxNode>>();
            var discarded = new HashSet<SyntaxNode>();
            foreach (var (document, declaration) in declarations.Distinct())
            {
                var callers = await CallersToAwaitAsync(document, declaration, cancellationToken).ConfigureAwait(false);
                if (callers is null)
                {
                    continue;
                }

                EditsIn(edits, document.Id).Add(declaration);
                foreach (var (caller, call, awaits) in callers)
                {
                    EditsIn(edits, caller).Add(call);
                    if (!awaits)
                    {
                        discarded.Add(call);
                    }
                }
            }

            // In document-id order, so that the result does not depend on the order of the findings.
            foreach (var pair in edits.OrderBy(e => e.Key.Id))
            {
                if (solution.GetDocument(pair.Key) is not { } document
                    || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
                {
                    continue;
                }

                root = root.ReplaceNodes(pair.Value, (original, current) => current switch
                {
                    MethodDeclarationSyntax method => method.WithReturnType(AwaitExpressions.TaskTypeName().WithTriviaFrom(method.ReturnType)),
                    LocalFunctionStatementSyntax local => local.WithReturnType(AwaitExpressions.TaskTypeName().WithTriviaFrom(local.ReturnType)),
                    InvocationExpressionSyntax invocation when discarded.Contains(original) => AwaitExpressions.Discard(invocation),
                    InvocationExpressionSyntax invocation => AwaitExpressions.Await(invocation),
                    _ => current,
                });
                solution = solution.WithDocumentSyntaxRoot(pair.Key, root);
            }

            return solution;
        }

        private static HashSet<SyntaxNode> EditsIn(Dictionary<DocumentId, HashSet<SyntaxNode>> edits, DocumentId document)
        {
            if (!edits.TryGetValue(document, out var nodes))
            {
                nodes = new HashSet<SyntaxNode>();
                edits.Add(document, nodes);
            }

            return nodes;
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
