using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncLint.Tests.Verifiers.CSharpCodeFixVerifier<AsyncLint.Rules.UnobservedTaskAnalyzer, AsyncLint.CodeFixes.Rules.UnobservedTaskCodeFixProvider>;

namespace AsyncLint.Tests.Rules
{
    public class UnobservedTaskTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private const string SyncRemedy = "observe it, or write '_ = ...' if fire-and-forget is intended";
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
                    Verify.Diagnostic("ASYNC303").WithLocation(0).WithArguments("Task.Run", SyncRemedy),
                    Verify.Diagnostic("ASYNC303").WithLocation(1).WithArguments("gate.WaitAsync", SyncRemedy),
                    Verify.Diagnostic("ASYNC303").WithLocation(2).WithArguments("Task.Delay(100).ConfigureAwait", SyncRemedy),
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
    ValueTask FlushAsync() => default;
    void Flush() => [|FlushAsync()|];
    void Each(List<int> items) => items.ForEach(i => [|FlushAsync()|]);
}", Usings + @"
class C
{
    ValueTask FlushAsync() => default;
    void Flush() => _ = FlushAsync();
    void Each(List<int> items) => items.ForEach(i => _ = FlushAsync());
}");

        // ---------- async code the compiler misses: await ----------

        [Fact]
        public Task Conditional_call_in_async_method_is_flagged_and_only_discarded()
            => Verify.VerifyCodeFixAsync(Usings + @"
class Cache { public Task RefreshAsync() => Task.CompletedTask; }
class C
{
    async Task RunAsync(Cache? cache)
    {
        {|#0:cache?.RefreshAsync()|};
        await Task.Yield();
    }
}",
                Verify.Diagnostic("ASYNC303").WithLocation(0).WithArguments("cache?.RefreshAsync", SyncRemedy),
                Usings + @"
class Cache { public Task RefreshAsync() => Task.CompletedTask; }
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
    Task SaveAsync() => Task.CompletedTask;

    Task<int> RunAsync()
    {
        {|#0:SaveAsync()|};
        return Task.FromResult(1);
    }
}",
                Verify.Diagnostic("ASYNC303").WithLocation(0).WithArguments("SaveAsync", AsyncRemedy),
                Usings + @"
class C
{
    Task SaveAsync() => Task.CompletedTask;

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
    Task SaveAsync() => Task.CompletedTask;
    Task RunAsync() { [|SaveAsync()|]; [|SaveAsync()|]; return Task.CompletedTask; }
}",
                FixedCode = Usings + @"
class C
{
    Task SaveAsync() => Task.CompletedTask;
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
    Task SaveAsync() => Task.CompletedTask;

    Task RunAsync(Cache? cache)
    {
        [|SaveAsync()|];
        [|SaveAsync()|];
        return SaveAsync();
    }

}
class Cache { }",
                // One fix makes the method async: the compiler's CS4014 then owns the sibling call.
                FixedCode = Usings + @"
class C
{
    Task SaveAsync() => Task.CompletedTask;

    async Task RunAsync(Cache? cache)
    {
        await SaveAsync();
        SaveAsync();
        await SaveAsync();
    }

}
class Cache { }",
                BatchFixedCode = Usings + @"
class C
{
    Task SaveAsync() => Task.CompletedTask;

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

        [Fact]
        public Task Broken_code_does_not_crash()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    void M() { {|CS0103:Missing|}(); Task.{|CS0117:Nope|}(); }
}");
    }
}
