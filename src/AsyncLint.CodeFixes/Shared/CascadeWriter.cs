using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace AsyncLint.CodeFixes.Shared
{
    /// <summary>Writes a planned <see cref="MakeAsyncCascade"/> into one document: calls first, then declarations.</summary>
    internal static class CascadeWriter
    {
        /// <summary>Marks a member the cascade changed (data: its key), for <see cref="CascadeSettle"/>.</summary>
        public const string MemberKind = "AsyncLint.Cascade.Member";

        /// <summary>Marks an added <c>cancellationToken</c> parameter (data: the member's key).</summary>
        public const string TokenParameterKind = "AsyncLint.Cascade.TokenParameter";

        /// <summary>Marks a token argument passed to an added parameter (data: the callee's key).</summary>
        public const string TokenArgumentKind = "AsyncLint.Cascade.TokenArgument";

        private const string CallKind = "AsyncLint.Cascade.Call";
        private const string NameKind = "AsyncLint.Cascade.Name";

        public static SyntaxNode Rewrite(
            SyntaxNode root,
            DocumentId document,
            IReadOnlyList<MakeAsyncCascade.MemberPlan> members,
            IReadOnlyList<MakeAsyncCascade.CallSite> calls,
            IReadOnlyList<(DocumentId Document, Microsoft.CodeAnalysis.Text.TextSpan Span)> names,
            IReadOnlyList<MakeAsyncCascade.FunctionPlan> functions)
        {
            // 1. Mark, in the original tree, everything this document's part of the cascade touches.
            var marks = new Dictionary<SyntaxNode, List<SyntaxAnnotation>>();
            var callByIndex = new Dictionary<string, MakeAsyncCascade.CallSite>();
            for (var i = 0; i < calls.Count; i++)
            {
                if (calls[i].Document == document && root.FindNode(calls[i].Span, getInnermostNodeForTie: true) is { } node)
                {
                    var invocation = node.FirstAncestorOrSelf<InvocationExpressionSyntax>(n => n.Span == calls[i].Span);
                    if (invocation != null)
                    {
                        var id = i.ToString(CultureInfo.InvariantCulture);
                        callByIndex[id] = calls[i];
                        AwaitFixEngine.Mark(marks, invocation, new SyntaxAnnotation(CallKind, id));
                    }
                }
            }

            foreach (var name in names.Where(n => n.Document == document))
            {
                var token = root.FindToken(name.Span.Start);
                if (token.Parent is SimpleNameSyntax simple && simple.Identifier == token)
                {
                    AwaitFixEngine.Mark(marks, simple, new SyntaxAnnotation(NameKind));
                }
            }

            var memberByKey = new Dictionary<string, MakeAsyncCascade.MemberPlan>();
            var originals = new Dictionary<string, SyntaxNode>();
            foreach (var member in members.Where(m => m.Document == document))
            {
                var declaration = root.FindNode(member.Span, getInnermostNodeForTie: true);
                declaration = declaration.FirstAncestorOrSelf<SyntaxNode>(n => n.Span == member.Span && (n is MethodDeclarationSyntax || n is LocalFunctionStatementSyntax)) ?? declaration;
                memberByKey[member.Key] = member;
                originals[member.Key] = declaration;
                AwaitFixEngine.Mark(marks, declaration, new SyntaxAnnotation(MemberKind, member.Key));
                if (member.CompletedBody != null && !member.NeedsAsync)
                {
                    foreach (var value in member.CompletedBody.ExactlyTyped)
                    {
                        AwaitFixEngine.Mark(marks, value, RemoveAsync.ExactlyTypedAnnotation);
                    }
                }
            }

            var functionById = new Dictionary<string, MakeAsync.Plan>();
            foreach (var function in functions.Where(f => f.Document == document))
            {
                functionById[function.Plan.Id] = function.Plan;
                foreach (var pair in function.Plan.Annotations)
                {
                    AwaitFixEngine.Mark(marks, pair.Key, pair.Value);
                }
            }

            root = root.ReplaceNodes(marks.Keys, (original, current) => current.WithAdditionalAnnotations(marks[original]));

            // 2. Calls and names.
            var targets = root.GetAnnotatedNodes(CallKind).Concat(root.GetAnnotatedNodes(NameKind)).ToList();
            root = root.ReplaceNodes(targets, (original, current) =>
            {
                if (original.GetAnnotations(CallKind).FirstOrDefault() is { Data: { } id } && callByIndex.TryGetValue(id, out var call))
                {
                    return RewriteCall((InvocationExpressionSyntax)current, call);
                }

                // nameof(Load), <see cref="Load"/>: renamed as the member is (only converted members' names are marked).
                return current is SimpleNameSyntax simple && !simple.Identifier.ValueText.EndsWith("Async", System.StringComparison.Ordinal)
                    ? simple.WithIdentifier(CascadeSyntax.RenamedToken(simple.Identifier, simple.Identifier.ValueText + "Async"))
                    : current;
            });

            // 3. Declarations and async-code callers, innermost first.
            var declarations = root.GetAnnotatedNodes(MemberKind)
                .Concat(root.DescendantNodesAndSelf().Where(n => MakeAsync.IsPlanned(n, out var id) && id != null && functionById.ContainsKey(id)))
                .Distinct()
                .ToList();
            root = root.ReplaceNodes(declarations, (original, current) =>
            {
                if (original.GetAnnotations(MemberKind).FirstOrDefault() is { Data: { } key } && memberByKey.TryGetValue(key, out var member))
                {
                    return RewriteDeclaration(current, member);
                }

                MakeAsync.IsPlanned(original, out var planId);
                return MakeAsync.Apply(current, planId!);
            });

            root = MakeAsync.ClearPlans(root);

            // 4. Public API under the option: the synchronous member stays, obsolete, blocking on the new one.
            foreach (var member in members.Where(m => m.Document == document && m.Decision.Wrapper))
            {
                var converted = root.GetAnnotatedNodes(MemberKind).FirstOrDefault(n => n.GetAnnotations(MemberKind).Any(a => a.Data == member.Key));
                if (converted != null && originals[member.Key] is MethodDeclarationSyntax original)
                {
                    root = root.InsertNodesBefore(converted, new[] { Wrapper(original, member) });
                }
            }

            return root;
        }

        private static SyntaxNode RewriteCall(InvocationExpressionSyntax call, MakeAsyncCascade.CallSite site)
        {
            var callee = site.Callee;
            var rewritten = callee.Decision.NewName is { } newName ? CascadeSyntax.Renamed(call, newName) : call;
            var token = site.TokenMember is { } member
                ? member.ExistingToken ?? (member.AddsToken ? CascadeSyntax.TokenName : null)
                : site.ScopeToken;
            if (token != null)
            {
                if (callee.AddsToken)
                {
                    var argument = CascadeSyntax.TokenArgument(token, site.Positional ? null : CascadeSyntax.TokenName)
                        .WithAdditionalAnnotations(new SyntaxAnnotation(TokenArgumentKind, callee.Key));
                    rewritten = rewritten.WithArgumentList(CascadeSyntax.Append(rewritten.ArgumentList, argument));
                }
                else if (callee.ExistingToken != null && !site.PassesToken)
                {
                    rewritten = rewritten.WithArgumentList(CascadeSyntax.Append(rewritten.ArgumentList, CascadeSyntax.TokenArgument(token, callee.ExistingToken)));
                }
            }

            if (site.Kind == MakeAsyncCascade.CallKind.Block)
            {
                return CascadeSyntax.Blocking(rewritten);
            }

            ExpressionSyntax awaited = site.ConfigureAwaitFalse ? AwaitExpressions.ConfigureAwaitFalse(rewritten) : rewritten;
            return AwaitExpressions.Await(awaited);
        }

        private static SyntaxNode RewriteDeclaration(SyntaxNode declaration, MakeAsyncCascade.MemberPlan member)
        {
            var node = declaration;
            if (!member.NeedsAsync && member.CompletedBody != null)
            {
                node = RemoveAsync.Apply(node, member.CompletedBody);
            }

            var inPlace = member.Decision.Role == CascadeRole.ConvertInPlace;
            var keepVoid = inPlace && member.Decision.Conversion == AsyncLint.Core.SyncToAsyncConversion.EventHandler;
            switch (node)
            {
                case MethodDeclarationSyntax method:
                    if (!keepVoid)
                    {
                        method = method.WithReturnType(CascadeSyntax.TaskOf(method.ReturnType));
                    }

                    if (member.Decision.NewName is { } newName)
                    {
                        method = method.WithIdentifier(CascadeSyntax.RenamedToken(method.Identifier, newName));
                    }

                    if (member.AddsToken)
                    {
                        method = method.WithParameterList(CascadeSyntax.Append(method.ParameterList, CascadeSyntax.TokenParameter().WithAdditionalAnnotations(new SyntaxAnnotation(TokenParameterKind, member.Key))));
                    }

                    node = method;
                    break;
                case LocalFunctionStatementSyntax local:
                    local = local.WithReturnType(CascadeSyntax.TaskOf(local.ReturnType));
                    if (member.Decision.NewName is { } localName)
                    {
                        local = local.WithIdentifier(CascadeSyntax.RenamedToken(local.Identifier, localName));
                    }

                    if (member.AddsToken)
                    {
                        local = local.WithParameterList(CascadeSyntax.Append(local.ParameterList, CascadeSyntax.TokenParameter().WithAdditionalAnnotations(new SyntaxAnnotation(TokenParameterKind, member.Key))));
                    }

                    node = local;
                    break;
            }

            return member.NeedsAsync ? MakeAsync.AddAsyncModifier(node) : node;
        }

        /// <summary>
        /// <c>[Obsolete] public T Load(args) =&gt; LoadAsync(args).GetAwaiter().GetResult();</c>, with the ASYNC104 finding
        /// suppressed on it: keeping a synchronous API for callers outside the solution is the one deliberate
        /// sync-over-async wrapper (docs/concepts/async-all-the-way.md).
        /// </summary>
        private static MethodDeclarationSyntax Wrapper(MethodDeclarationSyntax original, MakeAsyncCascade.MemberPlan member)
        {
            var symbol = member.Symbol;
            var newName = member.Decision.NewName ?? symbol.Name;
            var arguments = SeparatedList(symbol.Parameters.Select(p => Argument(IdentifierName(SyntaxFacts.GetKeywordKind(p.Name) == SyntaxKind.None ? p.Name : "@" + p.Name))));
            SimpleNameSyntax target = symbol.TypeParameters.Length == 0
                ? IdentifierName(newName)
                : GenericName(Identifier(newName), TypeArgumentList(SeparatedList<TypeSyntax>(symbol.TypeParameters.Select(t => IdentifierName(t.Name)))));
            var call = CascadeSyntax.Blocking(InvocationExpression(target, ArgumentList(arguments)));
            var attributes = ParseCompilationUnit(
                "[global::System.Obsolete(\"Use " + newName + " instead.\")]\n"
                + "[global::System.Diagnostics.CodeAnalysis.SuppressMessage(\"AsyncLint.Blocking\", \"ASYNC104\", Justification = \"The synchronous API is kept for callers outside the solution; it blocks on purpose.\")]\nclass C { }")
                .Members[0].AttributeLists
                .Select(a => a.WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation));

            return MethodDeclaration(original.ReturnType.WithoutTrivia().WithTrailingTrivia(Space), Identifier(symbol.Name))
                .WithModifiers(TokenList(original.Modifiers.Select(m => m.WithoutTrivia().WithTrailingTrivia(Space))))
                .WithTypeParameterList(original.TypeParameterList)
                .WithConstraintClauses(original.ConstraintClauses)
                .WithParameterList(original.ParameterList.WithoutTrivia())
                .WithAttributeLists(List(attributes))
                .WithExpressionBody(ArrowExpressionClause(call))
                .WithSemicolonToken(Token(SyntaxKind.SemicolonToken))
                .WithLeadingTrivia(original.GetLeadingTrivia())
                .WithTrailingTrivia(original.GetTrailingTrivia())
                .WithAdditionalAnnotations(Formatter.Annotation);
        }
    }
}
