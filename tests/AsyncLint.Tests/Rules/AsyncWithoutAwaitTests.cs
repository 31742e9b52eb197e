using System.Threading.Tasks;
using Verify = AsyncLint.Tests.Verifiers.CSharpCodeFixVerifier<AsyncLint.Rules.AsyncWithoutAwaitAnalyzer, AsyncLint.CodeFixes.Rules.AsyncWithoutAwaitCodeFixProvider>;

namespace AsyncLint.Tests.Rules
{
    public class AsyncWithoutAwaitTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.IO;\nusing System.Threading;\nusing System.Threading.Tasks;\n";
        private const string NoAwait = "has no await";

        [Fact]
        public Task A_stub_that_only_throws_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class StandinDatabase
{
    // Marten's stand-in database: members it does not support throw into the task.
    public async Task<long> FetchHighestEventSequenceNumber(CancellationToken token = default)
    {
        throw new NotImplementedException();
    }

    public async Task<long> {|ASYNC404:FetchAsync|}(CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        throw new NotImplementedException();
    }
}");

        // ---------- flagged, with the fix ----------

        [Fact]
        public Task Awaiting_only_a_completed_task_is_said_as_it_is()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    private async Task {|#0:CancelSponsorshipAsync|}()
    {
        await Task.CompletedTask; // this is intentional
    }

    private async ValueTask<int> {|#1:CountAsync|}()
    {
        await ValueTask.CompletedTask.ConfigureAwait(false);
        return 1;
    }
}",
                Verify.Diagnostic("ASYNC404").WithLocation(0).WithArguments("async method 'CancelSponsorshipAsync'", "awaits only 'Task.CompletedTask', which never yields"),
                Verify.Diagnostic("ASYNC404").WithLocation(1).WithArguments("async method 'CountAsync'", "awaits only 'ValueTask.CompletedTask', which never yields"));

        [Fact]
        public Task Method_that_can_throw_routes_exceptions_into_the_task()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    public async Task<int> {|#0:CountAsync|}(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0)
        {
            return 0;
        }

        return lines.Length;
    }
}",
                Verify.Diagnostic("ASYNC404").WithLocation(0).WithArguments("async method 'CountAsync'", NoAwait),
                Usings + @"
class C
{
    public Task<int> CountAsync(string path)
    {
        try
        {
            var lines = File.ReadAllLines(path);
            if (lines.Length == 0)
            {
                return Task.FromResult(0);
            }

            return Task.FromResult(lines.Length);
        }
        catch (Exception ex)
        {
            return Task.FromException<int>(ex);
        }
    }
}");

        [Fact]
        public Task Task_method_gets_a_completed_return()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    private int _count;
    public async Task [|ResetAsync|](bool log)
    {
        if (log)
        {
            Console.WriteLine(""reset"");
            return;
        }

        _count = 0;
    }
}", Usings + @"
class C
{
    private int _count;
    public Task ResetAsync(bool log)
    {
        try
        {
            if (log)
            {
                Console.WriteLine(""reset"");
                return Task.CompletedTask;
            }

            _count = 0;
            return Task.CompletedTask;
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }
}");

        [Fact]
        public Task Body_that_cannot_throw_needs_no_try()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    private readonly string _name = ""x"";
    public async Task<string> [|GetNameAsync|]() => _name;
    public async Task<object?> [|GetNothingAsync|]()
    {
        string? value = null;
        return value;
    }
    public async ValueTask<int> [|ZeroAsync|]() => 0;
    public async Task [|NothingAsync|]()
    {
        await Task.CompletedTask;
    }
    public async ValueTask [|NothingValueAsync|]() => await Task.CompletedTask.ConfigureAwait(false);
}", Usings + @"
class C
{
    private readonly string _name = ""x"";
    public Task<string> GetNameAsync() => Task.FromResult(_name);
    public Task<object?> GetNothingAsync()
    {
        string? value = null;
        return Task.FromResult<object?>(value);
    }
    public ValueTask<int> ZeroAsync() => new ValueTask<int>(0);
    public Task NothingAsync()
    {
        return Task.CompletedTask;
    }
    public ValueTask NothingValueAsync() => new ValueTask();
}");

        [Fact]
        public Task Override_keeps_its_signature()
            => Verify.VerifyCodeFixAsync(Usings + @"
abstract class Handler
{
    public abstract Task<int> HandleAsync(int x, CancellationToken ct);
}
interface IStore { Task SaveAsync(string value); }
class Doubler : Handler, IStore
{
    public override async Task<int> [|HandleAsync|](int x, CancellationToken ct) => x;
    async Task IStore.[|SaveAsync|](string value) => Console.WriteLine(value);
}", Usings + @"
abstract class Handler
{
    public abstract Task<int> HandleAsync(int x, CancellationToken ct);
}
interface IStore { Task SaveAsync(string value); }
class Doubler : Handler, IStore
{
    public override Task<int> HandleAsync(int x, CancellationToken ct) => Task.FromResult(x);
    Task IStore.SaveAsync(string value)
    {
        try
        {
            Console.WriteLine(value);
            return Task.CompletedTask;
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }
}");

        [Fact]
        public Task Lambdas_and_local_functions_are_reported()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    void Register(Func<Task<int>> factory, Func<string, Task> handler) { }
    void Setup()
    {
        Register({|#0:async () =>|} 42, {|#1:async s =>|} Console.WriteLine(s));
        static async Task<int> {|#2:LocalAsync|}(int x) { return x; }
    }
}",
                new[]
                {
                    Verify.Diagnostic("ASYNC404").WithLocation(0).WithArguments("async lambda", NoAwait),
                    Verify.Diagnostic("ASYNC404").WithLocation(1).WithArguments("async lambda", NoAwait),
                    Verify.Diagnostic("ASYNC404").WithLocation(2).WithArguments("async local function 'LocalAsync'", NoAwait),
                },
                Usings + @"
class C
{
    void Register(Func<Task<int>> factory, Func<string, Task> handler) { }
    void Setup()
    {
        Register(() => Task.FromResult(42), s =>
        {
            try
            {
                Console.WriteLine(s);
                return Task.CompletedTask;
            }
            catch (Exception ex)
            {
                return Task.FromException(ex);
            }
        });
        static Task<int> LocalAsync(int x) { return Task.FromResult(x); }
    }
}");

        [Fact]
        public Task Nested_findings_are_fixed_in_one_edit()
            => new Verify.Test
            {
                TestCode = Usings + @"
class C
{
    public async Task<Func<Task<int>>> [|MakeAsync|](int ex)
    {
        Func<Task<int>> f = [|async () =>|] ex;
        return f;
    }
}",
                FixedCode = Usings + @"
class C
{
    public Task<Func<Task<int>>> MakeAsync(int ex)
    {
        Func<Task<int>> f = () => Task.FromResult(ex);
        return Task.FromResult(f);
    }
}",
            }.RunAsync();

        [Fact]
        public Task Exception_variable_does_not_clash()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    public async Task [|LogAsync|](Exception ex) => Console.WriteLine(ex.Message);
}", Usings + @"
class C
{
    public Task LogAsync(Exception ex)
    {
        try
        {
            Console.WriteLine(ex.Message);
            return Task.CompletedTask;
        }
        catch (Exception ex1)
        {
            return Task.FromException(ex1);
        }
    }
}");

        // ---------- not flagged ----------

        [Fact]
        public Task Real_awaits_are_not_reported()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    async Task A(Task t) { await t; }
    async Task B(IAsyncEnumerable<int> items) { await foreach (var i in items) { Console.WriteLine(i); } }
    async Task D(IAsyncDisposable resource) { await using (resource) { } }
    async Task E(Stream stream) { await using var s = stream; Console.WriteLine(s.Length); }
    async Task F() { await Task.Yield(); }
    async Task G(Task t) { await Task.CompletedTask; await t.ConfigureAwait(false); }
    async Task<int> H(Task<int> t) => await t;
}");

        [Fact]
        public Task Async_void_and_async_iterators_are_not_reported()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    async void OnClick(object sender, EventArgs e) { Console.WriteLine(); }
    async IAsyncEnumerable<int> Numbers() { yield return 1; yield return 2; }
    void Subscribe(Action a) { Subscribe(async () => Console.WriteLine()); }
}");

        [Fact]
        public Task Code_that_suppressed_CS1998_stays_suppressed()
            => Verify.VerifyAnalyzerAsync(Usings + @"
static class TaskHelper
{
#pragma warning disable 1998
    public static async Task ExecuteAsTask(Action func)
#pragma warning restore 1998
    {
        func();
    }

#pragma warning disable CS1998 // deliberately completes synchronously
    public static async Task<T> ExecuteAsTask<T>(Func<T> func) => func();
#pragma warning restore CS1998

    public static async Task {|#0:NotSuppressed|}() { }
}", Verify.Diagnostic("ASYNC404").WithLocation(0).WithArguments("async method 'NotSuppressed'", NoAwait));

        [Fact]
        public Task A_project_that_turned_CS1998_off_is_not_reported()
        {
            const string code = Usings + @"
class C
{
    public async Task Placeholder() { }
}";
            var test = new Verify.Test { TestCode = code, FixedCode = code };
            test.SolutionTransforms.Add((solution, projectId) =>
            {
                var options = solution.GetProject(projectId)!.CompilationOptions!;
                return solution.WithProjectCompilationOptions(projectId, options.WithSpecificDiagnosticOptions(
                    options.SpecificDiagnosticOptions.SetItem("CS1998", Microsoft.CodeAnalysis.ReportDiagnostic.Suppress))); // <NoWarn>CS1998</NoWarn>
            });
            return test.RunAsync();
        }

        [Theory]
        [InlineData("none", false)]
        [InlineData("warning", true)]
        public Task An_editorconfig_that_turned_CS1998_off_is_honoured(string severity, bool reported)
        {
            const string code = Usings + @"
class C
{
    public async Task {|#0:Placeholder|}() { }
}";
            var test = new Verify.Test { TestCode = code, FixedCode = reported ? Usings + @"
class C
{
    public Task Placeholder() {
        return Task.CompletedTask;
    }
}" : code };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.CS1998.severity = " + severity + "\n"));
            if (reported)
            {
                test.ExpectedDiagnostics.Add(Verify.Diagnostic("ASYNC404").WithLocation(0).WithArguments("async method 'Placeholder'", NoAwait));
            }

            return test.RunAsync();
        }

        [Fact]
        public Task Await_only_in_a_nested_lambda_does_not_count()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    async Task<Func<Task>> {|#0:MakeAsync|}(Task t)
    {
        return async () => await t;
    }
}", Verify.Diagnostic("ASYNC404").WithLocation(0).WithArguments("async method 'MakeAsync'", NoAwait));

        [Fact]
        public Task Custom_task_like_is_reported_without_fix()
        {
            var source = Usings + @"
[System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(MyBuilder))]
class MyTask { public System.Runtime.CompilerServices.TaskAwaiter GetAwaiter() => Task.CompletedTask.GetAwaiter(); }
class MyBuilder
{
    public static MyBuilder Create() => new MyBuilder();
    public MyTask Task => new MyTask();
    public void Start<TStateMachine>(ref TStateMachine stateMachine) where TStateMachine : System.Runtime.CompilerServices.IAsyncStateMachine => stateMachine.MoveNext();
    public void SetStateMachine(System.Runtime.CompilerServices.IAsyncStateMachine stateMachine) { }
    public void SetResult() { }
    public void SetException(Exception exception) { }
    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine) where TAwaiter : System.Runtime.CompilerServices.INotifyCompletion where TStateMachine : System.Runtime.CompilerServices.IAsyncStateMachine { }
    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine) where TAwaiter : System.Runtime.CompilerServices.ICriticalNotifyCompletion where TStateMachine : System.Runtime.CompilerServices.IAsyncStateMachine { }
}
class C
{
    async MyTask [|RunAsync|]() { Console.WriteLine(); }
}";
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task Broken_code_does_not_crash()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    async Task RunAsync() { {|CS0103:Missing|}(); }
    async Task<int> CountAsync() { return {|CS0103:nope|}; }
}");
    }
}
