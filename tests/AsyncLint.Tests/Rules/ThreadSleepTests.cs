using System.Threading.Tasks;
using AsyncLint.Tests.Verifiers;
using Verify = AsyncLint.Tests.Verifiers.CSharpCodeFixVerifier<AsyncLint.Rules.ThreadSleepAnalyzer, AsyncLint.CodeFixes.Rules.ThreadSleepCodeFixProvider>;

namespace AsyncLint.Tests.Rules
{
    public class ThreadSleepTests
    {
        private const string Usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        [Fact]
        public Task Sleep_in_async_method_becomes_Delay_with_the_token_in_scope()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    async Task PollAsync(Func<bool> ready, CancellationToken cancellationToken)
    {
        while (!ready())
        {
            {|#0:Thread.Sleep(250)|};
        }

        await Task.Yield();
    }
}",
                Verify.Diagnostic("ASYNC102").WithLocation(0).WithArguments("Thread.Sleep(250)", "async method 'PollAsync'", "await Task.Delay(250, cancellationToken)"),
                Usings + @"
class C
{
    async Task PollAsync(Func<bool> ready, CancellationToken cancellationToken)
    {
        while (!ready())
        {
            await Task.Delay(250, cancellationToken);
        }

        await Task.Yield();
    }
}");

        [Fact]
        public Task Sleep_without_token_in_scope_becomes_Delay_alone_and_TimeSpan_is_kept()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    async Task RunAsync()
    {
        [|Thread.Sleep(TimeSpan.FromSeconds(1))|];
        await Task.Yield();
    }
}", Usings + @"
class C
{
    async Task RunAsync()
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        await Task.Yield();
    }
}");

        [Fact]
        public Task Lambda_uses_the_outer_methods_token_and_Task_method_gets_async()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    void Start(CancellationToken ct)
    {
        Func<Task> retry = async () => { [|Thread.Sleep(100)|]; await Task.Yield(); };
    }

    Task WarmUpAsync()
    {
        [|Thread.Sleep(10)|];
        return Task.CompletedTask;
    }
}", Usings + @"
class C
{
    void Start(CancellationToken ct)
    {
        Func<Task> retry = async () => { await Task.Delay(100, ct); await Task.Yield(); };
    }

    async Task WarmUpAsync()
    {
        await Task.Delay(10);
    }
}");

        [Fact]
        public Task Adds_the_using_for_Task_when_missing()
            => Verify.VerifyCodeFixAsync(@"using System.Threading;

class C
{
    async System.Threading.Tasks.Task RunAsync()
    {
        [|Thread.Sleep(5)|];
        await System.Threading.Tasks.Task.Yield();
    }
}", @"using System.Threading;
using System.Threading.Tasks;

class C
{
    async System.Threading.Tasks.Task RunAsync()
    {
        await Task.Delay(5);
        await System.Threading.Tasks.Task.Yield();
    }
}");

        [Fact]
        public Task Two_tokens_in_scope_are_ambiguous_so_none_is_forwarded()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    async Task RunAsync(CancellationToken a, CancellationToken b)
    {
        [|Thread.Sleep(5)|];
        await Task.Yield();
    }
}", Usings + @"
class C
{
    async Task RunAsync(CancellationToken a, CancellationToken b)
    {
        await Task.Delay(5);
        await Task.Yield();
    }
}");

        [Fact]
        public Task Fix_all_in_document()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    Task<int> OneAsync()
    {
        [|Thread.Sleep(1)|];
        [|Thread.Sleep(2)|];
        return Task.FromResult(1);
    }

    async ValueTask TwoAsync(CancellationToken token)
    {
        [|Thread.Sleep(3)|];
        await Task.Yield();
        [|Thread.Sleep(4)|];
    }
}", Usings + @"
class C
{
    async Task<int> OneAsync()
    {
        await Task.Delay(1);
        await Task.Delay(2);
        return 1;
    }

    async ValueTask TwoAsync(CancellationToken token)
    {
        await Task.Delay(3, token);
        await Task.Yield();
        await Task.Delay(4, token);
    }
}");

        [Fact]
        public Task Sleep_inside_lock_is_reported_without_fix()
        {
            var source = Usings + @"
class C
{
    private readonly object _gate = new object();

    async Task RunAsync()
    {
        await Task.Yield();
        lock (_gate)
        {
            [|Thread.Sleep(5)|];
        }
    }
}";
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task Not_flagged_in_sync_code_sync_lambdas_or_for_Sleep_zero()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    void Sync() => Thread.Sleep(100);

    async Task RunAsync()
    {
        await Task.Yield();
        Thread.Sleep(0);
        Action later = () => Thread.Sleep(100);
        var thread = new Thread(() => Thread.Sleep(100));
        await Task.Run(() => Thread.Sleep(10));
        void Local() => Thread.Sleep(5);
    }

    class Thread2 { public static void Sleep(int ms) { } }

    async Task OtherSleepAsync()
    {
        await Task.Yield();
        Thread2.Sleep(5);
    }
}");

        [Fact]
        public Task Sleep_in_a_lambda_run_at_once_counts_as_the_async_method_but_not_the_synchronous_path_of_dual_mode_code()
        {
            var source = Usings + @"
class C
{
    async Task RunAsync(System.Collections.Generic.List<int> delays)
    {
        await Task.Yield();
        delays.ForEach(d => {|#0:Thread.Sleep(d)|});
    }

    async Task BackOffAsync(bool async, int delay)
    {
        if (async)
            await Task.Delay(delay);
        else
            Thread.Sleep(delay);

        if (async)
            {|#1:Thread.Sleep(delay)|};
    }
}";
            var test = new Verify.Test { TestCode = source.Replace("{|#1:Thread.Sleep(delay)|}", "[|Thread.Sleep(delay)|]"), FixedCode = source.Replace("{|#1:Thread.Sleep(delay)|}", "await Task.Delay(delay)") };
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("ASYNC102").WithLocation(0).WithArguments("Thread.Sleep(d)", "a lambda that async method 'RunAsync' runs at once", "await Task.Delay(d)"));
            test.FixedState.ExpectedDiagnostics.Add(Verify.Diagnostic("ASYNC102").WithLocation(0).WithArguments("Thread.Sleep(d)", "a lambda that async method 'RunAsync' runs at once", "await Task.Delay(d)"));
            return test.RunAsync();
        }
    }
}
