using System.Threading.Tasks;
using Verify = AsyncLint.Tests.Verifiers.CSharpCodeFixVerifier<AsyncLint.Rules.TaskRunAroundAsyncAnalyzer, AsyncLint.CodeFixes.Rules.TaskRunAroundAsyncCodeFixProvider>;

namespace AsyncLint.Tests.Rules
{
    public class TaskRunAroundAsyncTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private const string Service = @"
class Client
{
    public Task<string> GetAsync(string url) => Task.FromResult(url);
    public Task SendAsync(string body, CancellationToken ct = default) => Task.CompletedTask;
    public ValueTask<int> CountAsync() => new ValueTask<int>(1);
}
";

        // ---------- flagged, with the fix ----------

        [Fact]
        public Task Loops_started_together_through_a_projection_are_not_reported()
            => Verify.VerifyAnalyzerAsync(Usings + "using System.Linq;\n" + @"
class Dispatcher
{
    readonly CancellationTokenSource _cts = new CancellationTokenSource();

    async ValueTask ProcessingAsync() => await Task.Delay(1);

    // CAP's dispatcher: n processing loops started in parallel, then awaited together.
    public async Task StartProcessingAsync(int count)
    {
        var tasks = Enumerable.Range(0, count).Select(_ => Task.Run(ProcessingAsync, _cts.Token)).ToArray();
        await Task.WhenAll(tasks);
    }

    // One loop, awaited at once: reported.
    public async Task StartSendingAsync()
    {
        await {|ASYNC402:Task.Run(ProcessingAsync, _cts.Token)|};
    }
}");

        [Fact]
        public Task Lambda_calling_async_method_is_awaited_directly()
            => Verify.VerifyCodeFixAsync(Usings + Service + @"
class C
{
    Client _client = new Client();
    async Task<string> LoadAsync(string url)
    {
        var page = await {|#0:Task.Run(() => {|#1:_client.GetAsync(url)|})|};
        return page.Trim();
    }
}",
                Verify.Diagnostic("ASYNC402").WithLocation(0).WithLocation(1).WithArguments("Task.Run(() => _client.GetAsync(url))", "use 'await _client.GetAsync(url)' instead"),
                Usings + Service + @"
class C
{
    Client _client = new Client();
    async Task<string> LoadAsync(string url)
    {
        var page = await _client.GetAsync(url);
        return page.Trim();
    }
}");

        [Fact]
        public Task Async_lambda_awaiting_one_call_with_ConfigureAwait()
            => Verify.VerifyCodeFixAsync(Usings + Service + @"
class C
{
    async Task SaveAsync(Client client, string body)
    {
        await [|Task.Run(async () => await client.SendAsync(body).ConfigureAwait(false))|].ConfigureAwait(false);
        await [|Task.Run(async () => { await client.SendAsync(body); })|];
        var n = await [|Task.Run(async () => { return await client.CountAsync(); })|];
    }
}", Usings + Service + @"
class C
{
    async Task SaveAsync(Client client, string body)
    {
        await client.SendAsync(body).ConfigureAwait(false);
        await client.SendAsync(body);
        var n = await client.CountAsync();
    }
}");

        [Fact]
        public Task Method_group_gets_parentheses()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    static Task RefreshAsync() => Task.CompletedTask;
    async Task RunAsync()
    {
        await [|Task.Run(RefreshAsync)|];
    }
}", Usings + @"
class C
{
    static Task RefreshAsync() => Task.CompletedTask;
    async Task RunAsync()
    {
        await RefreshAsync();
    }
}");

        [Fact]
        public Task Returned_task_is_returned_directly()
            => Verify.VerifyCodeFixAsync(Usings + Service + @"
class C
{
    Client _client = new Client();
    Task<string> LoadAsync(string url) => [|Task.Run(() => _client.GetAsync(url))|];
    Task SaveAsync(string body)
    {
        return [|Task.Run(() => _client.SendAsync(body))|];
    }
}", Usings + Service + @"
class C
{
    Client _client = new Client();
    Task<string> LoadAsync(string url) => _client.GetAsync(url);
    Task SaveAsync(string body)
    {
        return _client.SendAsync(body);
    }
}");

        [Fact]
        public Task Token_forwarded_to_the_call_is_kept()
            => Verify.VerifyCodeFixAsync(Usings + Service + @"
class C
{
    async Task SaveAsync(Client client, string body, CancellationToken ct)
    {
        await [|Task.Run(() => client.SendAsync(body, ct), ct)|];
    }
}", Usings + Service + @"
class C
{
    async Task SaveAsync(Client client, string body, CancellationToken ct)
    {
        await client.SendAsync(body, ct);
    }
}");

        [Fact]
        public Task Token_only_given_to_Task_Run_is_reported_without_fix()
        {
            var source = Usings + Service + @"
class C
{
    async Task SaveAsync(Client client, string body, CancellationToken ct)
    {
        await [|Task.Run(() => client.SendAsync(body), ct)|];
    }
}";
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task Returned_ValueTask_call_is_reported_without_fix()
        {
            // return Task.Run(async () => await CountAsync()) is a Task<int>, CountAsync() a ValueTask<int>: not the same return.
            var source = Usings + Service + @"
class C
{
    Task<int> CountAsync(Client client) => {|#0:Task.Run(async () => await {|#1:client.CountAsync()|})|};
}";
            var expected = Verify.Diagnostic("ASYNC402").WithLocation(0).WithLocation(1)
                .WithArguments("Task.Run(async () => await client.CountAsync())", "use 'return client.CountAsync()' instead");
            return Verify.VerifyCodeFixAsync(source, expected, source);
        }

        [Fact]
        public Task Async_lambda_of_several_statements_awaited_at_once_is_reported_without_fix()
        {
            // Nothing runs before the first await for Task.Run to move; what follows runs on the pool either way.
            var source = Usings + Service + @"
class C
{
    async Task RunAsync(Client client)
    {
        await {|#0:Task.Run(async () =>
        {
            var page = await client.GetAsync(""x"");
            await client.SendAsync(page.Trim());
        })|};
    }

    Task<int> CountAsync(Client client) => {|#1:Task.Run(async () => { await client.SendAsync(""y""); return 1; })|};
}";
            return Verify.VerifyCodeFixAsync(
                source,
                new[]
                {
                    Verify.Diagnostic("ASYNC402").WithLocation(0).WithArguments(
                        "Task.Run(async () => { var page = await client.GetAsync(\"...",
                        "run the lambda's body in place"),
                    Verify.Diagnostic("ASYNC402").WithLocation(1).WithArguments(
                        "Task.Run(async () => { await client.SendAsync(\"y\"); retur...",
                        "make the method async and run the lambda's body in place"),
                },
                source);
        }

        [Fact]
        public Task AsTask_wrapper_is_kept_when_returned()
            => Verify.VerifyCodeFixAsync(Usings + Service + @"
class C
{
    Task<int> CountAsync(Client client) => [|Task.Run(() => client.CountAsync().AsTask())|];
}", Usings + Service + @"
class C
{
    Task<int> CountAsync(Client client) => client.CountAsync().AsTask();
}");

        [Fact]
        public Task Fix_all_rewrites_every_occurrence()
            => new Verify.Test
            {
                TestCode = Usings + Service + @"
class C
{
    async Task RunAsync(Client client)
    {
        await [|Task.Run(() => client.SendAsync(""a""))|];
        var x = await [|Task.Run(() => client.GetAsync(""b""))|];
        await [|Task.Run(async () => await client.SendAsync(x))|];
        await [|Task.Run(() => client.SendAsync($""id={x.Length}""))|];
    }
}",
                FixedCode = Usings + Service + @"
class C
{
    async Task RunAsync(Client client)
    {
        await client.SendAsync(""a"");
        var x = await client.GetAsync(""b"");
        await client.SendAsync(x);
        await client.SendAsync($""id={x.Length}"");
    }
}",
            }.RunAsync();

        // ---------- not flagged ----------

        [Theory]
        [InlineData("namespace Orleans.Runtime { public interface IGrainContext { } }", false)]
        [InlineData("namespace Contoso.Runtime { public interface IGrainContext { } }", true)]
        public Task A_project_on_Orleans_leaves_its_single_threaded_scheduler_with_Task_Run(string runtime, bool reported)
        {
            // Orleans' silo: each lifecycle stage is dispatched with Task.Run "so that any blocking work in the silo
            // start/stop paths does not stall the lifecycle scheduler".
            var source = Usings + runtime + Service + @"
class Silo
{
    private readonly Client _client = new Client();

    public async Task StartAsync(CancellationToken ct)
    {
        await " + (reported ? "[|Task.Run(() => _client.SendAsync(\"start\", ct))|]" : "Task.Run(() => _client.SendAsync(\"start\", ct))") + @";
    }
}";
            return AsyncLint.Tests.Verifiers.CSharpAnalyzerVerifier<AsyncLint.Rules.TaskRunAroundAsyncAnalyzer>.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public Task Synchronous_work_before_the_first_await_is_offloading()
            => Verify.VerifyAnalyzerAsync(Usings + Service + @"
class C
{
    static string Render(int[] data) => string.Join("","", data);
    async Task RunAsync(Client client, int[] data)
    {
        await Task.Run(async () =>
        {
            var body = Render(data);
            await client.SendAsync(body);
        });
        await Task.Run(() => client.SendAsync(Render(data)));
        await Task.Run(async () => await client.SendAsync(Render(data)));
        await Task.Run(() => new Client().SendAsync(""x""));
    }
}");

        [Fact]
        public Task UI_caller_side_is_not_reported()
            => Verify.VerifyAnalyzerAsync(Usings + Service + @"
namespace System.Windows.Threading { public class DispatcherObject { } }
class MainWindow : System.Windows.Threading.DispatcherObject
{
    async Task RefreshAsync(Client client) { var page = await Task.Run(() => client.GetAsync(""x"")); }
}
class Presenter
{
    async void OnClick(object sender, EventArgs e) { await Task.Run(() => new Client().SendAsync(""y"")); }
    async Task LoadAsync(Client client) { await [|Task.Run(() => client.SendAsync(""z""))|]; }
}");

        [Fact]
        public Task Escaping_the_synchronization_context_in_sync_code_is_left_to_ASYNC104()
            => Verify.VerifyAnalyzerAsync(Usings + Service + @"
class C
{
    string Load(Client client, string url)
    {
        return Task.Run(() => client.GetAsync(url)).GetAwaiter().GetResult();
    }
    void Save(Client client)
    {
        Task.Run(() => client.SendAsync(""x"")).Wait();
        var s = Task.Run(async () => await client.GetAsync(""y"")).Result;
    }
}");

        [Fact]
        public Task Task_not_awaited_at_once_is_not_reported()
            => Verify.VerifyAnalyzerAsync(Usings + Service + @"
class C
{
    async Task RunAsync(Client client)
    {
        var pending = Task.Run(() => client.SendAsync(""a""));
        var others = new List<Task> { Task.Run(() => client.SendAsync(""b"")) };
        await Task.WhenAll(Task.Run(() => client.SendAsync(""c"")), Task.Run(() => client.SendAsync(""d"")));
        _ = Task.Run(() => client.SendAsync(""fire and forget""));
        await pending;
    }
}");

        [Fact]
        public Task Synchronous_delegates_and_conditional_calls_are_not_reported()
            => Verify.VerifyAnalyzerAsync(Usings + Service + @"
class C
{
    static int Compute(int x) => x * 2;
    async Task RunAsync(Client? client)
    {
        var n = await Task.Run(() => Compute(21));
        await Task.Run(() => Console.WriteLine(n));
        await Task.Run(() => client?.SendAsync(""x"") ?? Task.CompletedTask);
        await Task.Factory.StartNew(() => Compute(1));
    }
}");

        [Fact]
        public Task Returned_inside_an_async_method_is_not_reported()
            => Verify.VerifyAnalyzerAsync(Usings + Service + @"
class C
{
    async Task<Task> StartAsync(Client client)
    {
        await Task.Yield();
        return Task.Run(() => client.SendAsync(""x""));
    }
}");

        [Fact]
        public Task Broken_code_does_not_crash()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    async Task RunAsync()
    {
        await Task.Run(() => {|CS0103:Missing|}());
        await Task.Run({|CS0103:Nope|});
        await Task.{|CS1501:Run|}();
    }
}");
    }
}
