using Microsoft.CodeAnalysis;

namespace AsyncLint
{
    /// <summary>Every AsyncLint <see cref="DiagnosticDescriptor"/>, built by one factory.</summary>
    public static class Descriptors
    {
        internal const string HelpLinkBase = "https://github.com/asynclint/asynclint/blob/main/docs/rules/";

        public static readonly DiagnosticDescriptor BlockingWait = Create(
            RuleIds.BlockingWait,
            "Blocking wait on a task in async code",
            "'{0}' blocks the thread until the task completes, in {1}; use '{2}' instead",
            Categories.Blocking,
            DiagnosticSeverity.Warning,
            "Waiting synchronously for a task (.Result, .Wait(), .GetAwaiter().GetResult(), Task.WaitAll/WaitAny) inside async code holds a thread hostage, can deadlock under a synchronization context and starves the thread pool. Await the task instead.");

        public static readonly DiagnosticDescriptor ThreadSleep = Create(
            RuleIds.ThreadSleep,
            "Thread.Sleep in async code",
            "'{0}' blocks the thread in {1}; use '{2}' instead",
            Categories.Blocking,
            DiagnosticSeverity.Warning,
            "Thread.Sleep blocks the current thread for the whole delay. In async code, await Task.Delay instead: the thread returns to the pool while the timer runs.");

        public static readonly DiagnosticDescriptor SynchronousIO = Create(
            RuleIds.SynchronousIO,
            "Synchronous call in async code where an awaitable counterpart exists",
            "'{0}' blocks in {1}; use '{2}' instead",
            Categories.SynchronousIO,
            DiagnosticSeverity.Warning,
            "A synchronous read, write, flush, query or wait holds the thread for as long as the disk, the network or the database takes. In async code, call the awaitable counterpart (NameAsync, or an awaitable overload) that binds with the same arguments: the thread returns to the pool while the device works.");

        public static readonly DiagnosticDescriptor AwaitUsing = Create(
            RuleIds.AwaitUsing,
            "Synchronous disposal of an IAsyncDisposable in async code",
            "'{0}' is IAsyncDisposable but is disposed synchronously in {1}; use 'await using' instead",
            Categories.SynchronousIO,
            DiagnosticSeverity.Warning,
            "A using statement or declaration calls Dispose, which for a file, a database connection or a writer flushes and closes synchronously. In async code, 'await using' calls DisposeAsync instead.");

        private static DiagnosticDescriptor Create(
            string id,
            string title,
            string messageFormat,
            string category,
            DiagnosticSeverity defaultSeverity,
            string description,
            params string[] extraTags)
        {
            return new DiagnosticDescriptor(
                id,
                title,
                messageFormat,
                category,
                defaultSeverity,
                isEnabledByDefault: true,
                description: description,
                helpLinkUri: HelpLinkBase + id + ".md",
                customTags: extraTags);
        }
    }
}
