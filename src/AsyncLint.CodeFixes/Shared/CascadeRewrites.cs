using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncLint.Core;
using AsyncLint.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.CodeFixes.Shared
{
    /// <summary>
    /// Whether the blocking calls of a member the cascade makes async will get their rule's fix once the member is async
    /// (<see cref="CascadeSettle"/> applies them). A member with a blocking call that would stay (a timed <c>Wait</c> whose
    /// result is read, <c>ManualResetEvent.WaitOne</c>) is not converted: it would become an async method that blocks,
    /// a new ASYNC101/103 warning where there was an ASYNC104 suggestion.
    /// </summary>
    internal static class CascadeRewrites
    {
        /// <summary>True when some blocking call in the member's own body would have no awaitable rewrite.</summary>
        public static async Task<bool> HasBlockingWithoutRewriteAsync(Document document, SyntaxNode declaration, SemanticModel model, CancellationToken cancellationToken)
        {
            if (CompilationContext.TryGet(model.Compilation) is not { } context
                || AsyncFunctionSyntax.Body(declaration) is not { } body
                || model.GetDeclaredSymbol(declaration, cancellationToken) is not IMethodSymbol member
                || model.GetOperation(body, cancellationToken) is not { } operation)
            {
                return false;
            }

            var chains = BlockingChains.For(context, document.Project.AnalyzerOptions);
            foreach (var (blocking, root) in chains.RootsIn(operation, member))
            {
                if (!await IsRewrittenOnceAsyncAsync(document, blocking, root, context, cancellationToken).ConfigureAwait(false))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether, once its method is async, the blocking operation (a root of the chain search) gets its rule's fix: a
        /// wait on a task as ASYNC104's analyzer says (it hands the fix kind), <c>Thread.Sleep</c> (→ <c>Task.Delay</c>), a
        /// primitive with an awaitable twin, and synchronous I/O whose counterpart the oracle found (ASYNC201's fix),
        /// wherever an await may stand.
        /// </summary>
        public static async Task<bool> IsRewrittenOnceAsyncAsync(Document document, IOperation blocking, BlockingRoot root, CompilationContext context, CancellationToken cancellationToken)
        {
            if (!AsyncFunctionSyntax.CanAwaitAt(blocking.Syntax))
            {
                return false;
            }

            if (root.IsSynchronousIO)
            {
                return true;
            }

            if (blocking is IInvocationOperation invocation && context.Blocking.Find(invocation.TargetMethod) is { } member)
            {
                switch (member.Kind)
                {
                    case BlockingKind.Sleep:
                        return true;
                    case BlockingKind.Primitive:
                        return member.AsyncAlternative != null;
                }
            }

            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (model is null)
            {
                return false;
            }

            var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new BlockingWaitAnalyzer());
            var found = await model.Compilation.WithAnalyzers(analyzers, document.Project.AnalyzerOptions)
                .GetAnalyzerSemanticDiagnosticsAsync(model, blocking.Syntax.Span, cancellationToken).ConfigureAwait(false);
            return found.Any(d => (d.Id == RuleIds.SyncOverAsync || d.Id == RuleIds.BlockingWait) && BlockingWaitFix.From(d.Properties) != null && blocking.Syntax.Span.Contains(d.Location.SourceSpan));
        }
    }
}
