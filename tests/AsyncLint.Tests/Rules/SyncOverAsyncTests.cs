using System.Threading.Tasks;
using AsyncLint.Tests.Verifiers;
using Verify = AsyncLint.Tests.Verifiers.CSharpCodeFixVerifier<AsyncLint.Rules.BlockingWaitAnalyzer, AsyncLint.CodeFixes.Rules.SyncOverAsyncCodeFixProvider>;

namespace AsyncLint.Tests.Rules
{
    public class SyncOverAsyncTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        [Fact]
        public Task Result_in_sync_method_is_reported_without_fix()
        {
            var source = Usings + @"
class Repository
{
    public int Count(Func<Task<int>> query)
    {
        return query().{|#0:Result|};
    }
}";
            var test = new Verify.Test { TestCode = source, FixedCode = source };
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
    async Task<string> LoadAsync() { await Task.Yield(); return ""x""; }

    void OnLoadClicked(object sender, EventArgs e)
    {
        var text = LoadAsync().[|Result|];
        LoadAsync().[|Wait()|];
        Console.WriteLine(text);
    }
}";

            // One fix at a time: once the handler is async, the second wait is in async code and becomes ASYNC101.
            // Fix All rewrites both in one pass.
            var test = new Verify.Test
            {
                TestCode = before,
                FixedCode = before.Replace("void OnLoadClicked", "async void OnLoadClicked").Replace("LoadAsync().[|Result|]", "await LoadAsync()").Replace("[|Wait()|]", "{|ASYNC101:Wait()|}"),
                BatchFixedCode = before.Replace("void OnLoadClicked", "async void OnLoadClicked").Replace("LoadAsync().[|Result|]", "await LoadAsync()").Replace("LoadAsync().[|Wait()|]", "await LoadAsync()"),
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
        public Task Properties_and_WaitAll_are_reported_with_what_can_be_done_there()
        {
            var source = Usings + @"
class C
{
    string Value => Task.Run(() => ""v"").{|#0:Result|};

    void Flush(Func<Task> start)
    {
        var a = start();
        var b = start();
        {|#1:Task.WaitAll(a, b)|};
    }
}";
            var test = new Verify.Test { TestCode = source, FixedCode = source };
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
        public Task Handlers_with_ref_params_or_non_handler_shapes_get_no_fix()
        {
            var source = Usings + @"
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
}";
            return Verify.VerifyCodeFixAsync(source, source);
        }
    }
}
