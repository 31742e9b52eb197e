using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using AsyncLint.CodeFixes.Shared;
using AsyncLint.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace AsyncLint.CodeFixes.Rules
{
    /// <summary>
    /// ASYNC104: await the task and make the synchronous member async where no caller can break: an event handler
    /// becomes <c>async void</c>, a void test method <c>async Task</c>. Other members get no fix (their callers would
    /// need to change too).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SyncOverAsyncCodeFixProvider)), Shared]
    public sealed class SyncOverAsyncCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = RuleIds.SyncOverAsync + ".MakeAsync";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.SyncOverAsync);

        public override FixAllProvider GetFixAllProvider() => AwaitFixEngine.CreateFixAllProvider(BlockingWaitCodeFixProvider.Rewrite);

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var conversion = context.Diagnostics[0].Properties.TryGetValue(DiagnosticProperties.AsyncConversion, out var value) ? value : null;
            var title = conversion == SyncToAsyncConversion.TestMethod
                ? "Make the test async Task and await the task"
                : "Make the event handler async and await the task";
            return AwaitFixEngine.RegisterAsync(context, title, EquivalenceKey, BlockingWaitCodeFixProvider.Rewrite);
        }
    }
}
