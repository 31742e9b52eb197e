using System.Diagnostics;
using System.Net.Sockets;

namespace AsyncLint.Experiments;

/// <summary>
/// The behaviours of tasks that the concept and rule pages state, each observed by running it: how exceptions come
/// out of a task, ValueTask's rules, where continuations run (TaskCompletionSource included), what Task.Run creates,
/// which blocking waits take a token, and what Dispose of a timer or a cancellation registration waits for.
/// Every line of the output is "what was done | what happened".
/// </summary>
public sealed class TasksExperiment : IExperiment
{
    public string Description => "task behaviours the pages state: exceptions, ValueTask, continuations, TaskCompletionSource, Task.Run, cancellation, Dispose";

    public string Usage => "--json PATH";

    public async Task RunAsync(Options options)
    {
        var facts = new List<Fact>();
        void Add(string topic, string code, string observed)
        {
            facts.Add(new Fact(topic, code, observed));
            Console.WriteLine($"| {topic} | `{code}` | {observed} |");
        }

        Console.WriteLine("| topic | code | observed |");
        Console.WriteLine("|---|---|---|");
        await Exceptions(Add);
        await ValueTasks(Add);
        await Continuations(Add);
        await Cancellation(Add);
        await Disposal(Add);

        JsonReport.Write(options.String("json"), new
        {
            experiment = "tasks",
            command = "dotnet run -c Release --project samples/AsyncLint.Experiments -- tasks " + options,
            machine = MachineInfo.Now(),
            loadAverage = MachineInfo.LoadAverage(),
            facts,
        });
    }

    private static async Task Exceptions(Action<string, string, string> add)
    {
        static Task<int> FaultedTwice()
        {
            var source = new TaskCompletionSource<int>();
            source.SetException(new Exception[] { new InvalidOperationException("first"), new ArgumentException("second") });
            return source.Task;
        }

        try
        {
            await FaultedTwice();
        }
        catch (Exception ex)
        {
            add("exceptions", "await t (t faulted with two exceptions)", "throws " + Describe(ex) + "; t.Exception holds " + FaultedTwice().Exception!.InnerExceptions.Count);
        }

        add("exceptions", "t.Result", "throws " + Catch(() => _ = FaultedTwice().Result)); // blocking on purpose: a completed task, to see the exception's shape
        add("exceptions", "t.Wait()", "throws " + Catch(() => FaultedTwice().Wait()));
        add("exceptions", "t.GetAwaiter().GetResult()", "throws " + Catch(() => FaultedTwice().GetAwaiter().GetResult()));

        var thrown = new Dictionary<string, int>();
        var held = 0;
        for (var i = 0; i < 20; i++)
        {
            var both = Task.WhenAll(FailAfterAsync(20, "A"), FailAfterAsync(10, "B"));
            try
            {
                await both;
            }
            catch (Exception ex)
            {
                thrown[ex.Message] = thrown.GetValueOrDefault(ex.Message) + 1;
                held = both.Exception!.InnerExceptions.Count;
            }
        }

        add("exceptions", "await Task.WhenAll(a, b), a failing after 20 ms with A, b after 10 ms with B; 20 times", "await threw " + string.Join(", ", thrown.OrderBy(t => t.Key).Select(t => t.Key + " " + t.Value + " times")) + "; the WhenAll task's Exception held " + held + " each time");

        var canceled = ThrowCanceledAsync();
        try
        {
            await canceled;
        }
        catch (Exception ex)
        {
            add("exceptions", "async method that throws OperationCanceledException", "task status " + canceled.Status + "; await throws " + Describe(ex));
        }

        add("exceptions", "canceled.Wait() on that task", "throws " + Catch(() => canceled.Wait()) + "; IsFaulted " + canceled.IsFaulted + ", Exception is null: " + (canceled.Exception is null));

        var failed = FailBeforeAwaitAsync();
        add("exceptions", "async method that throws before its first await", "the call returned a task (status " + failed.Status + "), it did not throw");
        try
        {
            await failed;
        }
        catch (Exception ex)
        {
            add("exceptions", "await of that task", "throws " + Describe(ex));
        }

        var context = new RecordingContext();
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        var caught = false;
        try
        {
            FailBeforeAwaitVoid();
        }
        catch (ArgumentException)
        {
            caught = true;
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        add("exceptions", "async void method that throws before its first await, called inside try/catch under a SynchronizationContext", $"the caller's catch saw it: {caught}; posted to the context: {context.Posted}");

        try
        {
            await NullTask()!;
            add("exceptions", "await of a null Task", "nothing thrown");
        }
        catch (Exception ex)
        {
            add("exceptions", "await of a null Task (a non-async member returned null)", "throws " + Describe(ex));
        }

        add("exceptions", "Task.WhenAll(new Task[] { Task.CompletedTask, null! })", "throws " + Catch(() => Task.WhenAll(new Task[] { Task.CompletedTask, null! })));
    }

    private static async Task ValueTasks(Action<string, string, string> add)
    {
        var (client, server) = await Loopback.SocketPairAsync();
        using (client)
        using (server)
        {
            server.Send(new byte[] { 1 });
            var received = client.ReceiveAsync(new byte[16].AsMemory(), SocketFlags.None);
            var first = await received;
            var again = await received;
            add("ValueTask", "var vt = socket.ReceiveAsync(buffer); await vt; await vt;", $"first await: {first} byte(s); second await, nothing else done meanwhile: {again}");

            var next = client.ReceiveAsync(new byte[16].AsMemory(), SocketFlags.None); // the socket reuses the object behind 'received'
            add("ValueTask", "… then var next = socket.ReceiveAsync(buffer); await vt;", Observe(() => received.GetAwaiter().GetResult()));
            server.Send(new byte[] { 2, 3 });
            add("ValueTask", "… once 2 more bytes arrived: await next;", "returned " + await next);

            var pending = client.ReceiveAsync(new byte[16].AsMemory(), SocketFlags.None);
            var clock = Stopwatch.StartNew();
            var blocked = Task.Run(() => Observe(() => pending.Result)); // blocking on an unfinished ValueTask on purpose: the measured case
            var finished = await Task.WhenAny(blocked, Task.Delay(1000)) == blocked;
            add("ValueTask", "vt.Result on an unfinished socket ValueTask (no data sent yet)", finished ? blocked.Result + " after " + clock.ElapsedMilliseconds + " ms, without waiting for the data" : "still blocked after 1 s");
            server.Send(new byte[] { 4 });
            add("ValueTask", "… once 1 byte arrived: await vt;", Observe(() => pending.GetAwaiter().GetResult()));
        }
    }

    private static async Task Continuations(Action<string, string, string> add)
    {
        foreach (var options in new[] { TaskCreationOptions.None, TaskCreationOptions.RunContinuationsAsynchronously })
        {
            var source = new TaskCompletionSource(options);
            var continuationThread = 0;
            var waiter = ContinueAsync();
            async Task ContinueAsync()
            {
                await source.Task;
                continuationThread = Environment.CurrentManagedThreadId;
                Thread.Sleep(100); // the continuation's own work: 100 ms on whatever thread runs it
            }

            var setterThread = 0;
            long setResultMs = 0;
            var setter = new Thread(() =>
            {
                setterThread = Environment.CurrentManagedThreadId;
                var clock = Stopwatch.StartNew();
                source.SetResult();
                setResultMs = clock.ElapsedMilliseconds;
            });
            setter.Start();
            setter.Join();
            await waiter;
            var name = options == TaskCreationOptions.None ? "new TaskCompletionSource()" : "new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)";
            add("TaskCompletionSource", name + "; SetResult() while an async method awaits its Task", $"SetResult took {setResultMs} ms; the continuation ran on {(continuationThread == setterThread ? "the thread that called SetResult, inside the call" : "another thread")}");
        }

        await Task.Delay(10);
        add("continuations", "await Task.Delay(10) with no synchronization context", "the code after it ran on a thread-pool thread: " + Thread.CurrentThread.IsThreadPoolThread);

        var exclusive = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;
        var (captured, notCaptured) = await Task.Factory.StartNew(
            async () =>
            {
                await Task.Delay(10);
                var afterPlainAwait = TaskScheduler.Current == exclusive;
                await Task.Delay(10).ConfigureAwait(false);
                return (afterPlainAwait, TaskScheduler.Current == exclusive);
            },
            CancellationToken.None,
            TaskCreationOptions.None,
            exclusive).Unwrap();
        add("continuations", "await inside a task running on a custom TaskScheduler", $"after 'await': still on that scheduler: {captured}; after 'await ….ConfigureAwait(false)': {notCaptured}");

        var before = ProcessStatus.Read().OsThreads;
        var poolBefore = ThreadPool.ThreadCount;
        var completedBefore = ThreadPool.CompletedWorkItemCount;
        await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => { })));
        add("Task.Run", "1000 × Task.Run(() => { })", $"work items completed: {ThreadPool.CompletedWorkItemCount - completedBefore}; OS threads {before} → {ProcessStatus.Read().OsThreads}; pool threads {poolBefore} → {ThreadPool.ThreadCount}");
    }

    private static async Task Cancellation(Action<string, string, string> add)
    {
        void Blocking(string code, Action<CancellationToken> wait)
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
            var clock = Stopwatch.StartNew();
            var outcome = Catch(() => wait(cancel.Token));
            add("cancellation", code + ", token cancelled after 100 ms", "throws " + outcome + " after " + clock.ElapsedMilliseconds + " ms");
        }

        var never = new TaskCompletionSource().Task;
        Blocking("never.Wait(token)", never.Wait); // a blocking wait with a token on purpose: the measured case
        using (var semaphore = new SemaphoreSlim(0))
        {
            Blocking("new SemaphoreSlim(0).Wait(token)", semaphore.Wait);
        }

        using (var signal = new ManualResetEventSlim(false))
        {
            Blocking("new ManualResetEventSlim().Wait(token)", signal.Wait);
        }

        async Task Awaited(string code, Func<CancellationToken, Task> wait)
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
            var clock = Stopwatch.StartNew();
            string outcome;
            try
            {
                await wait(cancel.Token);
                outcome = "nothing";
            }
            catch (Exception ex)
            {
                outcome = Describe(ex);
            }

            add("cancellation", code + ", token cancelled after 100 ms", "throws " + outcome + " after " + clock.ElapsedMilliseconds + " ms");
        }

        await Awaited("await Task.Delay(5000, token)", token => Task.Delay(5000, token));
        using (var semaphore = new SemaphoreSlim(0))
        {
            await Awaited("await new SemaphoreSlim(0).WaitAsync(token)", semaphore.WaitAsync);
        }

        var (client, server) = await Loopback.SocketPairAsync();
        using (client)
        using (server)
        {
            await Awaited("await socket.ReceiveAsync(buffer, token) with no data coming", token => client.ReceiveAsync(new byte[16].AsMemory(), SocketFlags.None, token).AsTask());
        }

        using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50)))
        {
            var clock = Stopwatch.StartNew();
            var run = Task.Run(() => Thread.Sleep(300), cancel.Token); // a token that ignores cancellation once the work has started
            try
            {
                await run;
            }
            catch (OperationCanceledException)
            {
            }

            add("cancellation", "Task.Run(() => Thread.Sleep(300), token), token cancelled after 50 ms", $"status {run.Status} after {clock.ElapsedMilliseconds} ms: the token is checked only before the work starts");
        }

        var ran = false;
        var early = Task.Run(() => { ran = true; }, new CancellationToken(canceled: true));
        try
        {
            await early;
        }
        catch (OperationCanceledException)
        {
        }

        add("cancellation", "Task.Run(work, an already cancelled token)", $"status {early.Status}; the work ran: {ran}");
    }

    private static async Task Disposal(Action<string, string, string> add)
    {
        foreach (var asynchronously in new[] { false, true })
        {
            using var started = new ManualResetEventSlim();
            var timer = new Timer(_ =>
            {
                started.Set();
                Thread.Sleep(300); // a long callback, so that Dispose finds it running
            });
            timer.Change(0, Timeout.Infinite);
            started.Wait();
            var clock = Stopwatch.StartNew();
            if (asynchronously)
            {
                await timer.DisposeAsync();
            }
            else
            {
                timer.Dispose();
            }

            add("Dispose", (asynchronously ? "await timer.DisposeAsync()" : "timer.Dispose()") + " while its 300 ms callback runs", $"returned after {clock.ElapsedMilliseconds} ms");
            await Task.Delay(400);
        }

        foreach (var how in new[] { "Dispose()", "await DisposeAsync()", "Unregister()" })
        {
            using var cancel = new CancellationTokenSource();
            using var started = new ManualResetEventSlim();
            var registration = cancel.Token.Register(() =>
            {
                started.Set();
                Thread.Sleep(300); // a long callback, so that Dispose finds it running
            });
            var canceling = Task.Run(cancel.Cancel);
            started.Wait();
            var clock = Stopwatch.StartNew();
            switch (how)
            {
                case "Dispose()":
                    registration.Dispose();
                    break;
                case "await DisposeAsync()":
                    await registration.DisposeAsync();
                    break;
                default:
                    registration.Unregister();
                    break;
            }

            add("Dispose", "CancellationTokenRegistration." + how + " while its 300 ms callback runs", $"returned after {clock.ElapsedMilliseconds} ms");
            await canceling;
        }
    }

    private static Task? NullTask() => DateTime.UtcNow.Year > 0 ? null : Task.CompletedTask;

    private static async void FailBeforeAwaitVoid()
    {
        if (DateTime.UtcNow.Year > 0)
        {
            throw new ArgumentException("invalid argument, thrown before the first await");
        }

        await Task.Yield();
    }

    /// <summary>A context that only records what is posted to it (the exception of an async void method arrives as a post).</summary>
    private sealed class RecordingContext : SynchronizationContext
    {
        public int Posted { get; private set; }

        public override void Post(SendOrPostCallback d, object? state) => Posted++;

        public override void OperationStarted()
        {
        }

        public override void OperationCompleted()
        {
        }
    }

    private static async Task FailAfterAsync(int ms, string message)
    {
        await Task.Delay(ms);
        throw new InvalidOperationException(message);
    }

    private static async Task ThrowCanceledAsync()
    {
        await Task.Yield();
        throw new OperationCanceledException("stopped");
    }

    private static async Task FailBeforeAwaitAsync()
    {
        if (DateTime.UtcNow.Year > 0)
        {
            throw new ArgumentException("invalid argument, thrown before the first await");
        }

        await Task.Yield();
    }

    /// <summary>"returned 5" or "throws InvalidOperationException: …", without waiting for anything itself.</summary>
    private static string Observe(Func<int> read)
    {
        try
        {
            return "returned " + read();
        }
        catch (Exception ex)
        {
            return "throws " + Describe(ex);
        }
    }

    private static string Catch(Action action)
    {
        try
        {
            action();
            return "nothing";
        }
        catch (Exception ex)
        {
            return Describe(ex);
        }
    }

    /// <summary>"AggregateException [InvalidOperationException: first]" or "InvalidOperationException: first".</summary>
    private static string Describe(Exception ex)
        => ex is AggregateException aggregate
            ? "AggregateException [" + string.Join(", ", aggregate.InnerExceptions.Select(Describe)) + "]"
            : ex.GetType().Name + ": " + ex.Message;

    private sealed record Fact(string Topic, string Code, string Observed);
}
