using Microsoft.CodeAnalysis;

namespace AsyncLint
{
    /// <summary>Every AsyncLint <see cref="DiagnosticDescriptor"/>, built by one factory.</summary>
    public static class Descriptors
    {
        internal const string HelpLinkBase = "https://github.com/asynclint/asynclint/blob/main/docs/rules/";

        public static readonly DiagnosticDescriptor InvalidConfiguration = Create(
            RuleIds.InvalidConfiguration,
            "Invalid AsyncLint configuration",
            "{0}, {1}; {2}",
            Categories.Configuration,
            DiagnosticSeverity.Warning,
            "An asynclint.* key AsyncLint does not know, a value it cannot read, or a baseline file it cannot parse would otherwise be ignored without a word, and the setting the team believes is in force is not. The message names the key or file, where it is set and what is accepted.");

        public static readonly DiagnosticDescriptor StaleBaselineEntry = Create(
            RuleIds.StaleBaselineEntry,
            "Baseline entry matches no finding",
            Baseline.BaselineFile.StaleEntryMessageFormat,
            Categories.Configuration,
            DiagnosticSeverity.Warning,
            "The baseline accepts a finding that the build no longer reports: it was fixed, or its line changed. Left in the file, the entry would hide the same finding if it came back. Refresh the baseline so that it lists only today's findings.");

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
            "An async method calls a synchronous method of the same project that, directly or through the methods it calls, blocks on a task, sleeps, waits on a blocking primitive or does synchronous I/O that has an awaitable counterpart. The blocking is hidden one or more calls away, but it holds the async caller's thread all the same.",
            WellKnownDiagnosticTags.CompilationEnd);
        public static readonly DiagnosticDescriptor AsyncOverSync = Create(
            RuleIds.AsyncOverSync,
            "Async over sync: Task.Run around synchronous work with no UI thread to free",
            "'{0}' {1}",
            Categories.CpuBound,
            DiagnosticSeverity.Info,
            "Task.Run moves synchronous work to a thread-pool thread. That frees a UI thread, but in a library or on a server, where the caller already runs on a pool thread, awaiting it at once only adds a thread switch, and a method that wraps synchronous work in Task.Run looks like asynchronous I/O while it occupies a thread just the same. Expose synchronous work synchronously and let the caller that owns a UI thread decide to offload it.");

        public static readonly DiagnosticDescriptor TaskRunAroundAsync = Create(
            RuleIds.TaskRunAroundAsync,
            "Task.Run around work that is already asynchronous",
            "'{0}' queues already-asynchronous work to the thread pool only to start it; {1}",
            Categories.CpuBound,
            DiagnosticSeverity.Warning,
            "Task.Run exists to move synchronous, CPU-bound work off the current thread. Wrapping a call that already returns a task in it adds a thread-pool hop, an extra task and a delegate, and makes nothing more asynchronous: await or return the call's own task instead.");

        public static readonly DiagnosticDescriptor LostInnerTask = Create(
            RuleIds.LostInnerTask,
            "Lost inner task: a nested task observed only through its outer task",
            "'{0}' produces a Task<Task> whose outer task completes when the inner work reaches its first await, so the work's completion and exceptions are lost; use {1}",
            Categories.CpuBound,
            DiagnosticSeverity.Warning,
            "Task.Factory.StartNew and ContinueWith do not understand async delegates: given one, they return a Task<Task> whose outer task completes as soon as the delegate returns its task, at its first await. Awaiting, waiting on or storing only the outer task lets the real work run unobserved: it may still be running, and its exceptions are lost. Use Task.Run, which unwraps, or call .Unwrap().");

        public static readonly DiagnosticDescriptor AsyncWithoutAwait = Create(
            RuleIds.AsyncWithoutAwait,
            "Async function without await",
            "The {0} {1}: it runs synchronously to completion on the caller's thread; remove 'async' and return a completed task, or await the asynchronous work it should be doing",
            Categories.CpuBound,
            DiagnosticSeverity.Info,
            "An async method without await never yields: the caller runs the whole body synchronously, then gets an already-completed task. The signature promises asynchrony the code does not deliver (often CPU-bound or blocking work hides there), and the state machine costs an allocation for nothing. Remove 'async' and return Task.CompletedTask or Task.FromResult(...), keeping exceptions inside the returned task, or make the body really asynchronous.");
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
            "'{0}' is IAsyncDisposable but is disposed synchronously in {1}; use '{2}' instead",
            Categories.SynchronousIO,
            DiagnosticSeverity.Warning,
            "A using statement or declaration calls Dispose, which for a file, a database connection or a writer flushes and closes synchronously. In async code, 'await using' calls DisposeAsync instead.");
        public static readonly DiagnosticDescriptor AsyncVoid = Create(
            RuleIds.AsyncVoid,
            "Async void method or local function",
            "{0} is async void: {1}",
            Categories.AsyncVoid,
            DiagnosticSeverity.Warning,
            "An async void method returns no task: its caller cannot await it, cannot know when it has finished, and an exception it throws is raised on the synchronization context (or the thread pool), where it crashes the process. Return Task instead; keep async void only for event handlers.");

        public static readonly DiagnosticDescriptor AsyncLambdaToVoidDelegate = Create(
            RuleIds.AsyncLambdaToVoidDelegate,
            "Async lambda converted to a void-returning delegate",
            "{0} is converted to the void-returning delegate '{1}': {2}; {3}",
            Categories.AsyncVoid,
            DiagnosticSeverity.Warning,
            "An async lambda passed where an Action-like delegate is expected becomes an async void method: the method that calls it (List<T>.ForEach, Parallel.ForEach, a Timer, a Thread) returns at its first await, believing the work is done, and an exception it throws is raised where nobody can catch it. Use a loop with await, Parallel.ForEachAsync, or an API that takes a Task-returning delegate.");

        public static readonly DiagnosticDescriptor UnobservedTask = Create(
            RuleIds.UnobservedTask,
            "Unobserved task",
            "The {0} returned by '{1}' is dropped: {2}; {3}",
            Categories.AsyncVoid,
            DiagnosticSeverity.Warning,
            "A call that returns a task, used as a statement, starts work that nobody waits for: the code after it runs before the work has finished, and an exception the work throws is never seen. Await the task, or observe its exceptions, or write '_ = ...' to state that fire-and-forget is intended. The compiler's CS4014 already reports this inside async methods; this rule covers the rest (synchronous code, conditional calls), and stays silent where no exception can be lost or where the code cannot await and drops the task of code its author knows.");

        public static readonly DiagnosticDescriptor TaskEscapesScope = Create(
            RuleIds.TaskEscapesScope,
            "Task escapes the scope it depends on",
            "'{0}' {1}; await it",
            Categories.AsyncVoid,
            DiagnosticSeverity.Warning,
            "A task outlives the statement that created it. Returned un-awaited from inside 'using', the resource it works with is disposed while it still runs; returned from inside 'try', its exceptions bypass the catch and the finally block runs before it completes; used as the resource of 'using', the task is disposed instead of its result. Await the task inside the scope.");

        public static readonly DiagnosticDescriptor NullTaskReturn = Create(
            RuleIds.NullTaskReturn,
            "Null returned from a Task-returning member",
            "{0} from {1}: awaiting it throws NullReferenceException; {2}",
            Categories.AsyncVoid,
            DiagnosticSeverity.Warning,
            "A non-async member that returns Task or Task<T> promises a task. Returning null breaks the promise: the caller's await throws NullReferenceException, far from the cause. Return Task.CompletedTask or Task.FromResult(value) instead (an async member may return null as a result: that is different).");

        /// <summary>Every descriptor, in catalog order.</summary>
        internal static System.Collections.Immutable.ImmutableArray<DiagnosticDescriptor> All { get; } = System.Collections.Immutable.ImmutableArray.Create(
            InvalidConfiguration, StaleBaselineEntry,
            BlockingWait, ThreadSleep, BlockingPrimitive, SyncOverAsync, TransitiveBlocking,
            SynchronousIO, AwaitUsing,
            AsyncVoid, AsyncLambdaToVoidDelegate, UnobservedTask, TaskEscapesScope, NullTaskReturn,
            AsyncOverSync, TaskRunAroundAsync, LostInnerTask, AsyncWithoutAwait);

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
