using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncLint.Tests.Verifiers.CSharpCodeFixVerifier<AsyncLint.Rules.AsyncOverSyncAnalyzer, AsyncLint.CodeFixes.Rules.AsyncOverSyncCodeFixProvider>;

namespace AsyncLint.Tests.Rules
{
    public class AsyncOverSyncTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private const string Stubs = @"
class Request { public string Name = """"; }
static class Rules
{
    public static List<string> Validate(Request r) => new List<string>();
    public static int Compute(int x) => x * 2;
    public static void Audit(Request r) { }
}
";

        private const string WrapperMessage = "makes method 'ComputeAsync' a fake-async wrapper: the work is synchronous and still occupies a thread-pool thread; expose it synchronously and let a caller that owns a UI thread offload it";

        // ---------- flagged: the offloaded step, with the inline fix ----------

        [Fact]
        public Task A_wrapper_whose_caller_drops_the_task_and_a_fan_out_projection_are_not_reported()
            => Verify.VerifyAnalyzerAsync(Usings + "using System.Linq;\n" + @"
class Cluster
{
    void UpdateDestinations(object cluster) { }

    // YARP's DestinationHealthUpdater: SetPassive fires and forgets, and the hop is what frees the request thread.
    public void SetPassive(object cluster) => _ = SetPassiveAsync(cluster);

    internal Task SetPassiveAsync(object cluster)
        => Task.Factory.StartNew(c => UpdateDestinations(c!), cluster, CancellationToken.None, TaskCreationOptions.RunContinuationsAsynchronously, TaskScheduler.Default);

    // Its only caller awaits: reported.
    public async Task RefreshAsync(object cluster) => await RecomputeAsync(cluster);

    internal Task RecomputeAsync(object cluster) => {|ASYNC401:Task.Run(() => UpdateDestinations(cluster))|};

    // v2rayN's PAC server: the loop runs in a lambda, so the caller that drops Serve's task is not what the hop frees.
    public void Start() => _ = Serve();

    Task Serve() => Task.Run(async () =>
    {
        while (true)
        {
            await {|ASYNC401:Task.Run(() => UpdateDestinations(1))|};
        }
    });

    // Several workers started together and awaited with WhenAll: Task.Run runs them in parallel.
    public async Task ProcessAllAsync(int[] items)
    {
        await Task.WhenAll(items.Select(i => Task.Run(() => UpdateDestinations(i))));
    }
}");

        [Fact]
        public Task Offloaded_step_with_token_runs_inline_after_a_cancellation_check()
            => Verify.VerifyCodeFixAsync(Usings + Stubs + @"
class OrderHandler
{
    public async Task<int> HandleAsync(Request request, CancellationToken ct)
    {
        var errors = await {|#0:Task.Run(() => Rules.Validate(request), ct)|};
        await Task.Delay(10, ct);
        return errors.Count;
    }
}",
                Verify.Diagnostic("ASYNC401").WithLocation(0).WithSpan(18, 43, 18, 66).WithSpan(18, 22, 18, 71).WithArguments(
                    "Task.Run(() => Rules.Validate(request), ct)",
                    "moves synchronous work to another thread-pool thread and waits for it, in async method 'HandleAsync'; with no UI thread to free this only adds a thread switch: run it inline (a caller that owns a UI thread is the one to offload it)"),
                Usings + Stubs + @"
class OrderHandler
{
    public async Task<int> HandleAsync(Request request, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var errors = Rules.Validate(request);
        await Task.Delay(10, ct);
        return errors.Count;
    }
}");

        [Fact]
        public Task Offloaded_statements_and_method_groups_run_inline()
            => new Verify.Test
            {
                TestCode = Usings + Stubs + @"
class OrderHandler
{
    static int Seed() => 1;
    public async Task<int> HandleAsync(Request request)
    {
        await [|Task.Run(() => Rules.Audit(request))|];
        await [|Task.Run(() => { Rules.Audit(request); })|].ConfigureAwait(false);
        var seed = await [|Task.Run(Seed)|];
        var n = await [|Task.Factory.StartNew(() => Rules.Compute(seed))|] + 1;
        await Task.Delay(1);
        return n;
    }
}",
                FixedCode = Usings + Stubs + @"
class OrderHandler
{
    static int Seed() => 1;
    public async Task<int> HandleAsync(Request request)
    {
        Rules.Audit(request);
        Rules.Audit(request);
        var seed = Seed();
        var n = Rules.Compute(seed) + 1;
        await Task.Delay(1);
        return n;
    }
}",
            }.RunAsync();

        [Fact]
        public Task Several_statements_are_reported_without_fix()
        {
            var source = Usings + Stubs + @"
class OrderHandler
{
    public async Task HandleAsync(Request request)
    {
        await [|Task.Run(() =>
        {
            Rules.Audit(request);
            Rules.Audit(request);
        })|];
        await Task.Delay(1);
    }
}";
            return Verify.VerifyCodeFixAsync(source, source);
        }

        // ---------- flagged: the fake-async wrapper, "Make synchronous" ----------

        [Fact]
        public Task Public_wrappers_are_reported_without_fix_by_default()
        {
            var source = Usings + Stubs + @"
public class Calculator
{
    public Task<int> ComputeAsync(int x) => {|#0:Task.Run(() => Rules.Compute(x))|};
}
public class Calculator2
{
    public Task<int> ComputeAsync(int x)
    {
        return [|Task.Run(() => Rules.Compute(x))|];
    }
}
public class Calculator3
{
    public async Task<int> ComputeAsync(int x)
    {
        return await [|Task.Run(() => Rules.Compute(x))|];
    }
}";
            return Verify.VerifyCodeFixAsync(
                source,
                new[]
                {
                    Verify.Diagnostic("ASYNC401").WithLocation(0).WithArguments("Task.Run(() => Rules.Compute(x))", WrapperMessage),
                },
                source);
        }

        [Fact]
        public Task Callers_that_wait_on_the_wrapper_call_the_synchronous_method_instead()
            => Verify.VerifyCodeFixAsync(Usings + Stubs + @"
class Calculator
{
    internal Task<int> ComputeAsync(int x) => [|Task.Run(() => Rules.Compute(x))|];
    internal Task AuditAsync(Request r) => [|Task.Run(() => Rules.Audit(r))|];
}
class Consumer
{
    int Use(Calculator c, Request r)
    {
        var a = c.ComputeAsync(1).GetAwaiter().GetResult();
        var b = c.ComputeAsync(2).ConfigureAwait(false).GetAwaiter().GetResult() + c.ComputeAsync(3).Result;
        c.AuditAsync(r).Wait();
        return a + b;
    }
}", Usings + Stubs + @"
class Calculator
{
    internal int Compute(int x) => Rules.Compute(x);
    internal void Audit(Request r) => Rules.Audit(r);
}
class Consumer
{
    int Use(Calculator c, Request r)
    {
        var a = c.Compute(1);
        var b = c.Compute(2) + c.Compute(3);
        c.Audit(r);
        return a + b;
    }
}");

        [Fact]
        public Task A_wait_with_a_timeout_on_the_wrapper_keeps_it_without_fix()
        {
            var source = Usings + Stubs + @"
class Calculator
{
    internal Task<int> ComputeAsync(int x) => {|#0:Task.Run(() => Rules.Compute(x))|};
}
class Consumer
{
    bool Use(Calculator c) => c.ComputeAsync(1).Wait(100);
}";
            return Verify.VerifyCodeFixAsync(
                source,
                new[]
                {
                    Verify.Diagnostic("ASYNC401").WithLocation(0).WithArguments("Task.Run(() => Rules.Compute(x))", WrapperMessage).WithOptions(Microsoft.CodeAnalysis.Testing.DiagnosticOptions.IgnoreAdditionalLocations),
                },
                source);
        }

        [Fact]
        public Task Internal_wrapper_becomes_synchronous_and_callers_stop_awaiting()
            => Verify.VerifyCodeFixAsync(Usings + Stubs + @"
class Calculator
{
    internal Task<int> ComputeAsync(int x) => [|Task.Run(() => Rules.Compute(x))|];
    private async Task AuditAsync(Request r)
    {
        await [|Task.Run(() => Rules.Audit(r))|];
    }
}
class Consumer
{
    async Task<int> UseAsync(Calculator c)
    {
        var a = await c.ComputeAsync(1);
        var b = (await c.ComputeAsync(2).ConfigureAwait(false)) + 1;
        await Task.Delay(1);
        return a + b;
    }
}", Usings + Stubs + @"
class Calculator
{
    internal int Compute(int x) => Rules.Compute(x);
    private void Audit(Request r)
    {
        Rules.Audit(r);
    }
}
class Consumer
{
    async Task<int> UseAsync(Calculator c)
    {
        var a = c.Compute(1);
        var b = (c.Compute(2)) + 1;
        await Task.Delay(1);
        return a + b;
    }
}");

        [Fact]
        public Task Public_wrapper_is_fixed_when_the_option_allows_it_keeping_its_name()
            => new Verify.Test
            {
                TestCode = Usings + Stubs + @"
public class Calculator
{
    public async Task<int> ComputeAsync(int x)
    {
        return await [|Task.Run(() => Rules.Compute(x))|];
    }
}",
                FixedCode = Usings + Stubs + @"
public class Calculator
{
    public int ComputeAsync(int x)
    {
        return Rules.Compute(x);
    }
}",
                Options = { ["asynclint.ASYNC401.fix_public_api"] = "true" },
            }.RunAsync();

        [Fact]
        public Task Wrapper_whose_task_is_used_otherwise_or_whose_name_is_taken()
        {
            // ComputeAsync's task is stored: making it synchronous would not compile, so no fix.
            // ParseAsync's suffix cannot go: 'Parse' exists, so only the signature changes.
            var source = Usings + Stubs + @"
class Calculator
{
    internal Task<int> ComputeAsync(int x) => [|Task.Run(() => Rules.Compute(x))|];
    internal Task<int> ParseAsync(string s) => [|Task.Run(() => Parse(s))|];
    internal static int Parse(string s) => s.Length;
    async Task<int> UseAsync()
    {
        var pending = ComputeAsync(1);
        await Task.Delay(1);
        return await pending + await ParseAsync(""x"");
    }
}";
            var test = new Verify.Test
            {
                TestCode = source,
                FixedCode = source.Replace("internal Task<int> ParseAsync(string s) => [|Task.Run(() => Parse(s))|];", "internal int ParseAsync(string s) => Parse(s);")
                    .Replace("await ParseAsync(\"x\")", "ParseAsync(\"x\")"),
            };
            test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow;
            return test.RunAsync();
        }

        // ---------- not flagged: the UI caller side ----------

        [Theory]
        [InlineData("namespace Orleans.Runtime { public interface IGrainContext { } }", false)]
        [InlineData("namespace Contoso.Runtime { public interface IGrainContext { } }", true)]
        public Task A_project_on_Orleans_offloads_from_its_single_threaded_grain_scheduler(string runtime, bool reported)
        {
            // Orleans' guidance for blocking work in a grain: Task.Run moves it off the activation's scheduler.
            var call = "Task.Run(() => Rules.Compute(x))";
            var source = Usings + runtime + Stubs + @"
class CalculatorGrain
{
    public async Task<int> ComputeTwiceAsync(int x)
    {
        var first = await " + (reported ? "{|#0:" + call + "|}" : call) + @";
        await Task.Yield();
        return first * 2;
    }
}";
            var expected = reported
                ? new[] { AsyncLint.Tests.Verifiers.CSharpAnalyzerVerifier<AsyncLint.Rules.AsyncOverSyncAnalyzer>.Diagnostic("ASYNC401").WithLocation(0).WithOptions(Microsoft.CodeAnalysis.Testing.DiagnosticOptions.IgnoreAdditionalLocations).WithArguments(call, "moves synchronous work to another thread-pool thread and waits for it, in async method 'ComputeTwiceAsync'; with no UI thread to free this only adds a thread switch: run it inline (a caller that owns a UI thread is the one to offload it)") }
                : System.Array.Empty<Microsoft.CodeAnalysis.Testing.DiagnosticResult>();
            return AsyncLint.Tests.Verifiers.CSharpAnalyzerVerifier<AsyncLint.Rules.AsyncOverSyncAnalyzer>.VerifyAnalyzerAsync(source, expected);
        }

        [Fact]
        public Task Wrappers_are_found_in_every_part_of_a_type_and_however_the_call_is_spelled()
            => AsyncLint.Tests.Verifiers.CSharpAnalyzerVerifier<AsyncLint.Rules.AsyncOverSyncAnalyzer>.VerifyAnalyzerAsync(Usings + Stubs + @"
public partial class Calculator { public int Seed => 1; }
public partial class Calculator
{
    public Task<int> ComputeAsync(int x) => [|Task.Run(() => Rules.Compute(x))|];
    public class Nested
    {
        public Task<int> EscapedAsync(int x) => [|Task.R\u0075n(() => Rules.Compute(x))|];
    }
}
public class Factory
{
    public Task<int> StartAsync(int x) => [|Task.Factory.StartNew(() => Rules.Compute(x))|];
}");

        [Fact]
        public Task WinForms_and_WPF_types_are_the_caller_side()
            => Verify.VerifyAnalyzerAsync(Usings + Stubs + @"
namespace System.Windows.Forms { public class Control { } public class Form : Control { } }
namespace System.Windows.Threading { public class DispatcherObject { } }
namespace System.Windows { public class Window : System.Windows.Threading.DispatcherObject { } }
class MainForm : System.Windows.Forms.Form
{
    async Task RefreshAsync(int x)
    {
        var n = await Task.Run(() => Rules.Compute(x));
        Console.WriteLine(n);
    }
}
class MainWindow : System.Windows.Window
{
    Task<int> LoadAsync(int x) => Task.Run(() => Rules.Compute(x));
}");

        [Fact]
        public Task View_models_event_handlers_and_Main_are_the_caller_side()
            => Verify.VerifyAnalyzerAsync(Usings + Stubs + @"
class OrdersViewModel : System.ComponentModel.INotifyPropertyChanged
{
    public event System.ComponentModel.PropertyChangedEventHandler? PropertyChanged;
    public async Task LoadAsync(int x) { var n = await Task.Run(() => Rules.Compute(x)); Console.WriteLine(n); }
}
class Presenter
{
    public event EventHandler? Loaded;
    async void OnLoaded(object? sender, EventArgs e) { var n = await Task.Run(() => Rules.Compute(1)); Console.WriteLine(n); }
    async Task OnSaved(object sender, EventArgs e) { await Task.Run(() => Rules.Compute(2)); }
    void Wire() { Loaded += async (s, e) => await Task.Run(() => Rules.Compute(3)); }
    static async Task Main() { await Task.Run(() => Rules.Compute(4)); }

    async void OnClick(object sender, EventArgs e) { await HelperAsync(); await Helper2Async(); }
    private async Task HelperAsync() { await Task.Run(() => Rules.Compute(5)); await Task.Delay(1); }
    private Task Helper2Async() => Helper3Async();
    private Task Helper3Async() => Task.Run(() => Rules.Compute(6));
}");

        [Fact]
        public Task Private_helper_with_a_server_caller_is_reported()
            => Verify.VerifyAnalyzerAsync(Usings + Stubs + @"
class Presenter
{
    async void OnClick(object sender, EventArgs e) { await HelperAsync(); }
    public async Task HandleAsync() { await HelperAsync(); }
    private async Task HelperAsync() { await [|Task.Run(() => Rules.Compute(5))|]; await Task.Delay(1); }
}");

        // ---------- not flagged: overlap, parallelism, background workers, not synchronous ----------

        [Fact]
        public Task Overlap_parallelism_and_workers_are_not_reported()
            => Verify.VerifyAnalyzerAsync(Usings + Stubs + @"
class Service
{
    async Task<int> OverlapAsync(Request r)
    {
        var validation = Task.Run(() => Rules.Validate(r));
        await Task.Delay(10);
        return (await validation).Count;
    }
    async Task ParallelAsync(int[] xs)
    {
        await Task.WhenAll(Task.Run(() => Rules.Compute(xs[0])), Task.Run(() => Rules.Compute(xs[1])));
    }
    async Task WorkerAsync(CancellationToken ct)
    {
        await Task.Factory.StartNew(() => Rules.Compute(1), TaskCreationOptions.LongRunning);
        await Task.Run(() => { while (!ct.IsCancellationRequested) { Rules.Compute(2); } });
    }
    async Task AlreadyAsync() { await Task.Run(() => Task.Delay(1)); await Task.Run(async () => await Task.Delay(1)); }
    void SyncCaller() { var n = Task.Run(() => Rules.Compute(1)).Result; }
    // Escaping a synchronization context around sync-over-async code: ASYNC101/104's matter.
    async Task<int> EscapeAsync(Func<Task<int>> legacy) { return await Task.Run(() => legacy().Result) + await Task.Run(() => legacy().GetAwaiter().GetResult()); }
}");

        // Ocelot's FileConfigurationPoller.StopAsync: a wait with no awaitable form is offloaded so that the async caller
        // is not blocked; "run it inline" would block it. A wait that has an async form is still reported, naming it.
        [Fact]
        public Task An_offloaded_wait_without_an_async_form_is_not_reported_one_with_an_async_form_is()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Poller
{
    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);

    async Task<bool> StopAsync(ManualResetEvent stopped)
    {
        var completed = await Task.Run(() => stopped.WaitOne(TimeSpan.FromSeconds(5)), CancellationToken.None).ConfigureAwait(false);
        return completed;
    }

    async Task EnterAsync()
    {
        await {|#0:Task.Run(() => _gate.Wait())|};
        await {|#1:Task.Run(() => Thread.Sleep(100))|};
    }
}",
                // No "run it inline": inlined, the wait would block the async caller (its async form is the fix, below).
                Verify.Diagnostic("ASYNC401").WithLocation(0).WithArguments(
                    "Task.Run(() => _gate.Wait())",
                    "offloads the blocking wait '_gate.Wait()' to another thread-pool thread, in async method 'EnterAsync': the wait still holds a thread; use 'await _gate.WaitAsync(...)' instead").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations),
                Verify.Diagnostic("ASYNC401").WithLocation(1).WithArguments(
                    "Task.Run(() => Thread.Sleep(100))",
                    "offloads the blocking wait 'Thread.Sleep(100)' to another thread-pool thread, in async method 'EnterAsync': the wait still holds a thread; use 'await Task.Delay(...)' instead").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));

        [Fact]
        public Task An_awaited_Task_Run_of_only_a_wait_becomes_its_async_form_and_Fix_All_does_each()
            => new Verify.Test
            {
                TestCode = Usings + @"
class Poller
{
    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);

    async Task<bool> EnterAsync(TimeSpan pause, int timeout)
    {
        await [|Task.Run(() => Thread.Sleep(pause))|];
        await [|Task.Run(() => _gate.Wait())|].ConfigureAwait(false);
        return await [|Task.Run(() => _gate.Wait(timeout))|];
    }
}",
                FixedCode = Usings + @"
class Poller
{
    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);

    async Task<bool> EnterAsync(TimeSpan pause, int timeout)
    {
        await Task.Delay(pause);
        await _gate.WaitAsync().ConfigureAwait(false);
        return await _gate.WaitAsync(timeout);
    }
}",
                NumberOfFixAllIterations = 1,
            }.RunAsync();

        [Fact]
        public Task No_async_form_fix_where_Task_Run_has_a_token_the_lambda_does_more_or_the_receiver_is_computed()
        {
            const string source = Usings + @"
class Poller
{
    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);

    SemaphoreSlim Gate() => _gate;

    async Task EnterAsync(CancellationToken ct)
    {
        await {|#0:Task.Run(() => Thread.Sleep(100), ct)|};
        await {|#1:Task.Run(() => { Console.WriteLine(); _gate.Wait(); })|};
        await {|#2:Task.Run(() => Gate().Wait())|};
    }
}";
            return Verify.VerifyCodeFixAsync(source, new[]
            {
                Verify.Diagnostic("ASYNC401").WithLocation(0).WithArguments("Task.Run(() => Thread.Sleep(100), ct)", "offloads the blocking wait 'Thread.Sleep(100)' to another thread-pool thread, in async method 'EnterAsync': the wait still holds a thread; use 'await Task.Delay(...)' instead"),
                Verify.Diagnostic("ASYNC401").WithLocation(1).WithArguments("Task.Run(() => { Console.WriteLine(); _gate.Wait(); })", "offloads the blocking wait '_gate.Wait()' to another thread-pool thread, in async method 'EnterAsync': the wait still holds a thread; use 'await _gate.WaitAsync(...)' instead"),
                Verify.Diagnostic("ASYNC401").WithLocation(2).WithArguments("Task.Run(() => Gate().Wait())", "offloads the blocking wait 'Gate().Wait()' to another thread-pool thread, in async method 'EnterAsync': the wait still holds a thread; use 'await Gate().WaitAsync(...)' instead"),
            }, source);
        }

        [Fact]
        public Task Broken_code_does_not_crash()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    async Task RunAsync()
    {
        await Task.Run(() => {|CS0103:Missing|}());
        await Task.{|CS1501:Run|}();
    }
}");
    }
}
