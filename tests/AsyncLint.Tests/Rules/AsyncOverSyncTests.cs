using System.Threading.Tasks;
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

        // ---------- flagged: the fake-async wrapper, no fix ----------

        [Fact]
        public Task Fake_async_wrappers_are_reported_without_fix()
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

        // ---------- not flagged: the UI caller side ----------

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
}");

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
