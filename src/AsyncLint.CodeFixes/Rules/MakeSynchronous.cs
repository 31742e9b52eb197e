using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncLint.CodeFixes.Shared;
using AsyncLint.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Rename;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace AsyncLint.CodeFixes.Rules
{
    /// <summary>
    /// ASYNC401 "Make synchronous" for a fake-async wrapper: <c>Task&lt;int&gt; ComputeAsync(int x) =&gt; Task.Run(() =&gt; Compute(x));</c>
    /// becomes <c>int Compute…(int x) =&gt; Compute(x);</c>, every <c>await ComputeAsync(…)</c> in the solution becomes the
    /// plain call, and so does every wait on it (<c>.GetAwaiter().GetResult()</c>, <c>.Result</c>, <c>.Wait()</c> as a
    /// statement), and the <c>Async</c> suffix is dropped when the analyzer allowed it and the name is free. Offered only
    /// when every reference is such an await or wait: anything else (a stored task, a method group) would not compile.
    /// </summary>
    internal static class MakeSynchronous
    {
        private static readonly SyntaxAnnotation DeclarationAnnotation = new SyntaxAnnotation("AsyncLint.MakeSynchronous");

        public static async Task<Solution?> TryCreateAsync(Document document, SyntaxNode root, Diagnostic diagnostic, AsyncOverSyncFix fix, CancellationToken cancellationToken)
        {
            if (diagnostic.AdditionalLocations.Count != 1
                || root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax work
                || work.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } declaration)
            {
                return null;
            }

            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (model?.GetDeclaredSymbol(declaration, cancellationToken) is not IMethodSymbol method || method.ReturnType is not INamedTypeSymbol returnType)
            {
                return null;
            }

            // 1. Every reference must be "await M(...)" (optionally .ConfigureAwait(...)), or a wait on it, outside the method itself.
            var solution = document.Project.Solution;
            var edits = new Dictionary<DocumentId, List<(SyntaxNode Await, ExpressionSyntax Call)>>();
            foreach (var referenced in await SymbolFinder.FindReferencesAsync(method, solution, cancellationToken).ConfigureAwait(false))
            {
                foreach (var location in referenced.Locations)
                {
                    if (location.IsImplicit || location.IsCandidateLocation)
                    {
                        return null;
                    }

                    var referenceRoot = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                    var name = referenceRoot?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                    if (name is null || AwaitedCall(name) is not { } awaited
                        || (location.Document.Id == document.Id && declaration.Span.Contains(name.Span)))
                    {
                        return null;
                    }

                    if (!edits.TryGetValue(location.Document.Id, out var list))
                    {
                        edits[location.Document.Id] = list = new List<(SyntaxNode, ExpressionSyntax)>();
                    }

                    list.Add(awaited);
                }
            }

            // An async caller must keep an await: one whose only awaits are these would be left async with none (CS1998, ASYNC404).
            if (!EveryAsyncCallerKeepsAnAwait(edits.Values.SelectMany(list => list).Select(e => e.Await)))
            {
                return null;
            }

            // 2. The declaration: synchronous return type, no async, the work as its body.
            var call = fix.MethodGroup
                ? InvocationExpression(work.WithoutTrivia())
                : work.WithoutTrivia();
            if (!returnType.IsGenericType && call is not (InvocationExpressionSyntax or AssignmentExpressionSyntax or BaseObjectCreationExpressionSyntax))
            {
                return null; // a void method's body must be a statement expression
            }
            var newDeclaration = Rewrite(declaration, returnType, call, model).WithAdditionalAnnotations(DeclarationAnnotation);

            // 3. Apply per document (the declaration's document too).
            if (!edits.ContainsKey(document.Id))
            {
                edits[document.Id] = new List<(SyntaxNode, ExpressionSyntax)>();
            }

            foreach (var pair in edits)
            {
                var target = solution.GetDocument(pair.Key)!;
                var targetRoot = (await target.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
                var replacements = pair.Value.ToDictionary(e => e.Await, e => (SyntaxNode)e.Call.WithTriviaFrom(e.Await));
                if (pair.Key == document.Id)
                {
                    replacements[declaration] = newDeclaration;
                }

                targetRoot = targetRoot.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
                solution = solution.WithDocumentSyntaxRoot(pair.Key, targetRoot);
            }

            // 4. Drop the Async suffix when allowed and the name is free.
            if (fix.Rename is { } newName
                && method.ContainingType.GetMembers(newName).IsEmpty)
            {
                var newDocument = solution.GetDocument(document.Id)!;
                var newRoot = await newDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var newModel = await newDocument.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                var annotated = newRoot?.GetAnnotatedNodes(DeclarationAnnotation).FirstOrDefault();
                if (annotated != null && newModel?.GetDeclaredSymbol(annotated, cancellationToken) is { } newSymbol)
                {
                    solution = await Renamer.RenameSymbolAsync(solution, newSymbol, default(SymbolRenameOptions), newName, cancellationToken).ConfigureAwait(false);
                }
            }

            return solution;
        }

        private static bool EveryAsyncCallerKeepsAnAwait(IEnumerable<SyntaxNode> removed)
        {
            var removedPerFunction = new Dictionary<SyntaxNode, int>();
            foreach (var node in removed)
            {
                if (node is AwaitExpressionSyntax && EnclosingFunction(node) is { } function)
                {
                    removedPerFunction[function] = removedPerFunction.TryGetValue(function, out var count) ? count + 1 : 1;
                }
            }

            foreach (var pair in removedPerFunction)
            {
                var awaits = pair.Key.DescendantNodes().Count(n =>
                    (n is AwaitExpressionSyntax
                     || n is CommonForEachStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }
                     || n is UsingStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }
                     || n is LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword })
                    && EnclosingFunction(n) == pair.Key);
                if (awaits <= pair.Value)
                {
                    return false;
                }
            }

            return true;
        }

        private static SyntaxNode? EnclosingFunction(SyntaxNode node)
            => node.Ancestors().FirstOrDefault(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax);

        /// <summary>
        /// For the name in <c>await x.M(a).ConfigureAwait(false)</c> (or a wait on it): the await expression (the wait) and <c>x.M(a)</c>.
        /// </summary>
        private static (SyntaxNode Await, ExpressionSyntax Call)? AwaitedCall(SyntaxNode name)
        {
            SyntaxNode node = name;
            if (node.Parent is MemberAccessExpressionSyntax access && access.Name == node)
            {
                node = access;
            }

            if (node.Parent is not InvocationExpressionSyntax invocation || invocation.Expression != node)
            {
                return null;
            }

            SyntaxNode outer = invocation;
            if (outer.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure
                && configure.Parent is InvocationExpressionSyntax configured)
            {
                outer = configured;
            }

            while (outer.Parent is ParenthesizedExpressionSyntax parenthesized)
            {
                outer = parenthesized;
            }

            if (outer.Parent is AwaitExpressionSyntax awaitExpression)
            {
                return (awaitExpression, AwaitExpressions.Parenthesize(invocation));
            }

            return WaitedOn(outer) is { } wait ? (wait, AwaitExpressions.Parenthesize(invocation)) : null;
        }

        /// <summary>
        /// The wait on <paramref name="task"/> that blocks until it completes: <c>task.GetAwaiter().GetResult()</c>,
        /// <c>task.Result</c>, or <c>task.Wait()</c> as a statement. Once the work runs inline, the plain call is what the
        /// wait returned (thrown directly where <c>Result</c> and <c>Wait</c> wrapped it in an AggregateException, as the
        /// await fixes of ASYNC101/104 change it too).
        /// </summary>
        private static SyntaxNode? WaitedOn(SyntaxNode task)
        {
            if (task.Parent is not MemberAccessExpressionSyntax access || access.Expression != task)
            {
                return null;
            }

            switch (access.Name.Identifier.ValueText)
            {
                case "Result":
                    return access;
                case "Wait" when access.Parent is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Parent: ExpressionStatementSyntax } wait:
                    return wait;
                case "GetAwaiter" when access.Parent is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } awaiter
                                       && awaiter.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetResult" } getResult
                                       && getResult.Parent is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } result:
                    return result;
                default:
                    return null;
            }
        }

        private static MethodDeclarationSyntax Rewrite(MethodDeclarationSyntax declaration, INamedTypeSymbol returnType, ExpressionSyntax work, SemanticModel model)
        {
            var isVoid = !returnType.IsGenericType;
            TypeSyntax newReturnType = isVoid
                ? PredefinedType(Token(SyntaxKind.VoidKeyword))
                : ResultTypeSyntax(declaration.ReturnType) ?? ParseTypeName(returnType.TypeArguments[0].ToMinimalDisplayString(model, declaration.SpanStart));
            var method = (MethodDeclarationSyntax)RemoveAsync.RemoveAsyncModifier(declaration);
            method = method.WithReturnType(newReturnType.WithTriviaFrom(method.ReturnType));
            if (method.ExpressionBody != null)
            {
                return method.WithExpressionBody(method.ExpressionBody.WithExpression(work.WithTriviaFrom(method.ExpressionBody.Expression)));
            }

            var body = method.Body!;
            var statement = body.Statements.Single();
            StatementSyntax newStatement = isVoid ? ExpressionStatement(work) : ReturnStatement(work.WithLeadingTrivia(Space));
            return method.WithBody(body.WithStatements(SingletonList(newStatement.WithTriviaFrom(statement))));
        }

        /// <summary>The <c>T</c> the user wrote in <c>Task&lt;T&gt;</c> (also qualified), to keep their spelling.</summary>
        private static TypeSyntax? ResultTypeSyntax(TypeSyntax returnType) => returnType switch
        {
            GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } generic => generic.TypeArgumentList.Arguments[0],
            QualifiedNameSyntax { Right: GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } generic } => generic.TypeArgumentList.Arguments[0],
            AliasQualifiedNameSyntax { Name: GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } generic } => generic.TypeArgumentList.Arguments[0],
            _ => null,
        };
    }
}
