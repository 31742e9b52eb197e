using System.Collections.Immutable;

namespace AsyncLint.Core
{
    /// <summary>
    /// The keys of <see cref="Microsoft.CodeAnalysis.Diagnostic.Properties"/> that more than one rule's fix reads: the
    /// shared await engine (<see cref="Fix"/>, <see cref="MakeAsync"/>, <see cref="AsyncConversion"/>, the target's
    /// location) and values several contracts carry. What a rule hands its fixer is a typed contract next to its analyzer
    /// (<c>Rules/&lt;Rule&gt;Fix.cs</c>, e.g. <see cref="Rules.BlockingWaitFix"/>), written with <c>ToProperties</c> and
    /// read with <c>From</c>; keys only one rule uses are private to its contract. A diagnostic without
    /// <see cref="Fix"/> has no safe rewrite and gets no code fix; its contract says why.
    /// </summary>
    internal static class DiagnosticProperties
    {
        /// <summary>Which rewrite applies (values in <see cref="FixKinds"/>).</summary>
        public const string Fix = "Fix";

        /// <summary>The enclosing function is not <c>async</c>: the fix adds the modifier and rewrites its returns.</summary>
        public const string MakeAsync = "MakeAsync";

        /// <summary>
        /// A synchronous member the fix may turn async without breaking callers (values in
        /// <see cref="SyncToAsyncConversion"/>): an event handler gains <c>async</c>, a void test method becomes <c>async Task</c>.
        /// </summary>
        public const string AsyncConversion = "AsyncConversion";

        /// <summary>The name of the awaitable counterpart to call instead (<c>LoadAsync</c> for <c>Load</c>).</summary>
        public const string Counterpart = "Counterpart";

        /// <summary>The CancellationToken expression to forward, when one is in scope.</summary>
        public const string CancellationToken = "CancellationToken";

        /// <summary>
        /// The node the fix rewrites is the diagnostic's first additional location, not its location (ASYNC302 reports the
        /// lambda but rewrites the <c>ForEach</c> call around it).
        /// </summary>
        public const string FixTargetIsAdditionalLocation = "FixTargetIsAdditionalLocation";

        /// <summary>The file writes <c>.ConfigureAwait(false)</c>: the added await does too.</summary>
        public const string ConfigureAwaitFalse = "ConfigureAwaitFalse";

        /// <summary>
        /// The node to replace is the diagnostic's first additional location, not the reported span (which is only, say,
        /// the member name the user should look at).
        /// </summary>
        public const string TargetIsAdditionalLocation = "TargetIsAdditionalLocation";

        /// <summary>The keys every contract starts from: the rewrite, whether it makes the function async, the token in scope.</summary>
        public static ImmutableDictionary<string, string?> Create(string fix, bool makeAsync, string? cancellationToken = null)
        {
            var builder = ImmutableDictionary.CreateBuilder<string, string?>();
            builder[Fix] = fix;
            if (makeAsync)
            {
                builder[MakeAsync] = "true";
            }

            if (cancellationToken != null)
            {
                builder[CancellationToken] = cancellationToken;
            }

            return builder.ToImmutable();
        }

        /// <summary>Adds <paramref name="key"/> as a flag when <paramref name="on"/>; a contract reads it back with <c>ContainsKey</c>.</summary>
        public static ImmutableDictionary<string, string?> WithFlag(this ImmutableDictionary<string, string?> properties, string key, bool on)
            => on ? properties.Add(key, "true") : properties;

        /// <summary>Adds <paramref name="key"/> with <paramref name="value"/> unless it is null.</summary>
        public static ImmutableDictionary<string, string?> WithValue(this ImmutableDictionary<string, string?> properties, string key, string? value)
            => value is null ? properties : properties.Add(key, value);
    }

    internal static class FixKinds
    {
        /// <summary>Replace the blocking expression with <c>await task</c>.</summary>
        public const string Await = "Await";

        /// <summary><c>task.Wait(timeout/ct)</c> → <c>await task.WaitAsync(timeout, ct)</c>.</summary>
        public const string WaitAsync = "WaitAsync";

        /// <summary><c>Task.WaitAll(…)</c> → <c>await Task.WhenAll(…)</c> (with <c>.WaitAsync(ct)</c> when a token was passed).</summary>
        public const string WhenAll = "WhenAll";

        /// <summary><c>Task.WaitAny(…)</c> as a statement → <c>await Task.WhenAny(…)</c>.</summary>
        public const string WhenAny = "WhenAny";

        /// <summary><c>semaphore.Wait(args)</c> → <c>await semaphore.WaitAsync(args, ct)</c>: the same receiver's awaitable twin.</summary>
        public const string AsyncAlternative = "AsyncAlternative";

        /// <summary><c>Thread.Sleep(x)</c> → <c>await Task.Delay(x, ct)</c>.</summary>
        public const string Delay = "Delay";

        /// <summary><c>Task.Run(() =&gt; FooAsync())</c> → <c>FooAsync()</c> (ASYNC402).</summary>
        public const string CallDirectly = "CallDirectly";

        /// <summary>A <c>Task&lt;Task&gt;</c> → <c>.Unwrap()</c> (or <c>Task.Run</c> for a plain StartNew) (ASYNC403).</summary>
        public const string Unwrap = "Unwrap";

        /// <summary>Remove <c>async</c>, return completed tasks, route exceptions through the task (ASYNC404).</summary>
        public const string RemoveAsync = "RemoveAsync";

        /// <summary><c>await Task.Run(() =&gt; Work(x), ct)</c> → <c>ct.ThrowIfCancellationRequested(); Work(x)</c> (ASYNC401).</summary>
        public const string RunInline = "RunInline";

        /// <summary>A fake-async wrapper → a synchronous method returning the work's value; callers' awaits removed (ASYNC401).</summary>
        public const string MakeSynchronous = "MakeSynchronous";
        /// <summary><c>x.Name(args)</c> → <c>await x.NameAsync(args, ct)</c> (the counterpart is named in the properties).</summary>
        public const string AsyncCounterpart = "AsyncCounterpart";

        /// <summary><c>foreach (var x in Name(args))</c> → <c>await foreach (var x in NameAsync(args, ct))</c>.</summary>
        public const string AwaitForEach = "AwaitForEach";

        /// <summary><c>using</c> → <c>await using</c>.</summary>
        public const string AwaitUsing = "AwaitUsing";
        /// <summary><c>async void M()</c> → <c>async Task M()</c>, awaiting its statement calls in async callers.</summary>
        public const string ReturnTask = "ReturnTask";

        /// <summary><c>FooAsync();</c> → <c>_ = FooAsync();</c>: fire-and-forget made explicit.</summary>
        public const string Discard = "Discard";

        /// <summary><c>list.ForEach(async x => …)</c> / <c>Array.ForEach</c> → <c>foreach (var x in list) { … await … }</c>.</summary>
        public const string ForEachLoop = "ForEachLoop";

        /// <summary>
        /// <c>new Thread(async () =&gt; …).Start();</c> → <c>_ = Task.Run(async () =&gt; …);</c>: the thread lived only to the
        /// lambda's first await; the task keeps what it throws instead of crashing the process (ASYNC302).
        /// </summary>
        public const string TaskRun = "TaskRun";

        /// <summary>
        /// <c>Register(async x =&gt; …);</c> → <c>[await] RegisterAsync(async (x, ct) =&gt; …);</c>: the overload whose delegate
        /// returns a task (<see cref="TaskDelegateOverloads"/>; the overload and the lambda's argument in
        /// <see cref="Rules.AsyncLambdaToVoidDelegateFix"/>) (ASYNC302).
        /// </summary>
        public const string TaskOverload = "TaskOverload";

        /// <summary>
        /// <c>new Timer(async _ =&gt; body, …)</c> → <c>new Timer(async _ =&gt; { try { body } catch (Exception ex) { Trace.TraceError(…); } }, …)</c>:
        /// nothing awaits a function whose void is forced (a timer's or a thread's callback, a void delegate with no
        /// task-returning overload, an interface's void member), and the exception is traced instead of crashing the process
        /// (ASYNC302, the exception variable's name in <see cref="Rules.AsyncLambdaToVoidDelegateFix.NewParameterName"/>;
        /// ASYNC301, in <see cref="Rules.AsyncVoidFix.ExceptionName"/>).
        /// </summary>
        public const string CatchInside = "CatchInside";

        /// <summary><c>Parallel.ForEach/For(…, async x => …)</c> → <c>await Parallel.ForEachAsync/ForAsync(…, async (x, ct) => …)</c>.</summary>
        public const string ParallelAsync = "ParallelAsync";

        /// <summary><c>return null;</c> → <c>return Task.CompletedTask;</c> / <c>Task.FromResult&lt;T&gt;(default)</c>.</summary>
        public const string CompletedTask = "CompletedTask";

        /// <summary><c>return x?.FooAsync();</c> → <c>return x?.FooAsync() ?? Task.CompletedTask;</c>.</summary>
        public const string CoalesceCompletedTask = "CoalesceCompletedTask";
    }
}
