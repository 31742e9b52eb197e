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
            "{0} is converted to the void-returning delegate '{1}': nobody awaits it and an exception it throws crashes the process; {2}",
            Categories.AsyncVoid,
            DiagnosticSeverity.Warning,
            "An async lambda passed where an Action-like delegate is expected becomes an async void method: the method that calls it (List<T>.ForEach, Parallel.ForEach, a Timer, a Thread) returns at its first await, believing the work is done, and an exception it throws is raised where nobody can catch it. Use a loop with await, Parallel.ForEachAsync, or an API that takes a Task-returning delegate.");

        public static readonly DiagnosticDescriptor UnobservedTask = Create(
            RuleIds.UnobservedTask,
            "Unobserved task",
            "The task returned by '{0}' is dropped: nobody awaits it and its exceptions are lost; {1}",
            Categories.AsyncVoid,
            DiagnosticSeverity.Warning,
            "A call that returns a task, used as a statement, starts work that nobody waits for: the code after it runs before the work has finished, and an exception the work throws is never seen. Await the task, or write '_ = ...' to state that fire-and-forget is intended. The compiler's CS4014 already reports this inside async methods; this rule covers the rest (synchronous code, conditional calls).");

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
            "'{0}' can return a null task from {1}: awaiting it throws NullReferenceException; return '{2}' instead",
            Categories.AsyncVoid,
            DiagnosticSeverity.Warning,
            "A non-async member that returns Task or Task<T> promises a task. Returning null breaks the promise: the caller's await throws NullReferenceException, far from the cause. Return Task.CompletedTask or Task.FromResult(value) instead (an async member may return null as a result: that is different).");

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
