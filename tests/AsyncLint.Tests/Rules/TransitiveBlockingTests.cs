using System.Threading.Tasks;
using AsyncLint.Tests.Verifiers;
using Verify = AsyncLint.Tests.Verifiers.CSharpAnalyzerVerifier<AsyncLint.Rules.TransitiveBlockingAnalyzer>;

namespace AsyncLint.Tests.Rules
{
    public class TransitiveBlockingTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        [Fact]
        public Task Chain_is_named_in_the_message()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Settings
{
    public string Load(string name) => ReadFile(name);

    private string ReadFile(string name) => Fetch(name).Result;

    private static async Task<string> Fetch(string name) { await Task.Yield(); return name; }
}

class Controller
{
    private readonly Settings _settings = new Settings();

    public async Task<string> GetAsync(string name, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return _settings.{|#0:Load|}(name).Trim();
    }
}",
                Verify.Diagnostic("ASYNC105").WithLocation(0).WithArguments(
                    "Load", "Load → ReadFile → 'Fetch(name).Result'", "async method 'GetAsync'", "make 'Load' async (and the methods below it), then await it"));

        [Fact]
        public Task A_callee_with_an_async_counterpart_that_binds_is_left_to_ASYNC201()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Settings
{
    public string Load(string name) => Fetch(name).Result;

    public Task<string> LoadAsync(string name, CancellationToken cancellationToken) => Fetch(name);

    private static async Task<string> Fetch(string name) { await Task.Yield(); return name; }
}

class Controller
{
    public async Task<string> GetAsync(Settings settings, string name, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return settings.Load(name);
    }

    public async Task<string> GetWithoutTokenAsync(Settings settings, string name)
    {
        await Task.Yield();
        return settings.{|#0:Load|}(name);
    }
}",
                Verify.Diagnostic("ASYNC105").WithLocation(0).WithArguments(
                    "Load", "Load → 'Fetch(name).Result'", "async method 'GetWithoutTokenAsync'", "call 'LoadAsync' (it takes a CancellationToken) and await it"));

        [Fact]
        public Task Cycles_terminate_and_sleep_below_a_cycle_is_found()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Worker
{
    public void Step(int n)
    {
        if (n > 0) Other(n - 1);
        Thread.Sleep(10);
    }

    private void Other(int n) => Step(n);

    private void Cycle(int n) { if (n > 0) Cycle2(n - 1); }

    private void Cycle2(int n) => Cycle(n);

    public async Task RunAsync()
    {
        await Task.Yield();
        {|#0:Other|}(3);
        Cycle(3);
    }
}",
                Verify.Diagnostic("ASYNC105").WithLocation(0).WithArguments(
                    "Other", "Other → Step → 'Thread.Sleep(10)'", "async method 'RunAsync'", "make 'Other' async (and the methods below it), then await it"));

        [Fact]
        public Task Not_reported_when_nothing_blocks_or_blocking_is_only_in_a_lambda()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    private int Pure(int x) => x * 2;

    private Func<int> Deferred(Task<int> t) => () => t.Result;

    private int CompletedRead(Task<int> t) => t.IsCompleted ? t.Result : 0;

    private void Poll(SemaphoreSlim gate) { if (gate.Wait(0)) gate.Release(); }

    public async Task<int> RunAsync(Task<int> t, SemaphoreSlim gate)
    {
        await Task.Yield();
        Poll(gate);
        var f = Deferred(t);
        return Pure(1) + CompletedRead(t);
    }

    private int Blocks(Task<int> t) => t.Result;

    public int SyncCaller(Task<int> t) => Blocks(t);
}");

        [Fact]
        public Task Broken_code_does_not_crash()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    private void Blocks() => Thread.Sleep(5);

    public async Task RunAsync()
    {
        await Task.Yield();
        {|CS0103:Missing|}();
        {|#0:Blocks|}();
    }
}",
                Verify.Diagnostic("ASYNC105").WithLocation(0).WithArguments(
                    "Blocks", "Blocks → 'Thread.Sleep(5)'", "async method 'RunAsync'", "make 'Blocks' async (and the methods below it), then await it"));
    }
}
