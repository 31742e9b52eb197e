using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncLint.CodeFixes.Rules;
using AsyncLint.Core;
using AsyncLint.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.CodeFixes.Shared
{
    /// <summary>
    /// The second half of the cascade. A member that became async is async code now, so the rules of async code apply
    /// in it: the blocking call the cascade started from (<c>.Result</c>, <c>Thread.Sleep</c>, a sync I/O call with a
    /// counterpart…) and any other. Their own analyzers decide, and their own fixes rewrite them (ASYNC201, ASYNC101,
    /// ASYNC102, ASYNC103, ASYNC202: the rewrites their fixers apply, one rule per round until none is left), with the token in scope, which is now the
    /// member's own. Then the <c>cancellationToken</c> parameters that nothing used are taken out again, with the
    /// arguments that passed them.
    /// </summary>
    internal static class CascadeSettle
    {
        private const int MaxRounds = 6;

        private static readonly Rule[] Rules =
        {
            new Rule(RuleIds.SynchronousIO, new SynchronousIOAnalyzer(), SynchronousIOCodeFixProvider.Rewrite),
            new Rule(RuleIds.BlockingWait, new BlockingWaitAnalyzer(), BlockingWaitCodeFixProvider.Rewrite),
            new Rule(RuleIds.ThreadSleep, new ThreadSleepAnalyzer(), ThreadSleepCodeFixProvider.Rewrite),
            new Rule(RuleIds.BlockingPrimitive, new BlockingPrimitiveAnalyzer(), BlockingPrimitiveCodeFixProvider.Rewrite),
            new Rule(RuleIds.AwaitUsing, new AwaitUsingAnalyzer(), AwaitUsingCodeFixProvider.Rewrite),
        };

        private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = Rules.Select(r => r.Analyzer).Distinct().ToImmutableArray();

        public static async Task<Solution> SettleAsync(Solution solution, IReadOnlyList<DocumentId> documents, IReadOnlyList<MakeAsyncCascade.MemberPlan> members, CancellationToken cancellationToken)
        {
            var converted = new HashSet<string>(members.Select(m => m.Key));
            for (var round = 0; round < MaxRounds; round++)
            {
                var found = await FindAsync(solution, documents, converted, cancellationToken).ConfigureAwait(false);
                var rule = Rules.FirstOrDefault(r => found.ContainsKey(r.Id));
                if (rule is null)
                {
                    break;
                }

                solution = await FixAllAsync(solution, rule, found[rule.Id], cancellationToken).ConfigureAwait(false);
            }

            solution = await ForwardTokensAsync(solution, documents, members, cancellationToken).ConfigureAwait(false);
            return await PruneTokensAsync(solution, documents, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Threads the member's token into each awaited call of its body that accepts one and is not given one
        /// (<c>await File.ReadAllTextAsync(path)</c> → <c>…(path, cancellationToken)</c>): the calls there are the
        /// cascade's own, since the member had no await before.
        /// </summary>
        private static async Task<Solution> ForwardTokensAsync(Solution solution, IReadOnlyList<DocumentId> documents, IReadOnlyList<MakeAsyncCascade.MemberPlan> members, CancellationToken cancellationToken)
        {
            var tokens = members.Where(m => m.ExistingToken != null || m.AddsToken).ToDictionary(m => m.Key, m => m.ExistingToken ?? CascadeSyntax.TokenName);
            foreach (var documentId in documents)
            {
                var document = solution.GetDocument(documentId)!;
                var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                if (root is null || model is null || CompilationContext.TryGet(model.Compilation) is not { } context)
                {
                    continue;
                }

                var edits = new Dictionary<SyntaxNode, SyntaxNode>();
                foreach (var member in root.GetAnnotatedNodes(CascadeWriter.MemberKind))
                {
                    if (!tokens.TryGetValue(member.GetAnnotations(CascadeWriter.MemberKind).First().Data!, out var token) || AsyncFunctionSyntax.Body(member) is not { } body)
                    {
                        continue;
                    }

                    foreach (var awaited in body.DescendantNodes(n => !AsyncFunctionSyntax.IsFunction(n)).OfType<AwaitExpressionSyntax>())
                    {
                        var operand = MakeAsync.Unparenthesize(awaited.Expression);
                        if (operand is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure })
                        {
                            operand = MakeAsync.Unparenthesize(configure.Expression);
                        }

                        if (operand is InvocationExpressionSyntax call && WithToken(call, token, model, context.Types, cancellationToken) is { } forwarded)
                        {
                            edits[call] = forwarded;
                        }
                    }
                }

                if (edits.Count > 0)
                {
                    solution = solution.WithDocumentSyntaxRoot(documentId, root.ReplaceNodes(edits.Keys, (original, current) => edits[original]));
                }
            }

            return solution;
        }

        /// <summary><paramref name="call"/> with the token appended, when the call passes none and that binds to a CancellationToken parameter.</summary>
        private static InvocationExpressionSyntax? WithToken(InvocationExpressionSyntax call, string token, SemanticModel model, KnownTypes types, CancellationToken cancellationToken)
        {
            if (model.GetOperation(call, cancellationToken) is not IInvocationOperation invocation
                || invocation.Arguments.Any(a => types.IsCancellationToken(a.Parameter?.Type) && a.ArgumentKind != ArgumentKind.DefaultValue)
                || call.ArgumentList.Arguments.Any(a => a.NameColon != null))
            {
                return null;
            }

            var probe = call.WithArgumentList(CascadeSyntax.Append(call.ArgumentList, SyntaxFactory.Argument(SyntaxFactory.ParseExpression("default(global::System.Threading.CancellationToken)"))));
            var bound = model.GetSpeculativeSymbolInfo(call.SpanStart, probe, SpeculativeBindingOption.BindAsExpression).Symbol as IMethodSymbol;
            var index = call.ArgumentList.Arguments.Count;
            if (bound is null || index >= bound.Parameters.Length || bound.Parameters[index].IsParams || !types.IsCancellationToken(bound.Parameters[index].Type)
                || types.AwaitedType(bound.ReturnType) is null)
            {
                return null;
            }

            return call.WithArgumentList(CascadeSyntax.Append(call.ArgumentList, SyntaxFactory.Argument(SyntaxFactory.IdentifierName(token))));
        }

        /// <summary>The fixable findings of the async-code rules inside the converted members' own bodies, by rule and document.</summary>
        private static async Task<Dictionary<string, Dictionary<DocumentId, List<Diagnostic>>>> FindAsync(Solution solution, IReadOnlyList<DocumentId> documents, HashSet<string> converted, CancellationToken cancellationToken)
        {
            var found = new Dictionary<string, Dictionary<DocumentId, List<Diagnostic>>>();
            foreach (var project in documents.Select(d => solution.GetDocument(d)!.Project).Distinct())
            {
                var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
                if (compilation is null)
                {
                    continue;
                }

                var withAnalyzers = compilation.WithAnalyzers(Analyzers, project.AnalyzerOptions);
                foreach (var documentId in documents.Where(d => d.ProjectId == project.Id))
                {
                    var document = project.GetDocument(documentId)!;
                    var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                    var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                    if (root is null || model is null || !root.GetAnnotatedNodes(CascadeWriter.MemberKind).Any())
                    {
                        continue;
                    }

                    foreach (var diagnostic in await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, null, cancellationToken).ConfigureAwait(false))
                    {
                        if (!Rules.Any(r => r.Id == diagnostic.Id)
                            || !diagnostic.Properties.ContainsKey(DiagnosticProperties.Fix)
                            || AwaitFixEngine.FindTarget(root, diagnostic) is not { } target
                            || AsyncFunctionSyntax.EnclosingFunction(target) is not { } function
                            || !function.GetAnnotations(CascadeWriter.MemberKind).Any(a => a.Data != null && converted.Contains(a.Data)))
                        {
                            continue;
                        }

                        if (!found.TryGetValue(diagnostic.Id, out var byDocument))
                        {
                            found[diagnostic.Id] = byDocument = new Dictionary<DocumentId, List<Diagnostic>>();
                        }

                        if (!byDocument.TryGetValue(documentId, out var list))
                        {
                            byDocument[documentId] = list = new List<Diagnostic>();
                        }

                        list.Add(diagnostic);
                    }
                }
            }

            return found;
        }

        /// <summary>Applies the rule's own rewrite (the one its fixer and Fix All use) to the given findings, document by document.</summary>
        private static async Task<Solution> FixAllAsync(Solution solution, Rule rule, Dictionary<DocumentId, List<Diagnostic>> diagnostics, CancellationToken cancellationToken)
        {
            foreach (var pair in diagnostics)
            {
                var document = await AwaitFixEngine.FixAsync(solution.GetDocument(pair.Key)!, pair.Value, rule.Rewrite, cancellationToken).ConfigureAwait(false);
                solution = document.Project.Solution;
            }

            return solution;
        }

        /// <summary>
        /// Drops each added <c>cancellationToken</c> parameter that the member's body does not use, other than to pass it to
        /// a callee whose own added parameter is dropped too (a least fixed point over the converted members), with the
        /// arguments that passed it.
        /// </summary>
        private static async Task<Solution> PruneTokensAsync(Solution solution, IReadOnlyList<DocumentId> documents, CancellationToken cancellationToken)
        {
            var parameters = new List<(DocumentId Document, SyntaxNode Node, string Key)>();
            var arguments = new List<(DocumentId Document, SyntaxNode Node, string Callee, string? Caller)>();
            var used = new HashSet<string>();
            foreach (var documentId in documents)
            {
                var root = await solution.GetDocument(documentId)!.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (root is null)
                {
                    continue;
                }

                foreach (var parameter in root.GetAnnotatedNodes(CascadeWriter.TokenParameterKind))
                {
                    var key = parameter.GetAnnotations(CascadeWriter.TokenParameterKind).First().Data!;
                    parameters.Add((documentId, parameter, key));
                    var member = parameter.Ancestors().FirstOrDefault(a => a.HasAnnotations(CascadeWriter.MemberKind));
                    var body = member is null ? null : AsyncFunctionSyntax.Body(member);
                    if (body != null && body.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == CascadeSyntax.TokenName && !n.Ancestors().Any(a => a.HasAnnotations(CascadeWriter.TokenArgumentKind))))
                    {
                        used.Add(key);
                    }
                }

                foreach (var argument in root.GetAnnotatedNodes(CascadeWriter.TokenArgumentKind))
                {
                    var callee = argument.GetAnnotations(CascadeWriter.TokenArgumentKind).First().Data!;
                    var caller = argument.Ancestors().FirstOrDefault(a => a.HasAnnotations(CascadeWriter.MemberKind))?.GetAnnotations(CascadeWriter.MemberKind).First().Data;
                    arguments.Add((documentId, argument, callee, caller));
                }
            }


            var added = new HashSet<string>(parameters.Select(p => p.Key));
            for (var changed = true; changed;)
            {
                changed = false;
                foreach (var argument in arguments)
                {
                    if (argument.Caller != null && added.Contains(argument.Caller) && used.Contains(argument.Callee) && used.Add(argument.Caller))
                    {
                        changed = true;
                    }
                }
            }

            foreach (var documentId in documents)
            {
                var removed = parameters.Where(p => p.Document == documentId && !used.Contains(p.Key)).Select(p => p.Node)
                    .Concat(arguments.Where(a => a.Document == documentId && !used.Contains(a.Callee)).Select(a => a.Node))
                    .ToList();
                var kept = parameters.Where(p => p.Document == documentId && used.Contains(p.Key)).Select(p => ((ParameterSyntax)p.Node).Type!).ToList();
                var root = (await solution.GetDocument(documentId)!.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
                root = root.ReplaceNodes(kept, (original, current) => CascadeSyntax.ImportedTokenType(current));
                root = root.RemoveNodes(root.GetAnnotatedNodes(CascadeWriter.TokenParameterKind).Concat(root.GetAnnotatedNodes(CascadeWriter.TokenArgumentKind))
                    .Where(n => removed.Any(r => r.GetAnnotations(new[] { CascadeWriter.TokenParameterKind, CascadeWriter.TokenArgumentKind }).SequenceEqual(n.GetAnnotations(new[] { CascadeWriter.TokenParameterKind, CascadeWriter.TokenArgumentKind })))), SyntaxRemoveOptions.KeepNoTrivia)!;
                var document = solution.GetDocument(documentId)!.WithSyntaxRoot(root);
                document = await Microsoft.CodeAnalysis.Editing.ImportAdder.AddImportsAsync(document, Microsoft.CodeAnalysis.Simplification.Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
                solution = document.Project.Solution;
            }

            return solution;
        }

        private sealed class Rule
        {
            public Rule(string id, DiagnosticAnalyzer analyzer, AwaitFixEngine.Rewrite rewrite)
            {
                Id = id;
                Analyzer = analyzer;
                Rewrite = rewrite;
            }

            public string Id { get; }

            public DiagnosticAnalyzer Analyzer { get; }

            public AwaitFixEngine.Rewrite Rewrite { get; }
        }
    }
}
