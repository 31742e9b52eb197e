using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncLint.Tests.Verifiers.CSharpCodeFixVerifier<AsyncLint.Rules.UnobservedTaskAnalyzer, AsyncLint.CodeFixes.Rules.UnobservedTaskCodeFixProvider>;

namespace AsyncLint.Tests.Rules
{
    public class UnobservedTaskTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private const string Lost = "nobody awaits it and its exceptions are lost";
        private const string SyncRemedy = "observe it (log its exceptions in a continuation or an observing helper), or write '_ = ...' if fire-and-forget is intended";
        private const string AsyncRemedy = "await it, or write '_ = ...' if fire-and-forget is intended";

        // ---------- sync code: '_ =' ----------

        [Fact]
        public Task Dropped_task_in_sync_code_is_discarded_explicitly()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    void Start(Func<Task> work, SemaphoreSlim gate)
    {
        {|#0:Task.Run(work)|};
        {|#1:gate.WaitAsync()|};
        {|#2:Task.Delay(100).ConfigureAwait(false)|};
    }
}",
                new[]
                {
                    Verify.Diagnostic("ASYNC303").WithLocation(0).WithArguments("task", "Task.Run", Lost, SyncRemedy),
                    Verify.Diagnostic("ASYNC303").WithLocation(1).WithArguments("task", "gate.WaitAsync", "the work may still run after method 'Start' returns, and its exceptions are lost", "call its synchronous counterpart 'Wait' instead, or write '_ = ...' if fire-and-forget is intended"),
                    Verify.Diagnostic("ASYNC303").WithLocation(2).WithArguments("task", "Task.Delay(100).ConfigureAwait", Lost, SyncRemedy),
                },
                Usings + @"
class C
{
    void Start(Func<Task> work, SemaphoreSlim gate)
    {
        _ = Task.Run(work);
        _ = gate.WaitAsync();
        _ = Task.Delay(100).ConfigureAwait(false);
    }
}");

        [Fact]
        public Task ValueTask_and_expression_bodies_are_flagged()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    ValueTask FlushAsync() => new ValueTask(Task.Delay(1));
    void Flush() => {|#0:FlushAsync()|};
    void Each(List<int> items) => items.ForEach(i => {|#1:FlushAsync()|});
}",
                new[]
                {
                    Verify.Diagnostic("ASYNC303").WithLocation(0).WithArguments("task", "FlushAsync", "the work may still run after method 'Flush' returns, and its exceptions are lost", "do the work synchronously here, or write '_ = ...' if fire-and-forget is intended"),
                    Verify.Diagnostic("ASYNC303").WithLocation(1).WithArguments("task", "FlushAsync", "the work may still run after the lambda returns, and its exceptions are lost", "call its synchronous counterpart 'Flush' instead, or write '_ = ...' if fire-and-forget is intended"),
                },
                Usings + @"
class C
{
    ValueTask FlushAsync() => new ValueTask(Task.Delay(1));
    void Flush() => _ = FlushAsync();
    void Each(List<int> items) => items.ForEach(i => _ = FlushAsync());
}");

        // ---------- async code the compiler misses: await ----------

        [Fact]
        public Task Conditional_call_in_async_method_is_flagged_and_only_discarded()
            => Verify.VerifyCodeFixAsync(Usings + @"
class Cache { public Task RefreshAsync() => Task.Delay(1); }
class C
{
    async Task RunAsync(Cache? cache)
    {
        {|#0:cache?.RefreshAsync()|};
        await Task.Yield();
    }
}",
                Verify.Diagnostic("ASYNC303").WithLocation(0).WithArguments("task", "cache?.RefreshAsync", Lost, SyncRemedy),
                Usings + @"
class Cache { public Task RefreshAsync() => Task.Delay(1); }
class C
{
    async Task RunAsync(Cache? cache)
    {
        _ = cache?.RefreshAsync();
        await Task.Yield();
    }
}");

        [Fact]
        public Task Task_returning_method_is_made_async_and_awaits()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    Task SaveAsync() => Task.Delay(1);

    Task<int> RunAsync()
    {
        {|#0:SaveAsync()|};
        return Task.FromResult(1);
    }
}",
                Verify.Diagnostic("ASYNC303").WithLocation(0).WithArguments("task", "SaveAsync", Lost, AsyncRemedy),
                Usings + @"
class C
{
    Task SaveAsync() => Task.Delay(1);

    async Task<int> RunAsync()
    {
        await SaveAsync();
        return 1;
    }
}");

        [Fact]
        public Task Discard_is_offered_in_async_code_too()
            => new Verify.Test
            {
                TestCode = Usings + @"
class C
{
    Task SaveAsync() => Task.Delay(1);
    Task RunAsync() { [|SaveAsync()|]; [|SaveAsync()|]; return Task.CompletedTask; }
}",
                FixedCode = Usings + @"
class C
{
    Task SaveAsync() => Task.Delay(1);
    Task RunAsync() { _ = SaveAsync(); _ = SaveAsync(); return Task.CompletedTask; }
}",
                CodeActionEquivalenceKey = "ASYNC303.Discard",
                CodeActionIndex = 1,
            }.RunAsync();

        [Fact]
        public Task Fix_all_awaits_every_call_and_makes_the_method_async_once()
            => new Verify.Test
            {
                TestCode = Usings + @"
class C
{
    Task SaveAsync() => Task.Delay(1);

    Task RunAsync(Cache? cache)
    {
        [|SaveAsync()|];
        [|SaveAsync()|];
        return SaveAsync();
    }

}
class Cache { }",
                // One fix makes the method async: the sibling call keeps running unawaited, now explicitly (no CS4014).
                FixedCode = Usings + @"
class C
{
    Task SaveAsync() => Task.Delay(1);

    async Task RunAsync(Cache? cache)
    {
        await SaveAsync();
        _ = SaveAsync();
        await SaveAsync();
    }

}
class Cache { }",
                BatchFixedCode = Usings + @"
class C
{
    Task SaveAsync() => Task.Delay(1);

    async Task RunAsync(Cache? cache)
    {
        await SaveAsync();
        await SaveAsync();
        await SaveAsync();
    }

}
class Cache { }",
                CodeActionEquivalenceKey = "ASYNC303.Await",
            }.RunAsync();

        [Fact]
        public Task Awaiting_one_of_two_dropped_tasks_discards_the_other_explicitly()
            => new Verify.Test
            {
                TestCode = Usings + @"
class C
{
    Task SaveAsync() => Task.Delay(1);
    Task LogAsync(string text) => Task.Delay(text.Length);

    Task RunAsync()
    {
        [|SaveAsync()|];
        [|LogAsync(""saved"")|];
        return Task.CompletedTask;
    }
}",
                // Awaited, LogAsync would delay the method's end and throw into it: only the fixed call changes meaning.
                FixedCode = Usings + @"
class C
{
    Task SaveAsync() => Task.Delay(1);
    Task LogAsync(string text) => Task.Delay(text.Length);

    async Task RunAsync()
    {
        await SaveAsync();
        _ = LogAsync(""saved"");
    }
}",
                BatchFixedCode = Usings + @"
class C
{
    Task SaveAsync() => Task.Delay(1);
    Task LogAsync(string text) => Task.Delay(text.Length);

    async Task RunAsync()
    {
        await SaveAsync();
        await LogAsync(""saved"");
    }
}",
                CodeActionEquivalenceKey = "ASYNC303.Await",
            }.RunAsync();

        [Fact]
        public Task Awaiting_one_of_three_dropped_tasks_discards_the_others_and_leaves_nested_functions_alone()
            => new Verify.Test
            {
                TestCode = Usings + @"
class C
{
    Task SaveAsync() => Task.Delay(1);

    Task<int> RunAsync(bool flush, List<int> items)
    {
        [|SaveAsync()|];
        if (flush)
        {
            [|SaveAsync()|];
        }

        items.ForEach(i => [|SaveAsync()|]);
        [|SaveAsync().ConfigureAwait(false)|];
        return Task.FromResult(items.Count);
    }
}",
                FixedCode = Usings + @"
class C
{
    Task SaveAsync() => Task.Delay(1);

    async Task<int> RunAsync(bool flush, List<int> items)
    {
        await SaveAsync();
        if (flush)
        {
            _ = SaveAsync();
        }

        items.ForEach(i => [|SaveAsync()|]);
        _ = SaveAsync().ConfigureAwait(false);
        return items.Count;
    }
}",
                BatchFixedCode = Usings + @"
class C
{
    Task SaveAsync() => Task.Delay(1);

    async Task<int> RunAsync(bool flush, List<int> items)
    {
        await SaveAsync();
        if (flush)
        {
            await SaveAsync();
        }

        items.ForEach(i => [|SaveAsync()|]);
        await SaveAsync().ConfigureAwait(false);
        return items.Count;
    }
}",
                CodeActionEquivalenceKey = "ASYNC303.Await",
                // The lambda's drop stays reported (its fix is the discard, which this test does not apply).
                FixedState = { MarkupHandling = MarkupMode.Allow },
                BatchFixedState = { MarkupHandling = MarkupMode.Allow },
                NumberOfIncrementalIterations = 1,
                NumberOfFixAllIterations = 1,
            }.RunAsync();

        // ---------- not flagged ----------

        [Fact]
        public Task What_the_compiler_reports_is_not_double_reported()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    static async Task SourceAsync() => await Task.Yield();
    static Task Plain() => Task.CompletedTask;

    void Sync()
    {
        SourceAsync(); // CS4014
    }

    async Task InAsync()
    {
        Plain(); // CS4014
        Task.Run(() => 1); // CS4014
        await Task.Yield();
    }
}");

        [Fact]
        public Task Observed_and_non_task_statements_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
static class TaskExtensions
{
    public static void Forget(this Task task) { }
    public static Task SafeFireAndForget(this Task task) => task;
    public static Task ObserveErrors(this Task task) => task;
}
[Flags] enum Flags { None = 0, FireAndForget = 2 }
class Builder { public Builder Returns(Task value) => this; }
class C
{
    Task SaveAsync() => Task.CompletedTask;
    Task<bool> Send(string key, Flags flags) => Task.FromResult(true);

    void Sync(Builder builder, TaskCompletionSource<int> tcs)
    {
        _ = SaveAsync();
        var pending = SaveAsync();
        SaveAsync().Forget();
        SaveAsync().SafeFireAndForget();
        SaveAsync().ObserveErrors();
        Send(""key"", Flags.FireAndForget | Flags.None);
        SaveAsync().ContinueWith(t => Console.WriteLine(t.Exception), TaskContinuationOptions.OnlyOnFaulted);
        builder.Returns(Task.FromResult(1));
        tcs.SetResult(1);
        Func<Task> later = () => SaveAsync();
        Console.WriteLine();
    }
}");

        [Fact]
        public Task Task_Run_of_work_that_catches_everything_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    Task WorkAsync() => Task.CompletedTask;

    void Start()
    {
        Task.Run(async () =>
        {
            try { await WorkAsync(); }
            catch (Exception ex) { Console.WriteLine(ex); }
        });
        Task.Factory.StartNew(() => { try { Console.WriteLine(); } catch { } });
        [|Task.Run(() => { try { Console.WriteLine(); } catch (InvalidOperationException) { } })|];
        [|Task.Run(() => { try { Console.WriteLine(); } catch (Exception) when (DateTime.Now.Second > 0) { } })|];
    }
}");

        [Fact]
        public Task Configured_observing_methods_are_not_flagged()
            => new Verify.Test
            {
                TestCode = Usings + @"
static class Ext { public static Task LogFailures(this Task task) => task; }
class C
{
    Task SaveAsync() => Task.CompletedTask;
    void Sync() { SaveAsync().LogFailures(); }
}",
                Options = { ["asynclint.ASYNC303.observing_methods"] = "LogFailures, Other" },
            }.RunAsync();

        [Fact]
        public Task NSubstitute_verification_calls_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
namespace NSubstitute
{
    public static class SubstituteExtensions { public static T Received<T>(this T substitute, int count = 1) => substitute; public static T DidNotReceive<T>(this T substitute) => substitute; }
    public static class Received { public static void InOrder(Action calls) { } }
}
namespace App
{
    using NSubstitute;
    public interface ISender { Task SendAsync(string message); }
    class Tests
    {
        void Verify(ISender sender)
        {
            sender.Received(1).SendAsync(""a"");
            sender.DidNotReceive().SendAsync(""b"");
            NSubstitute.Received.InOrder(() => { sender.SendAsync(""c""); });
        }
    }
}");

        [Fact]
        public Task Expression_trees_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
using System.Linq.Expressions;
interface IService { Task RunAsync(); }
class C
{
    void Setup(Expression<Action<IService>> call) { }
    void M() => Setup(s => s.RunAsync());
}");

        // ---------- is the exception observed? ----------

        [Fact]
        public Task Callee_that_only_returns_completed_tasks_is_not_flagged_unless_dispatched_virtually()
            => Verify.VerifyAnalyzerAsync(Usings + @"
interface IPasswords { Task ChangePassword(string password); }
class Service : IPasswords
{
    string? _hash;
    public Task ChangePassword(string password)
    {
        if (string.IsNullOrEmpty(password))
        {
            _hash = null;
            return Task.CompletedTask;
        }

        _hash = password.GetHashCode().ToString();
        return Task.CompletedTask;
    }

    protected virtual Task AfterRefresh(int item) => Task.FromResult(item);
    ValueTask Flushed() => default;

    async Task RotateAsync(IPasswords passwords) => await passwords.ChangePassword(""rotated"");

    void Migrate(IPasswords passwords)
    {
        ChangePassword(""new"");
        Flushed();
        {|#0:passwords.ChangePassword(""new"")|};
    }
}
class Derived : Service
{
    protected override Task AfterRefresh(int item)
    {
        base.AfterRefresh(item);
        return Task.CompletedTask;
    }

    void Refresh() => {|#1:AfterRefresh(1)|};
}",
                Verify.Diagnostic("ASYNC303").WithLocation(0).WithArguments("task", "passwords.ChangePassword", Lost, SyncRemedy),
                Verify.Diagnostic("ASYNC303").WithLocation(1).WithArguments("task", "AfterRefresh", Lost, SyncRemedy));

        [Fact]
        public Task Work_that_catches_everything_itself_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    async Task GuardedAsync()
    {
        try { await Task.Delay(1); }
        catch (Exception ex) { Console.WriteLine(ex); }
    }

    async Task RethrowsAsync()
    {
        try { await Task.Delay(1); }
        catch (Exception ex) { Console.WriteLine(ex); throw; }
    }

    async Task FilteredAsync()
    {
        try { await Task.Delay(1); }
        catch (Exception ex) when (ex is TimeoutException) { }
    }

    async Task StartsOutsideTheTryAsync()
    {
        await Task.Delay(1);
        try { await Task.Delay(1); }
        catch { }
    }

    void ProcessQueue()
    {
        try { Console.WriteLine(); }
        catch (System.Exception) { }
    }

    void Start()
    {
        Task.Run(GuardedAsync);
        Task.Run(ProcessQueue);
        Task.Run(async () => await GuardedAsync().ConfigureAwait(false));
        Task.Run(() => GuardedAsync());
        Task.Factory.StartNew(() => { try { Console.WriteLine(); } catch { } });
        {|#0:Task.Run(RethrowsAsync)|};
        {|#1:Task.Run(FilteredAsync)|};
        {|#2:Task.Run(async () => await StartsOutsideTheTryAsync())|};
        {|#3:Task.Run(() => { try { Console.WriteLine(); } catch (InvalidOperationException) { } })|};
        {|#4:Task.Run(() => { try { Console.WriteLine(); } catch (Exception) when (DateTime.Now.Second > 0) { } })|};
    }
}",
                Verify.Diagnostic("ASYNC303").WithLocation(0).WithArguments("task", "Task.Run", Lost, SyncRemedy),
                Verify.Diagnostic("ASYNC303").WithLocation(1).WithArguments("task", "Task.Run", Lost, SyncRemedy),
                Verify.Diagnostic("ASYNC303").WithLocation(2).WithArguments("task", "Task.Run", Lost, SyncRemedy),
                Verify.Diagnostic("ASYNC303").WithLocation(3).WithArguments("task", "Task.Run", Lost, SyncRemedy),
                Verify.Diagnostic("ASYNC303").WithLocation(4).WithArguments("task", "Task.Run", Lost, SyncRemedy));

        [Fact]
        public Task Dropped_continuation_is_flagged_unless_it_handles_the_antecedents_failure()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    static readonly Action<Task> observeErrors = t => GC.KeepAlive(t.Exception);

    void Chain(Task load, Task<int> count, ILog log, Forwarder forwarder)
    {
        load.ContinueWith(t => log.Error(t.Exception), TaskContinuationOptions.OnlyOnFaulted);
        load.ContinueWith(observeErrors, TaskContinuationOptions.OnlyOnFaulted);
        load.ContinueWith(t => { if (t.IsFaulted) log.Error(t.Exception); else log.Info(""done""); });
        load.ContinueWith(static (completed, state) => ((Forwarder)state!).Forward(completed), forwarder, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        {|#0:load.ContinueWith(t => log.Info(""done""))|};
        {|#1:load.ContinueWith(async t => { await Task.Delay(1); log.Error(t.Exception); })|};
        {|#2:count.ContinueWith(t => log.Info(t.Result.ToString()))|};

        // Dapper's bridge into a TaskCompletionSource: a method that switches on the antecedent's Status.
        var source = new TaskCompletionSource<int>();
        count.ContinueWith(OnCompleted, source, TaskContinuationOptions.ExecuteSynchronously);
        {|#3:count.ContinueWith(OnlyResult, source)|};
    }

    static void OnCompleted(Task<int> completed, object? state)
    {
        var source = (TaskCompletionSource<int>)state!;
        switch (completed.Status)
        {
            case TaskStatus.RanToCompletion: source.SetResult(completed.Result); break;
            case TaskStatus.Canceled: source.SetCanceled(); break;
            default: source.SetException(completed.Exception!.InnerExceptions); break;
        }
    }

    // Near miss: reads only the result; a fault throws here and is lost with the continuation's task.
    static void OnlyResult(Task<int> completed, object? state) => ((TaskCompletionSource<int>)state!).SetResult(completed.Result);
}
class Forwarder { public void Forward(Task completed) { } }
interface ILog { void Error(Exception? e); void Info(string message); }",
                Verify.Diagnostic("ASYNC303").WithLocation(0).WithArguments("task", "load.ContinueWith", Lost, SyncRemedy),
                Verify.Diagnostic("ASYNC303").WithLocation(1).WithArguments("task", "load.ContinueWith", Lost, SyncRemedy),
                Verify.Diagnostic("ASYNC303").WithLocation(2).WithArguments("task", "count.ContinueWith", Lost, SyncRemedy),
                Verify.Diagnostic("ASYNC303").WithLocation(3).WithArguments("task", "count.ContinueWith", Lost, SyncRemedy));

        [Fact]
        public Task A_callback_on_a_task_held_elsewhere_and_a_home_made_observer_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
static class TaskExtensions
{
    // Sonarr's LogExceptions: an observer by what it does, not by its name.
    public static Task LogExceptions(this Task task)
    {
        task.ContinueWith(t => Console.WriteLine(t.Exception), TaskContinuationOptions.OnlyOnFaulted);
        return task;
    }

    // Not an observer: the continuation ignores a failure (the task is returned, so its callers hold it).
    public static Task Describe(this Task task)
    {
        task.ContinueWith(t => Console.WriteLine(""done""));
        return task;
    }
}

class Pending
{
    readonly Dictionary<long, Task> _tasks = new Dictionary<long, Task>();
    Task? _previous;

    public Task Completion { get; } = Task.Delay(1);

    void Remove(long id) => _tasks.Remove(id);

    // MassTransit's PendingTaskCollection: the task is stored, and the continuation only does bookkeeping.
    public void Add(long id, Task task)
    {
        _tasks.Add(id, task);
        task.ContinueWith(_ => Remove(id), TaskContinuationOptions.ExecuteSynchronously);
    }

    // NLog: the task is kept as the previous one; a property is its owner's to observe.
    public void Start(Func<Task> write)
    {
        var next = write();
        _previous = next;
        next.ContinueWith(_ => Remove(0));
        Completion.ContinueWith(_ => Remove(1));
    }

    public void Ticks(Func<Task> work)
    {
        work().LogExceptions();
        {|#0:work().Describe()|};
        var only = work();
        {|#1:only.ContinueWith(_ => Remove(2))|};
        {|#2:Completion.ContinueWith(async _ => { await Task.Yield(); Remove(3); })|};
    }
}",
                Verify.Diagnostic("ASYNC303").WithLocation(0).WithArguments("task", "work().Describe", Lost, SyncRemedy),
                Verify.Diagnostic("ASYNC303").WithLocation(1).WithArguments("task", "only.ContinueWith", Lost, SyncRemedy),
                Verify.Diagnostic("ASYNC303").WithLocation(2).WithArguments("task", "Completion.ContinueWith", Lost, SyncRemedy));

        // ---------- code that cannot await: deliberate fire-and-forget ----------

        [Fact]
        public Task Inside_lock_and_in_members_synchronous_by_contract_known_work_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
interface IGroupContext { Task SendGroupUpdate(string message); }
interface IGroupState { void HandleRequest(IGroupContext context, string request); }
abstract class StateBase : IGroupState
{
    public virtual void HandleRequest(IGroupContext context, string request) => context.SendGroupUpdate(request);
    public abstract void SessionJoined(IGroupContext context);
}
class Playing : StateBase
{
    public override void SessionJoined(IGroupContext context) { context.SendGroupUpdate(""joined""); }
}
class Manager : IDisposable
{
    readonly object _gate = new object();
    readonly IGroupContext _context;
    public event EventHandler? Changed;

    public Manager(IGroupContext context)
    {
        _context = context;
        _context.SendGroupUpdate(""created"");
    }

    public string Name { set => _context.SendGroupUpdate(value); }

    public void Queue(string request)
    {
        lock (_gate)
        {
            _context.SendGroupUpdate(request);
        }
    }

    void OnChanged(object? sender, EventArgs e) => _context.SendGroupUpdate(""changed"");

    public void Dispose() => _context.SendGroupUpdate(""disposed"");

    void Plain() { {|#0:_context.SendGroupUpdate(""plain"")|}; }

    async Task FlushAsync() => await _context.SendGroupUpdate(""flushed"");
}",
                Verify.Diagnostic("ASYNC303").WithLocation(0).WithArguments("task", "_context.SendGroupUpdate", Lost, SyncRemedy));

        [Fact]
        public Task Method_whose_task_every_call_drops_is_fire_and_forget_by_design()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Group
{
    public Task SendGroupUpdate(string message) => Task.Delay(message.Length);
    public Task SendCommand(string command) => Task.Delay(command.Length);

    public void Join(string session)
    {
        SendGroupUpdate(session + "" joined"");
        _ = SendGroupUpdate(""welcome"");
        {|#0:SendCommand(""sync"")|};
    }

    public void Leave(string session)
    {
        SendGroupUpdate(session + "" left"");
        {|#1:Task.Delay(1)|};
    }

    public async Task PlayAsync() => await SendCommand(""play"");
}",
                Verify.Diagnostic("ASYNC303").WithLocation(0).WithArguments("task", "SendCommand", Lost, SyncRemedy),
                Verify.Diagnostic("ASYNC303").WithLocation(1).WithArguments("task", "Task.Delay", Lost, SyncRemedy));

        [Fact]
        public Task A_callbacks_task_is_flagged_even_where_the_code_cannot_await()
            => Verify.VerifyAnalyzerAsync(Usings + @"
delegate Task AsyncEventHandler<TArgs>(object sender, TArgs args);
class Channel
{
    readonly object _gate = new object();
    readonly List<AsyncEventHandler<string>> _handlers = new List<AsyncEventHandler<string>>();
    string? _closeReason;

    public event AsyncEventHandler<string> ChannelShutdownAsync
    {
        add
        {
            if (_closeReason is null)
            {
                _handlers.Add(value);
            }
            else
            {
                {|#0:value(this, _closeReason)|};
            }
        }
        remove => _handlers.Remove(value);
    }

    void Notify(Func<Task> callback)
    {
        lock (_gate)
        {
            {|#1:callback()|};
        }
    }

    Task PushToServices(Func<string, Task> pushFunc)
    {
        foreach (var service in new[] { ""a"", ""b"" })
        {
            {|#2:pushFunc(service)|};
        }

        return Task.CompletedTask;
    }
}",
                Verify.Diagnostic("ASYNC303").WithLocation(0).WithArguments("task", "value", "nobody awaits it and the callback's exceptions are lost", SyncRemedy),
                Verify.Diagnostic("ASYNC303").WithLocation(1).WithArguments("task", "callback", "nobody awaits it and the callback's exceptions are lost", SyncRemedy),
                Verify.Diagnostic("ASYNC303").WithLocation(2).WithArguments("task", "pushFunc", "nobody awaits it and the callback's exceptions are lost", AsyncRemedy));

        [Fact]
        public Task Synchronous_code_that_drops_the_async_twin_of_a_synchronous_method_is_told_to_call_it()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Subscriber
{
    public bool Unsubscribe(in string channel, Action<string>? handler, int flags) => true;
    public Task<bool> UnsubscribeAsync(in string channel, Action<string>? handler, int flags) => SendAsync(channel);
    async Task<bool> SendAsync(string channel) { await Task.Delay(1); return channel.Length > 0; }
}
class Queue
{
    Subscriber? _parent;
    string _channel = ""c"";

    internal void UnsubscribeImpl(int flags)
    {
        var parent = _parent;
        _parent = null;
        {|#0:parent?.UnsubscribeAsync(_channel, null, flags)|};
    }
}
class Log : System.IO.Stream
{
    public override void Flush() => {|#1:FlushAsync()|};
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => 0;
    public override long Position { get => 0; set { } }
    public override int Read(byte[] buffer, int offset, int count) => 0;
    public override long Seek(long offset, System.IO.SeekOrigin origin) => 0;
    public override void SetLength(long value) { }
    public override void Write(byte[] buffer, int offset, int count) { }
}",
                Verify.Diagnostic("ASYNC303").WithLocation(0).WithArguments("task", "parent?.UnsubscribeAsync", "the work may still run after method 'UnsubscribeImpl' returns, and its exceptions are lost", "call its synchronous counterpart 'Unsubscribe' instead, or write '_ = ...' if fire-and-forget is intended"),
                Verify.Diagnostic("ASYNC303").WithLocation(1).WithArguments("task", "FlushAsync", "the work may still run after method 'Flush' returns, and its exceptions are lost", "do the work synchronously here, or write '_ = ...' if fire-and-forget is intended"));

        [Fact]
        public Task Configured_invocation_of_user_handlers_is_flagged_in_synchronous_code()
            => Verify.VerifyAnalyzerAsync(Usings + @"
public sealed class AsyncEvent<TArgs>
{
    readonly List<Func<TArgs, Task>> _handlers = new List<Func<TArgs, Task>>();
    public bool HasHandlers => _handlers.Count > 0;
    public async Task InvokeAsync(TArgs args)
    {
        foreach (var handler in _handlers)
        {
            await handler(args).ConfigureAwait(false);
        }
    }
}
class Events { public AsyncEvent<string> QueuedApplicationMessageOverwrittenEvent { get; } = new AsyncEvent<string>(); }
class Session
{
    readonly AsyncEvent<string> _overwritten = new AsyncEvent<string>();
    readonly Events _eventContainer = new Events();
    public int Enqueue(string packet)
    {
        if (_overwritten.HasHandlers)
        {
            {|#0:_overwritten.InvokeAsync(packet).ConfigureAwait(false)|};
            {|#1:_eventContainer.QueuedApplicationMessageOverwrittenEvent.InvokeAsync(packet).ConfigureAwait(false)|};
        }

        return 1;
    }
}",
                Verify.Diagnostic("ASYNC303").WithLocation(0).WithArguments("task", "_overwritten.InvokeAsync(packet).ConfigureAwait", Lost, SyncRemedy),
                Verify.Diagnostic("ASYNC303").WithLocation(1).WithArguments("task", "QueuedApplicationMessageOverwrittenEvent.InvokeAsync(...).ConfigureAwait", Lost, SyncRemedy));

        // ---------- awaitables that are not tasks ----------

        [Fact]
        public Task Awaitable_that_acts_only_when_awaited_is_flagged_and_queued_work_is_not()
            => Verify.VerifyAnalyzerAsync(Usings + @"
struct SchedulerSwitch
{
    public Awaiter GetAwaiter() => default;
    public struct Awaiter : System.Runtime.CompilerServices.INotifyCompletion
    {
        public bool IsCompleted => false;
        public void OnCompleted(Action continuation) => ThreadPool.QueueUserWorkItem(_ => continuation());
        public void GetResult() { }
    }
}
class QueuedOperation
{
    public System.Runtime.CompilerServices.TaskAwaiter GetAwaiter() => Task.CompletedTask.GetAwaiter();
}
class Dispatcher
{
    public QueuedOperation InvokeAsync(Action work) => new QueuedOperation();
    public SchedulerSwitch SwitchTo() => default;
}
class C
{
    void Sync(Dispatcher dispatcher)
    {
        {|#0:Task.Yield()|};
        {|#1:dispatcher.SwitchTo()|};
        dispatcher.InvokeAsync(() => { });
    }
}",
                Verify.Diagnostic("ASYNC303").WithLocation(0).WithArguments("awaitable", "Task.Yield", "it does nothing unless awaited", "await it, or remove the call"),
                Verify.Diagnostic("ASYNC303").WithLocation(1).WithArguments("awaitable", "dispatcher.SwitchTo", "it does nothing unless awaited", "await it, or remove the call"));

        [Fact]
        public Task Async_method_inside_lock_is_ours_where_the_compiler_is_silent()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    readonly object _gate = new object();
    async Task RunAsync(Func<Task> callback)
    {
        lock (_gate)
        {
            Task.Delay(1);
            {|#0:callback()|};
        }

        await Task.Yield();
    }
}",
                Verify.Diagnostic("ASYNC303").WithLocation(0).WithArguments("task", "callback", "nobody awaits it and the callback's exceptions are lost", SyncRemedy));

        [Fact]
        public Task Broken_code_does_not_crash()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    void M() { {|CS0103:Missing|}(); Task.{|CS0117:Nope|}(); }
}");
    }
}
