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

        public static readonly DiagnosticDescriptor BlockingPrimitive = Create(
            RuleIds.BlockingPrimitive,
            "Blocking synchronization primitive in async code",
            "'{0}' {1} in {2}; {3}",
            Categories.Blocking,
            DiagnosticSeverity.Warning,
            "Synchronous waits on SemaphoreSlim, ManualResetEventSlim, WaitHandle (events, Mutex), Thread.Join, CountdownEvent, Barrier, Monitor.Wait and SpinWait.SpinUntil hold a thread in async code. Thread-affine locks (Monitor, ReaderWriterLockSlim, Mutex) held across an await may be released on another thread, which throws. Use SemaphoreSlim.WaitAsync or another async-aware primitive.");

        public static readonly DiagnosticDescriptor SyncOverAsync = Create(
            RuleIds.SyncOverAsync,
            "Blocking wait on a task in synchronous code",
            "'{0}' waits synchronously for a task in {1}, which can deadlock under a synchronization context and starves the thread pool; {2}",
            Categories.Blocking,
            DiagnosticSeverity.Info,
            "Sync-over-async: blocking on a task (.Result, .Wait(), .GetAwaiter().GetResult(), Task.WaitAll/WaitAny) from synchronous code deadlocks under a UI or classic ASP.NET synchronization context and holds a thread-pool thread everywhere else. Make the caller async and await the task, all the way up.");

        public static readonly DiagnosticDescriptor TransitiveBlocking = Create(
            RuleIds.TransitiveBlocking,
            "Async code calls a synchronous method that blocks",
            "'{0}' is synchronous and blocks further down ({1}), in {2}; {3}",
            Categories.Blocking,
            DiagnosticSeverity.Info,
            "An async method calls a synchronous method of the same project that, directly or through the methods it calls, blocks on a task, sleeps or waits on a blocking primitive. The blocking is hidden one or more calls away, but it holds the async caller's thread all the same.",
            WellKnownDiagnosticTags.CompilationEnd);

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
