using System.Threading.Tasks;
using AsyncLint.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncLint.Tests.Verifiers.CSharpCodeFixVerifier<AsyncLint.Rules.TransitiveBlockingAnalyzer, AsyncLint.CodeFixes.Rules.TransitiveBlockingCodeFixProvider>;

namespace AsyncLint.Tests.Rules
{
    public class TransitiveBlockingTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        [Fact]
        public Task Chain_is_named_and_counterpart_is_awaited_with_the_token()
        {
            var test = new Verify.Test
            {
                // A compilation-end diagnostic: the IDE shows it (and its fix) with full solution analysis, and
                // dotnet format applies it; the library's local-diagnostic check does not apply.
                CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
                TestCode = Usings + @"
class Settings
{
    public string Load(string name) => ReadFile(name);

    public Task<string> LoadAsync(string name, CancellationToken cancellationToken) => Task.FromResult(name);

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
                FixedCode = Usings + @"
class Settings
{
    public string Load(string name) => ReadFile(name);

    public Task<string> LoadAsync(string name, CancellationToken cancellationToken) => Task.FromResult(name);

    private string ReadFile(string name) => Fetch(name).Result;

    private static async Task<string> Fetch(string name) { await Task.Yield(); return name; }
}

class Controller
{
    private readonly Settings _settings = new Settings();

    public async Task<string> GetAsync(string name, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return (await _settings.LoadAsync(name, cancellationToken)).Trim();
    }
}",
            };
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("ASYNC105").WithLocation(0).WithArguments("Load", "Load → ReadFile → 'Fetch(name).Result'", "async method 'GetAsync'", "use 'await LoadAsync(...)' instead"));
            return test.RunAsync();
        }

        [Fact]
        public Task Without_counterpart_it_is_reported_without_fix_and_cycles_terminate()
        {
            var source = Usings + @"
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
}";
            var test = new Verify.Test { TestCode = source, FixedCode = source, CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck };
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("ASYNC105").WithLocation(0).WithArguments("Other", "Other → Step → 'Thread.Sleep(10)'", "async method 'RunAsync'", "make 'Other' async, or give it an async counterpart"));
            return test.RunAsync();
        }

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
    }
}
