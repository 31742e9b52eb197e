using System.Threading.Tasks;
using AsyncLint.CodeFixes.Rules;
using Verify = AsyncLint.Tests.Verifiers.CSharpCodeFixVerifier<AsyncLint.Rules.LostInnerTaskAnalyzer, AsyncLint.CodeFixes.Rules.LostInnerTaskCodeFixProvider>;

namespace AsyncLint.Tests.Rules
{
    public class LostInnerTaskTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        // ---------- flagged, with the fixes ----------

        [Fact]
        public Task Awaited_StartNew_becomes_Task_Run()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    async Task RunAsync()
    {
        await Task.Factory.{|#0:StartNew|}(async () =>
        {
            await Task.Delay(100);
            Console.WriteLine(""done"");
        });
    }
}",
                Verify.Diagnostic("ASYNC403").WithLocation(0).WithSpan(10, 15, 14, 11)
                    .WithArguments("Task.Factory.StartNew", "'Task.Run', which unwraps the inner task"),
                Usings + @"
class C
{
    async Task RunAsync()
    {
        await Task.Run(async () =>
        {
            await Task.Delay(100);
            Console.WriteLine(""done"");
        });
    }
}");

        [Fact]
        public Task StartNew_with_token_becomes_Task_Run_with_token()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    async Task RunAsync(CancellationToken ct)
    {
        await Task.Factory.[|StartNew|](async () => await Task.Delay(100, ct), ct).ConfigureAwait(false);
    }
}", Usings + @"
class C
{
    async Task RunAsync(CancellationToken ct)
    {
        await Task.Run(async () => await Task.Delay(100, ct), ct).ConfigureAwait(false);
    }
}");

        [Fact]
        public Task Unwrap_is_the_second_choice()
            => new Verify.Test
            {
                TestCode = Usings + @"
class C
{
    async Task RunAsync()
    {
        await Task.Factory.[|StartNew|](async () => await Task.Delay(100));
    }
}",
                FixedCode = Usings + @"
class C
{
    async Task RunAsync()
    {
        await Task.Factory.StartNew(async () => await Task.Delay(100)).Unwrap();
    }
}",
                CodeActionEquivalenceKey = LostInnerTaskCodeFixProvider.UnwrapKey,
                CodeActionIndex = 1,
            }.RunAsync();

        [Fact]
        public Task LongRunning_StartNew_only_gets_Unwrap()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    Task StartWorker()
    {
        return Task.Factory.[|StartNew|](async () => await Task.Delay(1000), TaskCreationOptions.LongRunning);
    }
}", Usings + @"
class C
{
    Task StartWorker()
    {
        return Task.Factory.StartNew(async () => await Task.Delay(1000), TaskCreationOptions.LongRunning).Unwrap();
    }
}");

        [Fact]
        public Task ContinueWith_async_added_to_a_list_of_tasks()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    async Task RunAsync(Task first)
    {
        var tasks = new List<Task>();
        tasks.Add(first.[|ContinueWith|](async t => await Task.Delay(10)));
        await Task.WhenAll(tasks);
    }
}", Usings + @"
class C
{
    async Task RunAsync(Task first)
    {
        var tasks = new List<Task>();
        tasks.Add(first.ContinueWith(async t => await Task.Delay(10)).Unwrap());
        await Task.WhenAll(tasks);
    }
}");

        [Fact]
        public Task Nested_tasks_passed_to_WhenAll_are_reported()
            => new Verify.Test
            {
                TestCode = Usings + @"
class C
{
    async Task RunAsync()
    {
        await Task.WhenAll(
            Task.Factory.[|StartNew|](async () => await Task.Delay(10)),
            Task.Factory.[|StartNew|](async () => await Task.Delay(20)));
        Task.WaitAll(Task.Factory.[|StartNew|](async () => await Task.Delay(30)));
    }
}",
                FixedCode = Usings + @"
class C
{
    async Task RunAsync()
    {
        await Task.WhenAll(
            Task.Run(async () => await Task.Delay(10)),
            Task.Run(async () => await Task.Delay(20)));
        Task.WaitAll(Task.Run(async () => await Task.Delay(30)));
    }
}",
            }.RunAsync();

        [Fact]
        public Task Explicit_local_awaited_once_and_waited()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    async Task RunAsync(Func<Task> work)
    {
        Task<Task> outer = Task.Factory.StartNew(work);
        await [|outer|];
    }
    void Run(Func<Task> work)
    {
        var outer = Task.Factory.StartNew(work);
        [|outer|].Wait();
    }
}", Usings + @"
class C
{
    async Task RunAsync(Func<Task> work)
    {
        Task<Task> outer = Task.Factory.StartNew(work);
        await outer.Unwrap();
    }
    void Run(Func<Task> work)
    {
        var outer = Task.Factory.StartNew(work);
        outer.Unwrap().Wait();
    }
}");

        [Fact]
        public Task Returned_from_a_Task_lambda_is_reported()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    Func<Task> Make() => () => Task.Factory.[|StartNew|](async () => await Task.Delay(1));
}", Usings + @"
class C
{
    Func<Task> Make() => () => Task.Run(async () => await Task.Delay(1));
}");

        // ---------- not flagged ----------

        [Fact]
        public Task Inner_task_observed_is_fine()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    async Task RunAsync(Task first)
    {
        await await Task.Factory.StartNew(async () => await Task.Delay(10));
        await Task.Factory.StartNew(async () => await Task.Delay(10)).Unwrap();
        await Task.Run(async () => await Task.Delay(10));
        var inner = await first.ContinueWith(async t => await Task.Delay(10));
        await inner;

        var stored = Task.Factory.StartNew(async () => await Task.Delay(10));
        await stored;
        await stored.Result;

        Task<Task> later = Task.Factory.StartNew(async () => await Task.Delay(10));
        await Task.Delay(5);
        await later.Unwrap();
    }
}");

        [Fact]
        public Task Synchronous_delegates_and_user_Task_of_Task_methods_are_not_reported()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Server
{
    // outer: started, inner: stopped. Awaiting only the outer task is the API's intent.
    public Task<Task> StartAsync() => Task.FromResult(Task.CompletedTask);
}
class C
{
    static int Compute() => 42;
    async Task RunAsync(Server server, Task<Task> field)
    {
        var n = await Task.Factory.StartNew(() => Compute());
        await Task.Factory.StartNew(() => Console.WriteLine(n));
        await server.StartAsync();
        await field;
    }
}");

        [Fact]
        public Task Task_of_Task_returned_as_such_is_not_reported()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    Task<Task> Start() => Task.Factory.StartNew(async () => await Task.Delay(10));
    Task<Task<int>> StartValue() => Task.Factory.StartNew(async () => { await Task.Delay(10); return 1; });
}");

        [Fact]
        public Task Broken_code_does_not_crash()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    async Task RunAsync()
    {
        await Task.Factory.StartNew(async () => await {|CS0103:Missing|}());
        await Task.Factory.{|CS1501:StartNew|}();
    }
}");
    }
}
