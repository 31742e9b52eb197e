using System.Threading.Tasks;
using AsyncLint.Tests.Verifiers;
using Verify = AsyncLint.Tests.Verifiers.CSharpCodeFixVerifier<AsyncLint.Rules.BlockingWaitAnalyzer, AsyncLint.CodeFixes.Rules.SyncOverAsyncCodeFixProvider>;

namespace AsyncLint.Tests.Rules
{
    public class SyncOverAsyncTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        [Fact]
        public Task Result_in_sync_method_gets_the_make_async_cascade()
        {
            var source = Usings + @"
class Repository
{
    public int Count(Func<Task<int>> query)
    {
        return query().{|#0:Result|};
    }
}";
            var test = new Verify.Test
            {
                TestCode = source,
                FixedCode = Usings + @"
class Repository
{
    public async Task<int> CountAsync(Func<Task<int>> query)
    {
        return await query();
    }
}",
            };
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("ASYNC104").WithLocation(0).WithArguments(
                "query().Result", "synchronous method 'Count'", "make the caller async and await query()"));
            return test.RunAsync();
        }

        [Theory]
        [InlineData("library", "'AddConsumers' is public API of a library, whose callers cannot all become async: add an async method beside it and await Scanner.FindTypesAsync() there")]
        [InlineData("application", "make the caller async and await Scanner.FindTypesAsync()")]
        public Task Public_API_of_a_library_is_told_to_add_an_async_member_not_to_become_async(string kind, string remedy)
        {
            // MassTransit's registration helpers: synchronous DI registration blocking on an assembly scan.
            var source = Usings + @"
public static class Scanner
{
    public static async Task<Type[]> FindTypesAsync()
    {
        await Task.Yield();
        return Type.EmptyTypes;
    }
}

public static class Registration
{
    public static int AddConsumers() => Scanner.FindTypesAsync().{|#0:Result|}.Length;
}";
            var test = new CSharpAnalyzerVerifier<AsyncLint.Rules.BlockingWaitAnalyzer>.Test { TestCode = source };
            test.GlobalOptions["asynclint.project_kind"] = kind;
            test.ExpectedDiagnostics.Add(CSharpAnalyzerVerifier<AsyncLint.Rules.BlockingWaitAnalyzer>.Diagnostic("ASYNC104").WithLocation(0)
                .WithArguments("Scanner.FindTypesAsync().Result", "synchronous method 'AddConsumers'", remedy));
            return test.RunAsync();
        }

        [Fact]
        public Task A_controller_action_in_a_library_is_told_to_become_async()
        {
            // Sonarr's API controllers live in a class library; the framework awaits an action's task.
            var source = Usings + @"
namespace Microsoft.AspNetCore.Mvc { public abstract class ControllerBase { } }

namespace Api
{
    public class ReleasePushController : Microsoft.AspNetCore.Mvc.ControllerBase
    {
        static async Task<int> ProcessAsync() { await Task.Yield(); return 1; }

        public object Create() => ProcessAsync().{|#0:Result|};
    }

    public class Service
    {
        static async Task<int> ProcessAsync() { await Task.Yield(); return 1; }

        public object Create() => ProcessAsync().{|#1:Result|};
    }
}";
            var test = new CSharpAnalyzerVerifier<AsyncLint.Rules.BlockingWaitAnalyzer>.Test { TestCode = source };
            test.GlobalOptions["asynclint.project_kind"] = "library";
            test.ExpectedDiagnostics.Add(CSharpAnalyzerVerifier<AsyncLint.Rules.BlockingWaitAnalyzer>.Diagnostic("ASYNC104").WithLocation(0)
                .WithArguments("ProcessAsync().Result", "synchronous method 'Create'", "make the caller async and await ProcessAsync()"));
            test.ExpectedDiagnostics.Add(CSharpAnalyzerVerifier<AsyncLint.Rules.BlockingWaitAnalyzer>.Diagnostic("ASYNC104").WithLocation(1)
                .WithArguments("ProcessAsync().Result", "synchronous method 'Create'", "'Create' is public API of a library, whose callers cannot all become async: add an async method beside it and await ProcessAsync() there"));
            return test.RunAsync();
        }

        [Theory]
        [InlineData("library", false)]
        [InlineData("web", false)]
        [InlineData("ui", true)]
        public Task Startup_registration_a_sync_twin_and_a_run_sync_helper_are_not_reported(string kind, bool reportedInRegistration)
        {
            var registration = reportedInRegistration ? "{|ASYNC104:Result|}" : "Result";
            var source = Usings + @"
namespace Microsoft.Extensions.DependencyInjection { public interface IServiceCollection { } }
namespace Microsoft.AspNetCore.Routing { public interface IEndpointRouteBuilder { } }

namespace App
{
    using Microsoft.AspNetCore.Routing;
    using Microsoft.Extensions.DependencyInjection;

    public interface IRegistrationConfigurator : IServiceCollection { }

    public static class Registration
    {
        static async Task<Type[]> FindTypesAsync()
        {
            await Task.Yield();
            return Type.EmptyTypes;
        }

        // MassTransit: registration on a configurator that is an IServiceCollection, blocking on an assembly scan.
        public static void AddConsumers(this IRegistrationConfigurator configurator) => Use(FindTypesAsync()." + registration + @");

        // YARP's MapReverseProxy helper: config validation must finish before the server starts.
        static int GetOrCreateDataSource(IEndpointRouteBuilder endpoints) => FindTypesAsync()." + registration + @".Length;

        // A factory lambda runs when the service is resolved, on a request thread: still reported.
        public static void AddFactory(this IServiceCollection services, Action<Func<int>> add) => add(() => FindTypesAsync().{|ASYNC104:Result|}.Length);

        // Not a builder: reported.
        public static int Count(object configurator) => FindTypesAsync().{|ASYNC104:Result|}.Length;

        static void Use(Type[] types) { }
    }

    public class Transaction
    {
        // CAP: the synchronous half of a Flush/FlushAsync pair, blocking on its own twin for synchronous callers.
        protected virtual void Flush() => FlushAsync().ConfigureAwait(false).GetAwaiter().GetResult();

        protected virtual Task FlushAsync() => Task.Delay(1);

        // Blocking on another member's task is no twin: reported.
        public void Commit() => FlushAsync().{|ASYNC104:Wait()|};
    }

    public static class AsyncHelper
    {
        static readonly TaskFactory Factory = new TaskFactory(CancellationToken.None, TaskCreationOptions.None, TaskContinuationOptions.None, TaskScheduler.Default);

        // Squidex: the run-sync helper escapes the caller's context through the pool; blocking is the caller's choice.
        public static T Sync<T>(Func<Task<T>> func) => Factory.StartNew(func).Unwrap().GetAwaiter().GetResult();

        public static void Run(Func<Task> func) => Task.Run(func).Wait();

        // A bare func().Result is an ordinary wait: reported.
        public static T Direct<T>(Func<Task<T>> func) => func().{|ASYNC104:Result|};
    }
}";
            var test = new CSharpAnalyzerVerifier<AsyncLint.Rules.BlockingWaitAnalyzer>.Test { TestCode = source };
            test.GlobalOptions["asynclint.project_kind"] = kind;
            return test.RunAsync();
        }

        [Fact]
        public Task Event_handler_becomes_async_void_and_awaits()
        {
            const string before = Usings + @"
class Form
{
    async Task<string> LoadAsync() { await Task.Yield(); return ""x""; }

    void OnLoadClicked(object sender, EventArgs e)
    {
        var text = LoadAsync().[|Result|];
        LoadAsync().[|Wait()|];
        Console.WriteLine(text);
    }
}";

            // Once the handler is async, the second wait is in async code (ASYNC101, a warning): the same fix awaits it too.
            var test = new Verify.Test
            {
                TestCode = before,
                FixedCode = before.Replace("void OnLoadClicked", "async void OnLoadClicked").Replace("LoadAsync().[|Result|]", "await LoadAsync()").Replace("LoadAsync().[|Wait()|]", "await LoadAsync()"),
            };
            return test.RunAsync();
        }

        [Fact]
        public Task Void_test_method_becomes_async_Task()
            => Verify.VerifyCodeFixAsync(@"using System;
using System.Threading;

class FactAttribute : Attribute { }

class ServiceTests
{
    async System.Threading.Tasks.Task<int> ComputeAsync() { await System.Threading.Tasks.Task.Yield(); return 2; }

    [Fact]
    public void Computes()
    {
        var value = ComputeAsync().[|GetAwaiter().GetResult()|];
        if (value != 2) throw new Exception();
    }
}", @"using System;
using System.Threading;
using System.Threading.Tasks;

class FactAttribute : Attribute { }

class ServiceTests
{
    async System.Threading.Tasks.Task<int> ComputeAsync() { await System.Threading.Tasks.Task.Yield(); return 2; }

    [Fact]
    public async Task Computes()
    {
        var value = await ComputeAsync();
        if (value != 2) throw new Exception();
    }
}");

        [Fact]
        public Task Sync_lambda_run_at_once_is_the_async_methods_code_a_deferred_one_is_not()
        {
            // rules.md, "async code": a LINQ lambda whose query is materialized in the same statement blocks the async
            // method (ASYNC101, no fix: no await inside the lambda); a query kept for later runs elsewhere (ASYNC104).
            var source = Usings + @"
class C
{
    async Task<int[]> RunAsync(List<Task<int>> tasks)
    {
        await Task.Yield();
        return tasks.Select(t => t.{|#0:Result|}).ToArray();
    }

    async Task<IEnumerable<int>> LaterAsync(List<Task<int>> tasks)
    {
        await Task.Yield();
        var query = tasks.Select(t => t.{|#1:Result|});
        return query;
    }
}";
            var test = new Verify.Test { TestCode = source, FixedCode = source };
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("ASYNC101").WithLocation(0).WithArguments("t.Result", "a lambda that async method 'RunAsync' runs at once", "await t"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("ASYNC104").WithLocation(1).WithArguments("t.Result", "synchronous lambda", "make the caller async and await t"));
            return test.RunAsync();
        }

        [Fact]
        public Task Properties_keep_their_finding_without_a_fix_WaitAll_becomes_WhenAll_in_the_converted_method()
        {
            var test = new Verify.Test
            {
                TestCode = Usings + @"
class C
{
    string Value => Task.Run(() => ""v"").{|#0:Result|};

    void Flush(Func<Task> start)
    {
        var a = start();
        var b = start();
        {|#1:Task.WaitAll(a, b)|};
    }
}",
                FixedCode = Usings + @"
class C
{
    string Value => Task.Run(() => ""v"").{|ASYNC104:Result|};

    async Task FlushAsync(Func<Task> start)
    {
        var a = start();
        var b = start();
        await Task.WhenAll(a, b);
    }
}",
            };
            test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow;
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("ASYNC104").WithLocation(0).WithArguments(
                "Task.Run(() => \"v\").Result", "property 'Value'", "a property cannot be async: expose an async method instead and await Task.Run(() => \"v\") there"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("ASYNC104").WithLocation(1).WithArguments(
                "Task.WaitAll(a, b)", "synchronous method 'Flush'", "make the caller async and await Task.WhenAll(...)"));
            return test.RunAsync();
        }

        [Fact]
        public Task Not_reported_for_completed_tasks_entry_points_and_Dispose()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Program
{
    static void Main(string[] args)
    {
        RunAsync().GetAwaiter().GetResult();
    }

    static Task RunAsync() => Task.CompletedTask;
}

class Connection : IDisposable
{
    Task CloseAsync() => Task.CompletedTask;

    public void Dispose() => CloseAsync().GetAwaiter().GetResult();
}

class C
{
    async Task<int[]> AfterWhenAll(List<Task<int>> tasks)
    {
        await Task.WhenAll(tasks);
        return tasks.Select(t => t.Result).ToArray();
    }

    int Guarded(Task<int> task) => task.IsCompletedSuccessfully ? task.Result : -1;

    void Continuation(Task<int> task) => task.ContinueWith(t => Console.WriteLine(t.Result));

    int FromResult() => Task.FromResult(3).Result;

    int ReadAfterTimedWait(Func<Task<int>> start)
    {
        var task = start();
        var other = start();
        if (!task.{|ASYNC104:Wait(1000)|}) throw new TimeoutException();
        other.{|ASYNC104:Wait()|};
        return task.Result + other.Result;
    }

    T ReadBySwitch<T>(Task task)
    {
        TaskStatus status = task.Status;
        switch (status)
        {
            case TaskStatus.RanToCompletion:
                return ((Task<T>)task).Result;
            default:
                return default!;
        }
    }

    string Describe(Task<string> task) => task.Status switch
    {
        TaskStatus.RanToCompletion => task.Result,
        _ => ""none"",
    };
}");

        [Fact]
        public Task Methods_that_are_not_handlers_are_not_made_async_void_but_Task_returning_with_their_callers()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    void OnSaveClicked()
    {
        Task.Delay(1).[|Wait()|];
    }

    void Handler(object sender, string notEventArgs)
    {
        Task.Delay(1).[|Wait()|];
    }
}", Usings + @"
class C
{
    async Task OnSaveClickedAsync(CancellationToken cancellationToken = default)
    {
        await Task.Delay(1, cancellationToken);
    }

    async Task HandlerAsync(object sender, string notEventArgs, CancellationToken cancellationToken = default)
    {
        await Task.Delay(1, cancellationToken);
    }
}");

        // ---------- where blocking is the caller's decision, or a contract's (issue 13) ----------

        [Fact]
        public Task Wait_helpers_that_block_on_the_task_their_caller_hands_them_are_not_reported()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Multiplexer
{
    public void Wait(Task task)
    {
        if (!task.Wait(1000)) throw new TimeoutException();
    }

    public T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    public void WaitAll(params Task[] tasks) => Task.WaitAll(tasks, 1000);

    private bool WaitAllIgnoreErrors(Task[] tasks)
    {
        for (var i = 0; i < tasks.Length; i++)
        {
            var task = tasks[i];
            task.Wait(100);
        }

        return true;
    }

    // A continuation that receives its antecedent through a delegate (Npgsql passes a function pointer).
    public void Register(Task<int> task, Action<int> done)
    {
        static int Unbox(Task task) => new ValueTask<int>(System.Runtime.CompilerServices.Unsafe.As<Task<int>>(task)).Result;
        Func<Task, int> unbox = Unbox;
        task.ContinueWith(t => done(unbox(t)));
    }

    // Near misses: the task is not the one the caller handed in, or a lambda blocks on what it is given.
    public void Reassigned(Task task, Func<Task> start)
    {
        task = start();
        task.{|ASYNC104:Wait()|};
    }

    public void Lambda(List<Task> tasks) => tasks.ForEach(t => t.{|ASYNC104:Wait()|});

    // ShareX's JiraUpload: a continuation method hands its antecedent to a lambda that marshals to the UI thread.
    void UpdateSummary(Task<string> task) => Invoke(() => Show(task.Result));

    void Invoke(Action action) => action();

    void Show(string summary) { }
}");

        [Fact]
        public Task Constructors_and_the_synchronous_half_of_a_contract_are_silent_where_nothing_else_can_be_done()
        {
            var source = Usings + @"
public abstract class Channel
{
    public abstract void Send();

    public virtual Task SendAsync(CancellationToken cancellationToken) => Task.Run(Send, cancellationToken);
}

public interface IStore
{
    string Load();

    Task<string> LoadAsync();
}

public interface ILegacyStore
{
    string Fetch();
}

class Work
{
    public static async Task<string> RunAsync() { await Task.Yield(); return ""x""; }
}

class Service
{
    private readonly string _value;

    // A constructor cannot be async: ASYNC105 reports async code that creates the object.
    public Service() => _value = Work.RunAsync().Result;
}

// The synchronous half of a sync/async pair: async callers have SendAsync.
class PairedChannel : Channel
{
    public override void Send() => Work.RunAsync().Wait();

    public override Task SendAsync(CancellationToken cancellationToken) => Work.RunAsync();
}

// Only the synchronous half: async callers get the base SendAsync, which runs Send on the pool and blocks there.
class HalfChannel : Channel
{
    public override void Send() => Work.RunAsync().{|#0:Wait()|};
}

class Store : IStore, ILegacyStore, IComparer<string>
{
    string IStore.Load() => Work.RunAsync().Result;

    Task<string> IStore.LoadAsync() => Work.RunAsync();

    public string Fetch() => Work.RunAsync().{|#1:Result|};

    // Another assembly's synchronous contract without an async twin: nothing can be done here.
    public int Compare(string? x, string? y) => Work.RunAsync().Result.Length;
}

class Pooled : IDisposable, IAsyncDisposable
{
    public void Dispose() => DisposeAsync().AsTask().Wait();

    public async ValueTask DisposeAsync() => await Work.RunAsync();
}

class Unpooled : IDisposable
{
    public void Dispose() => Work.RunAsync().{|#2:Wait()|};
}

// A background worker's shutdown: Dispose waits at most 1.5 s for it (Microsoft.Extensions.Logging's console processor did).
class LogProcessor : IDisposable
{
    private readonly Task _output = Task.Factory.StartNew(() => { }, TaskCreationOptions.LongRunning);

    public void Dispose()
    {
        try
        {
            _output.Wait(1500);
        }
        catch (TaskCanceledException)
        {
        }
    }
}

class Worker : IDisposable
{
    private readonly Task _loop = Task.Run(() => { });

    public void Dispose() => Dispose(true);

    protected virtual void Dispose(bool disposing)
    {
        _loop.Wait(TimeSpan.FromSeconds(2));
        _loop.{|#3:Wait(Timeout.InfiniteTimeSpan)|};
    }
}";
            var test = new Verify.Test { TestCode = source, FixedCode = source };
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("ASYNC104").WithLocation(0).WithArguments(
                "Work.RunAsync().Wait()", "synchronous method 'Send'", "'Send' overrides a synchronous member and cannot become async: override 'SendAsync' too, so that async callers do not block"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("ASYNC104").WithLocation(1).WithArguments(
                "Work.RunAsync().Result", "synchronous method 'Fetch'", "'Fetch' implements the synchronous 'ILegacyStore.Fetch' and cannot become async: add an async member beside it to 'ILegacyStore' and await the task there"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("ASYNC104").WithLocation(2).WithArguments(
                "Work.RunAsync().Wait()", "synchronous method 'Dispose'", "'Dispose' is a synchronous contract: implement IAsyncDisposable and await the task in DisposeAsync"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("ASYNC104").WithLocation(3).WithArguments(
                "_loop.Wait(Timeout.InfiniteTimeSpan)", "synchronous method 'Dispose'", "'Dispose' is a synchronous contract: implement IAsyncDisposable and await the task in DisposeAsync"));
            return test.RunAsync();
        }
    }
}
