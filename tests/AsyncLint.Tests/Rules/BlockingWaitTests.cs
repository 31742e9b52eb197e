using System.Threading.Tasks;
using AsyncLint.CodeFixes.Rules;
using AsyncLint.Rules;
using AsyncLint.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncLint.Tests.Verifiers.CSharpCodeFixVerifier<AsyncLint.Rules.BlockingWaitAnalyzer, AsyncLint.CodeFixes.Rules.BlockingWaitCodeFixProvider>;

namespace AsyncLint.Tests.Rules
{
    public class BlockingWaitTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        // ---------- flagged forms, with their fixes ----------

        [Fact]
        public Task Result_in_async_method_is_awaited()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    async Task<int> LoadAsync(Task<int> task)
    {
        await Task.Yield();
        var value = task.{|#0:Result|};
        return value + 1;
    }
}",
                Verify.Diagnostic("ASYNC101").WithLocation(0).WithArguments("task.Result", "async method 'LoadAsync'", "await task"),
                Usings + @"
class C
{
    async Task<int> LoadAsync(Task<int> task)
    {
        await Task.Yield();
        var value = await task;
        return value + 1;
    }
}");

        [Fact]
        public Task Result_used_as_receiver_is_parenthesized()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    async Task<int> LengthAsync(Task<string> task)
    {
        await Task.Yield();
        return task.[|Result|].Length;
    }
}", Usings + @"
class C
{
    async Task<int> LengthAsync(Task<string> task)
    {
        await Task.Yield();
        return (await task).Length;
    }
}");

        [Fact]
        public Task Wait_statement_is_awaited()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    async Task RunAsync(Task task)
    {
        await Task.Yield();
        task.[|Wait()|];
    }
}", Usings + @"
class C
{
    async Task RunAsync(Task task)
    {
        await Task.Yield();
        await task;
    }
}");

        [Fact]
        public Task GetAwaiter_GetResult_keeps_ConfigureAwait()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    async Task<int> RunAsync(Func<Task<int>> work)
    {
        await Task.Yield();
        return work().ConfigureAwait(false).[|GetAwaiter().GetResult()|];
    }
}", Usings + @"
class C
{
    async Task<int> RunAsync(Func<Task<int>> work)
    {
        await Task.Yield();
        return await work().ConfigureAwait(false);
    }
}");

        [Fact]
        public Task ValueTask_Result_and_GetResult_are_flagged()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    async ValueTask<int> RunAsync(ValueTask<int> a, ValueTask b)
    {
        await Task.Yield();
        b.[|GetAwaiter().GetResult()|];
        return a.[|Result|];
    }
}", Usings + @"
class C
{
    async ValueTask<int> RunAsync(ValueTask<int> a, ValueTask b)
    {
        await Task.Yield();
        await b;
        return await a;
    }
}");

        [Fact]
        public Task WaitAll_becomes_WhenAll()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    async Task RunAsync(Task a, Task b)
    {
        await Task.Yield();
        [|Task.WaitAll(a, b)|];
    }
}", Usings + @"
class C
{
    async Task RunAsync(Task a, Task b)
    {
        await Task.Yield();
        await Task.WhenAll(a, b);
    }
}");

        [Fact]
        public Task WaitAll_with_token_becomes_WhenAll_WaitAsync()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    async Task RunAsync(Task[] tasks, CancellationToken ct)
    {
        await Task.Yield();
        [|Task.WaitAll(tasks, ct)|];
    }
}", Usings + @"
class C
{
    async Task RunAsync(Task[] tasks, CancellationToken ct)
    {
        await Task.Yield();
        await Task.WhenAll(tasks).WaitAsync(ct);
    }
}");

        [Fact]
        public Task WaitAny_discarded_becomes_WhenAny()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    async Task RunAsync(Task a, Task b)
    {
        await Task.Yield();
        [|Task.WaitAny(a, b)|];
    }
}", Usings + @"
class C
{
    async Task RunAsync(Task a, Task b)
    {
        await Task.Yield();
        await Task.WhenAny(a, b);
    }
}");

        [Fact]
        public Task WaitAny_whose_index_is_used_has_no_fix()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    async Task<int> RunAsync(Task a, Task b)
    {
        await Task.Yield();
        return [|Task.WaitAny(a, b)|];
    }
}", Usings + @"
class C
{
    async Task<int> RunAsync(Task a, Task b)
    {
        await Task.Yield();
        return [|Task.WaitAny(a, b)|];
    }
}");

        [Fact]
        public Task Wait_with_timeout_statement_becomes_WaitAsync_with_token_in_scope()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    async Task RunAsync(Task task, CancellationToken cancellationToken)
    {
        await Task.Yield();
        task.[|Wait(1000)|];
    }
}", Usings + @"
class C
{
    async Task RunAsync(Task task, CancellationToken cancellationToken)
    {
        await Task.Yield();
        await task.WaitAsync(TimeSpan.FromMilliseconds(1000), cancellationToken);
    }
}");

        [Fact]
        public Task Wait_with_token_becomes_WaitAsync()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    async Task RunAsync(Task task, CancellationToken ct)
    {
        await Task.Yield();
        task.[|Wait(ct)|];
    }
}", Usings + @"
class C
{
    async Task RunAsync(Task task, CancellationToken ct)
    {
        await Task.Yield();
        await task.WaitAsync(ct);
    }
}");

        [Fact]
        public Task Wait_with_timeout_whose_result_is_used_has_no_fix()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    async Task<bool> RunAsync(Task task)
    {
        await Task.Yield();
        return task.[|Wait(TimeSpan.FromSeconds(1))|];
    }
}", Usings + @"
class C
{
    async Task<bool> RunAsync(Task task)
    {
        await Task.Yield();
        return task.[|Wait(TimeSpan.FromSeconds(1))|];
    }
}");

        [Fact]
        public async Task Wait_with_timeout_on_netstandard_has_no_fix_because_WaitAsync_is_missing()
        {
            var source = Usings + @"
class C
{
    async Task RunAsync(Task task)
    {
        await Task.Yield();
        task.[|Wait(1000)|];
    }
}";
            var test = new Verify.Test { TestCode = source, FixedCode = source, ReferenceAssemblies = TestDefaults.NetStandard20 };
            await test.RunAsync();
        }

        // ---------- contexts ----------

        [Fact]
        public Task Task_returning_method_without_async_gets_async_and_returns_rewritten()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    Task<int> LoadAsync(Task<int> task)
    {
        if (task == null)
        {
            return Task.FromResult(0);
        }

        return Task.FromResult(task.[|Result|] + 1);
    }
}", Usings + @"
class C
{
    async Task<int> LoadAsync(Task<int> task)
    {
        if (task == null)
        {
            return 0;
        }

        return await task + 1;
    }
}");

        [Fact]
        public Task Task_returning_method_returning_CompletedTask_gets_async()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    public Task RunAsync(Task task)
    {
        task.[|Wait()|];
        return Task.CompletedTask;
    }
}", Usings + @"
class C
{
    public async Task RunAsync(Task task)
    {
        await task;
    }
}");

        [Fact]
        public Task Task_returning_method_returning_another_task_awaits_it()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    Task RunAsync(Task first, Func<Task> next)
    {
        first.[|Wait()|];
        return next();
    }

    Task<string> NameAsync(Task<int> id, Func<int, Task<string>> lookup) => lookup(id.[|Result|]);
}", Usings + @"
class C
{
    async Task RunAsync(Task first, Func<Task> next)
    {
        await first;
        await next();
    }

    async Task<string> NameAsync(Task<int> id, Func<int, Task<string>> lookup) => await lookup(await id);
}");

        [Fact]
        public Task Async_lambda_anonymous_method_and_local_function_are_async_code()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    void Register(Task<int> task)
    {
        Func<Task<int>> lambda = async () => { await Task.Yield(); return task.[|Result|]; };
        Func<Task<int>> anonymous = async delegate { await Task.Yield(); return task.[|Result|]; };
        async Task<int> Local() { await Task.Yield(); return task.[|Result|]; }
        Func<Task<int>> nonAsyncLambda = () => Task.FromResult(task.[|Result|]);
    }
}", Usings + @"
class C
{
    void Register(Task<int> task)
    {
        Func<Task<int>> lambda = async () => { await Task.Yield(); return await task; };
        Func<Task<int>> anonymous = async delegate { await Task.Yield(); return await task; };
        async Task<int> Local() { await Task.Yield(); return await task; }
        Func<Task<int>> nonAsyncLambda = async () => await task;
    }
}");

        [Fact]
        public Task Async_iterator_is_async_code()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    async IAsyncEnumerable<int> ReadAsync(Task<int> task)
    {
        await Task.Yield();
        yield return task.[|Result|];
    }
}", Usings + @"
class C
{
    async IAsyncEnumerable<int> ReadAsync(Task<int> task)
    {
        await Task.Yield();
        yield return await task;
    }
}");

        [Fact]
        public Task Fix_all_rewrites_every_occurrence_and_adds_async_once()
        {
            var test = new Verify.Test
            {
                TestCode = Usings + @"
class C
{
    Task<int> SumAsync(Task<int> a, Task<int> b)
    {
        var x = a.[|Result|];
        var y = b.[|Result|];
        return Task.FromResult(x + y);
    }

    async Task RunAsync(Task t, Task<string> s, Task u)
    {
        t.[|Wait()|];
        Console.WriteLine(s.[|Result|].Trim());
        u.[|GetAwaiter().GetResult()|];
    }
}",
                FixedCode = Usings + @"
class C
{
    async Task<int> SumAsync(Task<int> a, Task<int> b)
    {
        var x = await a;
        var y = await b;
        return x + y;
    }

    async Task RunAsync(Task t, Task<string> s, Task u)
    {
        await t;
        Console.WriteLine((await s).Trim());
        await u;
    }
}",
            };
            return test.RunAsync();
        }

        [Fact]
        public Task Top_level_statements_with_await_are_async_code()
        {
            var test = new Verify.Test
            {
                TestCode = Usings + @"
var task = Task.FromResult(1);
await Task.Yield();
Task<int> pending = Compute();
Console.WriteLine(pending.[|Result|]);

static async Task<int> Compute() { await Task.Yield(); return 2; }
",
                FixedCode = Usings + @"
var task = Task.FromResult(1);
await Task.Yield();
Task<int> pending = Compute();
Console.WriteLine(await pending);

static async Task<int> Compute() { await Task.Yield(); return 2; }
",
            };
            test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
            return test.RunAsync();
        }

        [Fact]
        public Task Blocking_inside_lock_is_reported_without_a_fix()
        {
            var source = Usings + @"
class C
{
    private readonly object _gate = new object();

    async Task<int> RunAsync(Task<int> task)
    {
        await Task.Yield();
        lock (_gate)
        {
            return task.{|#0:Result|};
        }
    }
}";
            // Ocelot's CookieStickySessions.LeaseAsync: "use 'await …'" cannot be applied in a lock body.
            return Verify.VerifyCodeFixAsync(
                source,
                Verify.Diagnostic("ASYNC101").WithLocation(0).WithArguments("task.Result", "async method 'RunAsync'", "a SemaphoreSlim in place of the lock (await its WaitAsync), then await task"),
                source);
        }

        [Fact]
        public Task Method_with_out_parameter_cannot_become_async_so_no_fix()
        {
            var source = Usings + @"
class C
{
    Task<int> Run(Task<int> task, out int copy)
    {
        copy = task.[|Result|];
        return Task.FromResult(copy);
    }
}";
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task Task_method_returning_null_has_no_fix()
        {
            var source = Usings + @"
class C
{
    Task<string> Run(Task<string> task)
    {
        if (task.[|Result|] == """") return null;
        return task;
    }
}";
            return Verify.VerifyCodeFixAsync(source, source);
        }

        // ---------- not flagged ----------

        [Fact]
        public Task Sync_methods_and_deferred_sync_lambdas_inside_async_code_are_ASYNC104_not_ASYNC101()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    int Sync(Func<Task<int>> start) => start().{|ASYNC104:Result|};

    void SyncWait(Func<Task> start) => start().{|ASYNC104:Wait()|};

    async Task<int[]> RunAsync(IEnumerable<Task<int>> tasks)
    {
        await Task.Yield();
        Func<int> later = () => tasks.First().{|ASYNC104:Result|};
        int Local() => tasks.First().{|ASYNC104:Result|};
        return tasks.Select(t => t.{|ASYNC101:Result|}).ToArray();
    }

    string Property => Task.FromResult(""x"").Result;
}");

        [Fact]
        public Task Provably_complete_tasks_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    async Task<int> AwaitedEarlier(Task<int> task)
    {
        await task;
        return task.Result;
    }

    async Task<int> AwaitedEarlierWithConfigureAwait(Task<int> task)
    {
        await task.ConfigureAwait(false);
        task.Wait();
        return task.GetAwaiter().GetResult();
    }

    async Task<int> WhenAllEarlier(Task<int> a, Task<int> b)
    {
        await Task.WhenAll(a, b);
        return a.Result + b.Result;
    }

    async Task<int> WhenAllOfCollection(List<Task<int>> tasks)
    {
        await Task.WhenAll(tasks);
        var sum = 0;
        foreach (var t in tasks)
        {
            sum += t.Result;
        }

        return sum + tasks[0].Result;
    }

    async Task<int[]> LambdaOverCollectionAfterWhenAll(List<Task<int>> tasks)
    {
        await Task.WhenAll(tasks);
        return await Task.WhenAll(tasks.Select(async t => { await Task.Yield(); return t.Result; }));
    }

    async Task<int> Guarded(Task<int> task)
    {
        if (task.IsCompleted)
        {
            return task.Result;
        }

        return task.IsCompletedSuccessfully ? task.Result : await task;
    }

    async Task<int> EarlyAwaitWhenNotCompleted(Task<int> task)
    {
        if (!task.IsCompleted)
        {
            await task;
        }

        return task.Result;
    }

    async ValueTask<int> ValueTaskFastPath(ValueTask<int> pending)
    {
        if (pending.IsCompletedSuccessfully)
        {
            return pending.Result;
        }

        return await pending;
    }

    async Task<int> StatusCheck(Task<int> task)
    {
        await Task.Yield();
        if (task.Status == TaskStatus.RanToCompletion && task.Result > 0) return task.Result;
        return 0;
    }

    async Task<int> FromResult()
    {
        await Task.Yield();
        var done = Task.FromResult(1);
        return done.Result + Task.FromResult(2).Result + new ValueTask<int>(3).Result;
    }

    async Task<int> WhenAnyWinner(Task<int> a, Task<int> b)
    {
        var winner = await Task.WhenAny(a, b);
        if (await Task.WhenAny(a, Task.Delay(100)) == a)
        {
            return a.Result;
        }

        return winner.Result;
    }

    async Task ContinueWithAntecedent(Task<int> task)
    {
        await task.ContinueWith(async previous => { await Task.Yield(); Console.WriteLine(previous.Result + task.Result); }).Unwrap();
    }

    async Task ZeroTimeoutPolls(Task task, Task[] tasks)
    {
        await Task.Yield();
        if (task.Wait(0)) { }
        Task.WaitAll(tasks, 0);
        task.Wait(TimeSpan.Zero);
    }

    async Task NameOf(Task<int> task)
    {
        await Task.Yield();
        Console.WriteLine(nameof(task.Result));
    }
}");

        [Fact]
        public Task Result_property_of_non_task_types_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Outcome { public int Result { get; set; } public void Wait() { } }

class C
{
    async Task<int> RunAsync(Outcome outcome)
    {
        await Task.Yield();
        outcome.Wait();
        return outcome.Result;
    }
}");

        [Fact]
        public Task Task_reassigned_after_await_is_flagged_again()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    async Task<int> RunAsync(Func<Task<int>> start)
    {
        var task = start();
        await task;
        task = start();
        return task.[|Result|];
    }

    async Task<int> ConditionalAwait(Task<int> task, bool flag)
    {
        if (flag)
        {
            await task;
        }

        return task.[|Result|];
    }
}");

        [Fact]
        public Task Awaiter_variable_GetResult_is_flagged_without_fix_unless_guarded()
        {
            var source = Usings + @"
class C
{
    async Task<int> RunAsync(Task<int> task)
    {
        await Task.Yield();
        var awaiter = task.GetAwaiter();
        if (awaiter.IsCompleted)
        {
            return awaiter.GetResult();
        }

        return awaiter.[|GetResult()|];
    }
}";
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task Broken_code_does_not_crash_the_analyzer()
        {
            var source = Usings + @"
class C
{
    async Task<int> RunAsync(Task<int> task)
    {
        await Task.Yield();
        var x = task.Result.{|CS1061:Missing|};
        return {|CS0103:unknown|}.Result;
    }
}";
            var test = new Verify.Test { TestCode = source, FixedCode = source.Replace("task.Result.", "(await task).") };
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("ASYNC101").WithSpan(12, 22, 12, 28).WithArguments("task.Result", "async method 'RunAsync'", "await task"));
            return test.RunAsync();
        }

        // ---------- completion proofs on current frameworks (issue 13) ----------

        [Fact]
        public Task WhenAll_of_any_shape_proves_its_tasks_complete_and_a_task_left_out_is_still_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    // Two arguments: params Task[] on .NET 8, params ReadOnlySpan<Task> on .NET 9 and later.
    async Task<int> TwoArguments(Func<Task<int>> start)
    {
        var a = start();
        var b = start();
        await Task.WhenAll(a, b);
        return a.Result + b.Result;
    }

    async Task<int> CollectionExpression(Func<Task<int>> start)
    {
        var a = start();
        var b = start();
        await Task.WhenAll<int>([a, b]);
        return a.Result + b.GetAwaiter().GetResult();
    }

    async Task<int> ExplicitArray(Func<Task<int>> start)
    {
        var a = start();
        var b = start();
        await Task.WhenAll(new[] { a, b }).ConfigureAwait(false);
        return a.Result + b.Result;
    }

    async Task<int> Spread(List<Task<int>> tasks)
    {
        await Task.WhenAll([(Task)tasks[1], .. tasks]);
        return tasks[0].Result;
    }

    async Task<int> NotPassed(Func<Task<int>> start)
    {
        var a = start();
        var b = start();
        await Task.WhenAll(a);
        return a.Result + b.{|ASYNC101:Result|};
    }
}");

        [Fact]
        public Task WhenAll_over_a_dictionarys_values_or_a_projection_proves_what_is_read_back_and_a_replaced_task_is_still_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    // BTCPay Server's rate fetching: a dictionary of tasks, awaited through its values, read back by key or pair.
    async Task<int> DictionaryValues(Dictionary<string, Task<int>> rates, string key)
    {
        await Task.WhenAll(rates.Values);
        var sum = rates[key].Result;
        foreach (var rate in rates)
        {
            sum += rate.Value.Result;
        }

        return sum + rates.Select(r => r.Value.Result).Sum();
    }

    async Task<int> DictionaryProjection(Dictionary<string, Task<int>> fetching, string[] pairs)
    {
        await Task.WhenAll(fetching.Select(f => f.Value).ToArray());
        return pairs.Select(p => fetching[p].GetAwaiter().GetResult()).Sum();
    }

    // A list of (name, task) tuples, awaited through a projection, sorted, then read back.
    async Task<int> TupleProjection(List<(string Name, Task<int> Work)> results)
    {
        await Task.WhenAll(results.Select(r => r.Work));
        results = results.OrderBy(r => r.Name).ToList();
        return results.Select(r => r.Work.Result).Sum();
    }

    async Task<int> OtherMemberOrReplacedTask(List<(Task<int> First, Task<int> Second)> results, Dictionary<string, Task<int>> rates, Func<Task<int>> start)
    {
        await Task.WhenAll(results.Select(r => r.First));
        var second = results.Select(r => r.Second.{|ASYNC101:Result|}).Sum();
        await Task.WhenAll(rates.Values);
        rates[""late""] = start();
        return second + rates[""late""].{|ASYNC101:Result|};
    }

    // An element of a sorted or filtered view of the collection is an element of the collection; awaiting a filtered part is not awaiting all.
    async Task<int> FilteredAfterWhenAll(List<Task<int>> tasks, List<Task<int>> partly)
    {
        await Task.WhenAll(tasks);
        var read = tasks.Where(t => t.Result > 0).OrderBy(t => t.Id).Select(t => t.Result).Sum();
        await Task.WhenAll(partly.Where(t => t.Id > 0));
        return read + partly.Select(t => t.{|ASYNC101:Result|}).Sum();
    }

    async Task<int> ReassignedFromElsewhere(List<(string Name, Task<int> Work)> results, List<(string Name, Task<int> Work)> others)
    {
        await Task.WhenAll(results.Select(r => r.Work));
        results = others.OrderBy(r => r.Name).ToList();
        return results.Select(r => r.Work.{|ASYNC101:Result|}).Sum();
    }
}");

        [Fact]
        public Task A_completion_extension_a_lost_race_and_an_awaiters_GetResult_prove_completion()
            => Verify.VerifyAnalyzerAsync(Usings + @"
static class TaskExtensions
{
    // MassTransit's guard for frameworks without Task.IsCompletedSuccessfully.
    public static bool IsCompletedSuccessfully(this Task task) => task.Status == TaskStatus.RanToCompletion;

    public static bool IsSlow(this Task task) => true;
}

class C
{
    async Task<int> ExtensionGuard(Task<int> context, Task<int> other)
    {
        var first = context.IsCompletedSuccessfully() ? context.Result : await context; // the extension, not the property
        var second = other.IsSlow() ? other.{|ASYNC101:Result|} : 0;
        return first + second;
    }

    async Task LostRace(Task task, TimeSpan timeout, Task unrelated)
    {
        var delay = Task.Delay(timeout);
        var completed = await Task.WhenAny(task, delay);
        if (completed == delay)
        {
            throw new TimeoutException();
        }

        task.GetAwaiter().GetResult();
        unrelated.{|ASYNC101:GetAwaiter().GetResult()|};
    }
}

// MassTransit's await adapter: the compiler calls GetResult only once IsCompleted is true or OnCompleted's callback ran.
sealed class TaskAwaitAdapter : System.Runtime.CompilerServices.INotifyCompletion
{
    readonly System.Runtime.CompilerServices.TaskAwaiter<int> _awaiter;

    public TaskAwaitAdapter(Task<int> task) => _awaiter = task.GetAwaiter();

    public bool IsCompleted => _awaiter.IsCompleted;

    public void OnCompleted(Action action) => _awaiter.OnCompleted(action);

    public int GetResult() => _awaiter.GetResult();
}");

        [Fact]
        public Task A_flag_set_from_a_completion_guard_proves_completion_while_the_task_is_not_reassigned()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Content
{
    public Task<int> ConsumptionTask { get; set; } = Task.FromResult(0);
}

class C
{
    // YARP's HttpForwarder: the request body was tried only if its copy had completed.
    async Task<int> Failure(Content? content, Content other)
    {
        var triedBody = content?.ConsumptionTask.IsCompleted == true;
        var maybe = content?.ConsumptionTask.IsCompleted != false; // true also when content is null
        var done = other.ConsumptionTask.IsCompleted;
        var result = 0;
        if (triedBody)
        {
            result += content!.ConsumptionTask.Result;
        }

        if (maybe)
        {
            result += content!.ConsumptionTask.{|ASYNC101:Result|};
        }

        if (!done)
        {
            result += other.ConsumptionTask.{|ASYNC101:Result|};
        }

        await Task.Yield();
        return result;
    }

    async Task<int> Reassigned(Task<int> task, Task<int> next)
    {
        var completed = task.IsCompleted;
        task = next;
        await Task.Yield();
        return completed ? task.{|ASYNC101:Result|} : 0;
    }

    // Sonarr's HappyEyeballs: the local only ever receives a task that was just found complete.
    async Task<int> FirstSuccess(List<Task<int>> tasks)
    {
        Task<int>? success = null;
        while (tasks.Count > 0)
        {
            var completed = await Task.WhenAny(tasks);
            tasks.Remove(completed);
            if (completed.IsCompletedSuccessfully)
            {
                success = completed;
                break;
            }
        }

        if (success == null)
        {
            throw new InvalidOperationException();
        }

        return success.Result;
    }

    async Task<int> AnyTask(List<Task<int>> tasks)
    {
        Task<int>? chosen = null;
        foreach (var task in tasks)
        {
            chosen = task; // not tested
        }

        await Task.Yield();
        return chosen!.{|ASYNC101:Result|};
    }

    // Jackett's WhenAll-with-timeout: the results of the tasks that finished in time.
    IEnumerable<int> Finished(List<Task<int>> tasks)
    {
        var completed = tasks.Where(t => t.Status == TaskStatus.RanToCompletion);
        var direct = tasks.Where(t => t.IsCompletedSuccessfully).OrderBy(t => t.Id).Select(t => t.Result).ToList();
        var unfiltered = tasks.Where(t => t.Id > 0).Select(t => t.{|ASYNC104:Result|}).ToList();
        var fromLocal = completed.Select(t => t.Result).ToList();
        return fromLocal.Concat(direct).Concat(unfiltered);
    }

    async Task<int> FlagOfAFlag(Task<int> task)
    {
        var completed = task.IsCompletedSuccessfully;
        var ready = completed && task.Id > 0;
        await Task.Yield();
        return ready ? task.Result : 0;
    }
}");

        [Fact]
        public Task WaitAll_timed_wait_in_a_try_and_continuations_prove_completion_in_sync_code()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    int AfterWaitAll(Func<Task<int>> start, bool first)
    {
        var a = start();
        var b = start();
        var c = start();
        {|ASYNC104:Task.WaitAll(a, b)|};
        return a.Result + b.Result + (first ? a : b).GetAwaiter().GetResult() + (first ? a : c).{|ASYNC104:Result|};
    }

    int AfterTimedWaitInTry(Func<Task<int>> start)
    {
        var task = start();
        try
        {
            if (!task.{|ASYNC104:Wait(1000)|}) throw new TimeoutException();
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            throw e.InnerExceptions[0];
        }

        return task.Result;
    }

    int CatchThatSwallows(Func<Task<int>> start)
    {
        var task = start();
        try
        {
            if (!task.{|ASYNC104:Wait(1000)|}) throw new TimeoutException();
        }
        catch (AggregateException)
        {
        }

        return task.{|ASYNC104:Result|};
    }

    void OnCompletedCallback(Func<Task<int>> start)
    {
        var task = start();
        var other = start();
        task.GetAwaiter().OnCompleted(() => Console.WriteLine(task.Result));
        task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => Console.WriteLine(other.{|ASYNC104:Result|}));
    }

    Task<int> ContinueWhenAll(Func<Task<int>> start)
    {
        var a = start();
        var b = start();
        Task.Factory.ContinueWhenAny(new[] { a, b }, _ => Console.WriteLine(b.{|ASYNC104:Result|}));
        return Task.Factory.ContinueWhenAll(new[] { a, b }, _ => a.Result + b.Result);
    }
}");

        [Fact]
        public Task Members_that_hand_out_completed_or_cached_tasks_are_complete_but_not_overridable_or_mixed_ones()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Reader
{
    private static readonly Task<bool> TrueTask = Task.FromResult(true);
    private static readonly Task<bool> FalseTask = Task.FromResult(false);
    private bool _buffered;

    // Cached tasks, and null when there is no fast answer.
    Task<bool>? TryRead()
    {
        if (!_buffered)
            return null;
        return _buffered ? TrueTask : FalseTask;
    }

    Task<int> Cached() => Task.FromResult(1);

    ValueTask<int> Default() => default;

    Task Done => Task.CompletedTask;

    protected virtual Task<int> Overridable() => Task.FromResult(2);

    Task<int> Mixed(Func<Task<int>> start) => _buffered ? Task.FromResult(3) : start();

    public bool Read(Func<Task<bool>> slow)
    {
        Done.Wait();
        var sum = Cached().Result + Default().Result;
        return TryRead()?.Result ?? slow().{|ASYNC104:Result|};
    }

    public int Others(Func<Task<int>> start) => Overridable().{|ASYNC104:Result|} + Mixed(start).{|ASYNC104:Result|};
}");

        [Fact]
        public Task Dual_mode_code_called_with_async_false_completes_synchronously_and_its_synchronous_path_is_not_async_code()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Command
{
    private readonly System.IO.Stream _stream = System.IO.Stream.Null;

    // The synchronous facade of a dual-mode method (Npgsql, SqlClient): the task is complete when it is returned.
    public int ExecuteNonQuery() => ExecuteNonQuery(async: false).GetAwaiter().GetResult();

    public void Flush() => Flush(false).GetAwaiter().GetResult();

    public bool NextResult(bool schemaOnly) => (schemaOnly ? NextResultSchemaOnly(false) : NextResult(false, default)).Result;

    // Near miss: async: true returns a task that is not complete.
    public int Blocks() => ExecuteNonQuery(async: true).{|ASYNC104:GetAwaiter().GetResult()|};

    async Task<int> ExecuteNonQuery(bool async)
    {
        await Flush(async);
        return 1;
    }

    async Task Flush(bool async)
    {
        var pending = Task.Delay(1);
        if (async)
            await _stream.FlushAsync();
        else
            _stream.Flush();

        // Each branch is judged as what it is: the synchronous one waits by design, the asynchronous one must not.
        if (async)
            await pending;
        else
            pending.GetAwaiter().GetResult();

        if (!async)
        {
            pending.Wait();
            return;
        }

        var other = Task.Delay(2);
        if (async)
            other.{|ASYNC101:Wait()|};
    }

    Task<bool> NextResultSchemaOnly(bool async) => Task.FromResult(async);

    async Task<bool> NextResult(bool async, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return async;
    }
}");

        [Fact]
        public Task A_constant_argument_that_steers_the_callee_away_from_every_await_completes_the_task()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Folder { }
class Collections
{
    // Jellyfin's CollectionManager: only the createIfNeeded path awaits, and GetCollectionsFolder forwards the flag.
    public Task<Folder?> GetCollectionsFolder(bool createIfNeeded) => EnsureLibraryFolder(""path"", createIfNeeded);

    private async Task<Folder?> EnsureLibraryFolder(string path, bool createIfNeeded)
    {
        if (path.Length == 0)
        {
            return new Folder();
        }

        if (!createIfNeeded)
        {
            return null;
        }

        await Task.Delay(1);
        return new Folder();
    }

    private async Task<int> Load(bool refresh) => refresh ? await Task.FromResult(1).ConfigureAwait(false) : 0;

    private async Task<int> Reassigned(bool refresh)
    {
        refresh = !refresh;
        if (refresh)
        {
            await Task.Delay(1);
        }

        return 0;
    }

    private async Task<int> AwaitsEitherWay(bool refresh)
    {
        await Task.Yield();
        return refresh ? 1 : 0;
    }

    public virtual async Task<int> Overridable(bool refresh)
    {
        if (refresh)
        {
            await Task.Delay(1);
        }

        return 0;
    }

    public Folder? Existing() => GetCollectionsFolder(false).GetAwaiter().GetResult();
    public int Cached() => Load(false).Result;

    // Near misses: the path taken awaits, the parameter is reassigned, every path awaits, an override may run instead.
    public Folder? Created() => GetCollectionsFolder(true).{|ASYNC104:GetAwaiter().GetResult()|};
    public int Refreshed() => Load(true).{|ASYNC104:Result|};
    public int AfterReassignment() => Reassigned(false).{|ASYNC104:Result|};
    public int Always() => AwaitsEitherWay(false).{|ASYNC104:Result|};
    public int Virtual() => Overridable(false).{|ASYNC104:Result|};
}");

        [Fact]
        public Task Conditional_access_is_rendered_as_written_and_gets_no_fix_that_drops_the_null_check()
        {
            var source = Usings + @"
class C
{
    async Task<int?> RunAsync(Task<int>? task)
    {
        await Task.Yield();
        var a = task?.{|#0:Result|};
        var b = task?.{|#1:GetAwaiter().GetResult()|};
        task?.{|#2:Wait()|};
        return a + b;
    }
}";
            var test = new Verify.Test { TestCode = source, FixedCode = source };
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("ASYNC101").WithLocation(0).WithArguments("task?.Result", "async method 'RunAsync'", "if (task != null) … await task"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("ASYNC101").WithLocation(1).WithArguments("task?.GetAwaiter().GetResult()", "async method 'RunAsync'", "if (task != null) … await task"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("ASYNC101").WithLocation(2).WithArguments("task?.Wait()", "async method 'RunAsync'", "if (task != null) … await task"));
            return test.RunAsync();
        }

        [Fact]
        public Task Wait_inside_a_lambda_the_async_method_runs_at_once_is_ASYNC101_without_a_fix()
        {
            var source = Usings + @"
class C
{
    async Task RunAsync(List<Func<Task>> jobs)
    {
        await Task.Yield();
        jobs.ForEach(job => job().{|#0:Wait()|});
        Array.ForEach(jobs.ToArray(), job => job().{|#1:GetAwaiter().GetResult()|});
        if (jobs.Any(job => job().IsCompleted))
            return;
    }
}";
            var test = new Verify.Test { TestCode = source, FixedCode = source };
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("ASYNC101").WithLocation(0).WithArguments("job().Wait()", "a lambda that async method 'RunAsync' runs at once", "await job()"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("ASYNC101").WithLocation(1).WithArguments("job().GetAwaiter().GetResult()", "a lambda that async method 'RunAsync' runs at once", "await job()"));
            return test.RunAsync();
        }
    }
}
