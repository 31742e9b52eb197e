using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncLint.CodeFixes.Shared;
using AsyncLint.Core;
using AsyncLint.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AsyncLint.CodeFixes.Rules
{
    /// <summary>
    /// ASYNC104: "async all the way" (<see cref="MakeAsyncCascade"/>). An event handler becomes <c>async void</c> and a
    /// void test method <c>async Task</c> in place; any other method becomes <c>async Task</c>/<c>Task&lt;T&gt;</c> with the
    /// Async suffix, and its callers in the solution await it, up to the boundaries the title names. No action where the
    /// blocking cannot move (a property, a constructor, a lambda) or the cascade cannot be computed safely.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SyncOverAsyncCodeFixProvider)), Shared]
    public sealed class SyncOverAsyncCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIds.SyncOverAsync + ".MakeAsync";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.SyncOverAsync);

        public override FixAllProvider GetFixAllProvider() => new CascadeFixAllProvider(SeedsAsync);

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                var seeds = (await SeedsAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false)).ToList();
                if (seeds.Count == 0)
                {
                    continue;
                }

                var cascade = await MakeAsyncCascade.PlanAsync(context.Document.Project.Solution, seeds, CascadeFixAllProvider.KeepObsoleteWrapper, context.CancellationToken).ConfigureAwait(false);
                if (cascade is null)
                {
                    continue;
                }

                var title = BlockingWaitFix.From(diagnostic.Properties)?.Conversion switch
                {
                    SyncToAsyncConversion.TestMethod => "Make the test async Task and await the task",
                    SyncToAsyncConversion.EventHandler => "Make the event handler async and await the task",
                    _ => cascade.Title("'" + cascade.ConvertedMembers.First().Name + "'"),
                };
                context.RegisterCodeFix(CodeAction.Create(title, ct => cascade.ApplyAsync(ct), EquivalenceKey), diagnostic);
            }
        }

        /// <summary>The blocking wait, when the analyzer says how it becomes an await.</summary>
        private static async Task<IEnumerable<CascadeSeed>> SeedsAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            return root != null && AwaitFixEngine.IsFixable(root, diagnostic) && AwaitFixEngine.FindTarget(root, diagnostic) is { } target
                ? new[] { new CascadeSeed(document.Id, target.Span) }
                : Enumerable.Empty<CascadeSeed>();
        }
    }
}
