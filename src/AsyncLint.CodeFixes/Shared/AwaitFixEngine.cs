using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncLint.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace AsyncLint.CodeFixes.Shared
{
    /// <summary>
    /// Applies "replace this blocking expression with an await" fixes, one or many per document, adding <c>async</c> to
    /// each enclosing function that needs it exactly once. The single fix and Fix All share this path, so several
    /// findings in one method become one consistent edit instead of conflicting ones.
    /// </summary>
    internal static class AwaitFixEngine
    {
        private const string TargetAnnotationKind = "AsyncLint.Target";

        /// <summary>Marks a block whose statements replace it in the enclosing block (a rewrite that needs two statements).</summary>
        private static readonly SyntaxAnnotation SpliceAnnotation = new SyntaxAnnotation("AsyncLint.Splice");

        /// <summary>Builds the replacement for one target expression (given in its current, possibly already edited, form).</summary>
        public delegate SyntaxNode? Rewrite(SyntaxNode target, Diagnostic diagnostic);

        /// <summary>A Fix All provider that runs <see cref="FixAsync"/> over each document's diagnostics at once.</summary>
        public static FixAllProvider CreateFixAllProvider(Rewrite rewrite)
            => FixAllProvider.Create(async (context, document, diagnostics) =>
                await FixAsync(document, diagnostics, rewrite, context.CancellationToken).ConfigureAwait(false));

        /// <summary>Whether the fixer can offer a fix for <paramref name="diagnostic"/> at all (cheap, syntax only).</summary>
        public static bool IsFixable(SyntaxNode root, Diagnostic diagnostic)
            => diagnostic.Properties.ContainsKey(DiagnosticProperties.Fix) && FindTarget(root, diagnostic) is { } target && AsyncFunctionSyntax.CanAwaitAt(target);

        /// <summary>
        /// Registers one code action per fixable diagnostic. A diagnostic whose function cannot become async
        /// (ref/out parameters, <c>return null</c>…) gets no action: no fix rather than a wrong one.
        /// </summary>
        public static async Task RegisterAsync(CodeFixContext context, string title, string equivalenceKey, Rewrite rewrite)
        {
            var document = context.Document;
            var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            SemanticModel? model = null;
            foreach (var diagnostic in context.Diagnostics)
            {
                if (!IsFixable(root, diagnostic))
                {
                    continue;
                }

                if (diagnostic.Properties.ContainsKey(DiagnosticProperties.MakeAsync)
                    && AsyncFunctionSyntax.EnclosingFunction(FindTarget(root, diagnostic)!) is { } function
                    && !AsyncFunctionSyntax.IsAsync(function))
                {
                    model ??= await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
                    if (model is null || Prepare(function, diagnostic, model, "probe", context.CancellationToken) is null)
                    {
                        continue;
                    }
                }

                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => FixAsync(document, new[] { diagnostic }, rewrite, ct), equivalenceKey),
                    diagnostic);
            }
        }

        /// <summary>Applies the fix for every fixable diagnostic; returns the document unchanged when none can be fixed.</summary>
        public static async Task<Document> FixAsync(Document document, IEnumerable<Diagnostic> diagnostics, Rewrite rewrite, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            SemanticModel? model = null;
            var plans = new Dictionary<SyntaxNode, MakeAsync.Plan?>();
            var usedPlans = new HashSet<MakeAsync.Plan>();
            var targets = new Dictionary<SyntaxNode, (Diagnostic Diagnostic, SyntaxAnnotation Annotation)>();
            foreach (var diagnostic in diagnostics)
            {
                var target = FindTarget(root, diagnostic);
                if (target is null || targets.ContainsKey(target) || !IsFixable(root, diagnostic))
                {
                    continue;
                }

                if (diagnostic.Properties.ContainsKey(DiagnosticProperties.MakeAsync))
                {
                    var function = AsyncFunctionSyntax.EnclosingFunction(target);
                    if (function is null)
                    {
                        continue;
                    }

                    if (!AsyncFunctionSyntax.IsAsync(function))
                    {
                        if (!plans.TryGetValue(function, out var plan))
                        {
                            model ??= await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                            plan = model is null ? null : Prepare(function, diagnostic, model, plans.Count.ToString(CultureInfo.InvariantCulture), cancellationToken);
                            plans[function] = plan;
                        }

                        if (plan is null)
                        {
                            continue;
                        }

                        usedPlans.Add(plan);
                    }
                }

                targets[target] = (diagnostic, new SyntaxAnnotation(TargetAnnotationKind));
            }

            if (targets.Count == 0)
            {
                return document;
            }

            // 1. Mark, in the original tree, the targets and the functions (and their returns) to make async.
            var marks = new Dictionary<SyntaxNode, List<SyntaxAnnotation>>();
            foreach (var pair in targets)
            {
                Mark(marks, pair.Key, pair.Value.Annotation);
            }

            foreach (var plan in usedPlans)
            {
                foreach (var pair in plan.Annotations)
                {
                    Mark(marks, pair.Key, pair.Value);
                }
            }

            root = root.ReplaceNodes(marks.Keys, (original, current) => current.WithAdditionalAnnotations(marks[original]));

            // 2. Replace each blocking expression.
            // Only this pass's own marks: a tree edited by an earlier pass (the make-async cascade settles in rounds) keeps its marks.
            var byAnnotation = targets.Values.ToDictionary(v => v.Annotation, v => v.Diagnostic);
            var annotatedTargets = root.GetAnnotatedNodes(TargetAnnotationKind).Where(n => n.GetAnnotations(TargetAnnotationKind).Any(byAnnotation.ContainsKey)).ToList();
            root = root.ReplaceNodes(annotatedTargets, (original, current) =>
            {
                var annotation = original.GetAnnotations(TargetAnnotationKind).First(byAnnotation.ContainsKey);
                return rewrite(current, byAnnotation[annotation]) ?? current;
            });

            // 2b. A rewrite that produced several statements: they take the place of its block in the enclosing one.
            var spliced = root.GetAnnotatedNodes(SpliceAnnotation).OfType<BlockSyntax>().ToList();
            root = root.ReplaceNodes(spliced.Where(b => b.Parent is not BlockSyntax), (original, current) => Braced((BlockSyntax)current));
            spliced = root.GetAnnotatedNodes(SpliceAnnotation).OfType<BlockSyntax>().ToList();
            if (spliced.Count > 0)
            {
                root = root.ReplaceNodes(spliced.Select(b => b.Parent!).Distinct(), (original, current) =>
                {
                    var block = (BlockSyntax)current;
                    var statements = new List<StatementSyntax>();
                    foreach (var statement in block.Statements)
                    {
                        if (statement is BlockSyntax inner && inner.HasAnnotation(SpliceAnnotation))
                        {
                            statements.AddRange(inner.Statements);
                        }
                        else
                        {
                            statements.Add(statement);
                        }
                    }

                    return block.WithStatements(SyntaxFactory.List(statements));
                });
            }

            // 3. Make the functions async, innermost first (ReplaceNodes hands outer functions their rewritten inner ones).
            var functions = root.DescendantNodesAndSelf().Where(n => MakeAsync.IsPlanned(n, out _)).ToList();
            root = root.ReplaceNodes(functions, (original, current) =>
            {
                MakeAsync.IsPlanned(original, out var id);
                return MakeAsync.Apply(current, id!);
            });
            root = MakeAsync.ClearPlans(root);

            // Names built as global::System.Threading.Tasks.Task get their using here; the simplifier then shortens them.
            return await ImportAdder.AddImportsAsync(document.WithSyntaxRoot(root), Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Several statements in place of one: spliced into the enclosing block when <paramref name="splice"/> (their
        /// declarations then live to the end of that block), otherwise within braces of their own (formatted).
        /// </summary>
        public static StatementSyntax Statements(bool splice, params StatementSyntax[] statements)
        {
            var block = SyntaxFactory.Block(statements);
            return splice
                ? block.WithOpenBraceToken(SyntaxFactory.MissingToken(SyntaxKind.OpenBraceToken))
                    .WithCloseBraceToken(SyntaxFactory.MissingToken(SyntaxKind.CloseBraceToken))
                    .WithAdditionalAnnotations(SpliceAnnotation)
                : Braced(block);
        }

        /// <summary>The statements within braces; the comments above the first go above the brace, the formatter indents.</summary>
        private static BlockSyntax Braced(BlockSyntax block)
        {
            var statements = block.Statements;
            var leading = statements.Count > 0 ? statements[0].GetLeadingTrivia() : default;
            if (statements.Count > 0)
            {
                statements = statements.Replace(statements[0], statements[0].WithLeadingTrivia(SyntaxFactory.ElasticMarker));
            }

            return SyntaxFactory.Block(statements)
                .WithLeadingTrivia(leading)
                .WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation);
        }

        /// <summary>Plans making the function async: the conversion the analyzer chose for synchronous code, else same-signature.</summary>
        private static MakeAsync.Plan? Prepare(SyntaxNode function, Diagnostic diagnostic, SemanticModel model, string id, CancellationToken cancellationToken)
        {
            if (diagnostic.Properties.TryGetValue(DiagnosticProperties.AsyncConversion, out var conversion) && conversion != null)
            {
                return MakeAsync.TryPrepareVoid(function, model, id, toTask: conversion == SyncToAsyncConversion.TestMethod, cancellationToken);
            }

            return MakeAsync.TryPrepare(function, model, id, cancellationToken);
        }

        /// <summary>
        /// The expression a diagnostic asks to replace: the node its span covers, or, where the span is only a member's
        /// name, the member access around it (<c>Result</c> in <c>task.Result</c>) or the call (<c>Load</c> in <c>x.Load()</c>);
        /// or the first additional location when the analyzer set <see cref="DiagnosticProperties.TargetIsAdditionalLocation"/>.
        /// </summary>
        public static SyntaxNode? FindTarget(SyntaxNode root, Diagnostic diagnostic)
        {
            var location = diagnostic.Properties.ContainsKey(DiagnosticProperties.FixTargetIsAdditionalLocation) && diagnostic.AdditionalLocations.Count > 0
                ? diagnostic.AdditionalLocations[0]
                : diagnostic.Location;
            if (!location.IsInSource || location.SourceTree != root.SyntaxTree)
            {
                return null;
            }

            if (diagnostic.Properties.ContainsKey(DiagnosticProperties.TargetIsAdditionalLocation))
            {
                return diagnostic.AdditionalLocations.Count > 0 && diagnostic.AdditionalLocations[0] is { IsInSource: true } target && target.SourceTree == root.SyntaxTree
                    ? root.FindNode(target.SourceSpan, getInnermostNodeForTie: true)
                    : null;
            }

            var node = root.FindNode(location.SourceSpan, getInnermostNodeForTie: true);
            if (node is SimpleNameSyntax name && name.Parent is MemberAccessExpressionSyntax access && access.Name == name)
            {
                node = access;
            }

            // A diagnostic on a method's name (ASYNC105's 'Load' in 'x.Load()') targets the call.
            return node.Parent is InvocationExpressionSyntax invocation && invocation.Expression == node ? invocation : node;
        }

        /// <summary>Collects the annotations to add to <paramref name="node"/> in one <c>ReplaceNodes</c> pass.</summary>
        internal static void Mark(Dictionary<SyntaxNode, List<SyntaxAnnotation>> marks, SyntaxNode node, SyntaxAnnotation annotation)
        {
            if (!marks.TryGetValue(node, out var list))
            {
                marks[node] = list = new List<SyntaxAnnotation>();
            }

            list.Add(annotation);
        }
    }
}
