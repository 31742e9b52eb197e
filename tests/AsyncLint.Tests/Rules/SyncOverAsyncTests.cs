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

        [Fact]
        public Task Event_handler_becomes_async_void_and_awaits()
        {
            const string before = Usings + @"
class Form
{
    Task<string> LoadAsync() => Task.FromResult(""x"");

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
    System.Threading.Tasks.Task<int> ComputeAsync() => System.Threading.Tasks.Task.FromResult(2);

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
    System.Threading.Tasks.Task<int> ComputeAsync() => System.Threading.Tasks.Task.FromResult(2);

    [Fact]
    public async Task Computes()
    {
        var value = await ComputeAsync();
        if (value != 2) throw new Exception();
    }
}");

        [Fact]
        public Task Sync_lambda_inside_async_method_blocks_too()
        {
            var source = Usings + @"
class C
{
    async Task<int[]> RunAsync(List<Task<int>> tasks)
    {
        await Task.Yield();
        return tasks.Select(t => t.{|#0:Result|}).ToArray();
    }
}";
            var test = new Verify.Test { TestCode = source, FixedCode = source };
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("ASYNC104").WithLocation(0).WithArguments("t.Result", "synchronous lambda", "make the caller async and await t"));
            return test.RunAsync();
        }

        [Fact]
        public Task Constructors_and_properties_get_no_fix_WaitAll_becomes_WhenAll()
        {
            var test = new Verify.Test
            {
                TestCode = Usings + @"
class C
{
    private readonly string _config;

    C(Func<Task<string>> load)
    {
        _config = load().[|Result|];
    }

    string Value => Task.Run(() => ""v"").[|Result|];

    void Flush(Task a, Task b) => [|Task.WaitAll(a, b)|];
}",
                FixedCode = Usings + @"
class C
{
    private readonly string _config;

    C(Func<Task<string>> load)
    {
        _config = load().[|Result|];
    }

    string Value => Task.Run(() => ""v"").[|Result|];

    async Task FlushAsync(Task a, Task b) => await Task.WhenAll(a, b);
}",
            };
            test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow;
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

    int ReadAfterTimedWait(Task<int> task, Task<int> other)
    {
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
    }
}
