using System.Linq;
using System.Threading.Tasks;
using AsyncLint.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncLint.Tests.Verifiers.CSharpCodeFixVerifier<AsyncLint.Rules.AsyncLambdaToVoidDelegateAnalyzer, AsyncLint.CodeFixes.Rules.AsyncLambdaToVoidDelegateCodeFixProvider>;

namespace AsyncLint.Tests.Rules
{
    public class AsyncLambdaToVoidDelegateTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private const string General = "pass a delegate that returns a Task (an overload taking Func<..., Task>), or catch every exception inside the lambda";
        private const string Crash = "nobody awaits it and an exception it throws crashes the process";
        private const string ThreadRemedy = "use '_ = Task.Run(...)': the lambda runs on the thread pool all the same, and the task keeps its exceptions";

        // ---------- List<T>.ForEach / Array.ForEach → foreach ----------

        [Fact]
        public Task List_ForEach_becomes_foreach_with_await()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    Task SaveAsync(int item) => Task.CompletedTask;

    async Task RunAsync(List<int> items)
    {
        items.ForEach({|#0:async item =>|}
        {
            if (item == 0)
                return;
            await SaveAsync(item);
        });
    }
}",
                Verify.Diagnostic("ASYNC302").WithLocation(0).WithArguments("Async lambda", "Action<int>", Crash, "use 'foreach' with 'await' in the loop body").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations),
                Usings + @"
class C
{
    Task SaveAsync(int item) => Task.CompletedTask;

    async Task RunAsync(List<int> items)
    {
        foreach (var item in items)
        {
            if (item == 0)
                continue;
            await SaveAsync(item);
        }
    }
}");

        [Fact]
        public Task Array_ForEach_with_expression_body_in_Task_method_becomes_async_foreach()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    Task SaveAsync(string item) => Task.CompletedTask;

    Task RunAsync(string[] names)
    {
        Array.ForEach(names, [|async (string name) =>|] await SaveAsync(name));
        return Task.CompletedTask;
    }
}", Usings + @"
class C
{
    Task SaveAsync(string item) => Task.CompletedTask;

    async Task RunAsync(string[] names)
    {
        foreach (string name in names)
        {
            await SaveAsync(name);
        }
    }
}");

        [Fact]
        public Task ForEach_with_return_inside_a_loop_or_a_shadowed_name_has_no_fix()
        {
            const string source = Usings + @"
class C
{
    Task SaveAsync(int item) => Task.CompletedTask;

    async Task RunAsync(List<int> items, int item)
    {
        items.ForEach([|async i =>|]
        {
            while (true) { if (i > 0) return; await SaveAsync(i); }
        });
        items.ForEach([|async item =>|] await SaveAsync(item));
        await Task.Yield();
    }
}";
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task ForEach_in_synchronous_method_has_no_fix()
        {
            const string source = Usings + @"
class C
{
    Task SaveAsync(int item) => Task.CompletedTask;

    void Run(List<int> items) => items.ForEach([|async i =>|] await SaveAsync(i));
}";
            return Verify.VerifyCodeFixAsync(source, source);
        }

        // ---------- Parallel.ForEach / For → ForEachAsync / ForAsync ----------

        [Fact]
        public Task Parallel_ForEach_becomes_ForEachAsync_forwarding_the_token()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    Task SaveAsync(int item) => Task.CompletedTask;

    async Task RunAsync(IEnumerable<int> items, CancellationToken cancellation)
    {
        Parallel.ForEach(items, {|#0:async item =>|}
        {
            await SaveAsync(item);
        });
    }
}",
                Verify.Diagnostic("ASYNC302").WithLocation(0).WithArguments("Async lambda", "Action<int>", Crash, "use 'await Parallel.ForEachAsync'").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations),
                Usings + @"
class C
{
    Task SaveAsync(int item) => Task.CompletedTask;

    async Task RunAsync(IEnumerable<int> items, CancellationToken cancellation)
    {
        await Parallel.ForEachAsync(items, cancellation, async (item, ct) =>
        {
            await SaveAsync(item);
        });
    }
}");

        [Fact]
        public Task Parallel_ForEach_keeps_ParallelOptions_and_picks_a_free_token_name()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    Task SaveAsync(int item, int ct) => Task.CompletedTask;

    async Task RunAsync(List<int> items, ParallelOptions options)
    {
        var ct = 1;
        Parallel.ForEach(items, options, [|async (int item) =>|] await SaveAsync(item, ct));
    }
}", Usings + @"
class C
{
    Task SaveAsync(int item, int ct) => Task.CompletedTask;

    async Task RunAsync(List<int> items, ParallelOptions options)
    {
        var ct = 1;
        await Parallel.ForEachAsync(items, options, async (int item, CancellationToken cancellationToken) => await SaveAsync(item, ct));
    }
}");

        [Fact]
        public Task Parallel_For_becomes_ForAsync()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    Task SaveAsync(int item) => Task.CompletedTask;

    Task RunAsync(int count)
    {
        Parallel.For(0, count, [|async i =>|] await SaveAsync(i));
        return Task.CompletedTask;
    }
}", Usings + @"
class C
{
    Task SaveAsync(int item) => Task.CompletedTask;

    async Task RunAsync(int count)
    {
        await Parallel.ForAsync(0, count, async (i, ct) => await SaveAsync(i));
    }
}");

        [Fact]
        public Task Parallel_ForEach_on_netstandard20_has_no_fix()
        {
            const string source = Usings + @"
class C
{
    Task SaveAsync(int item) => Task.CompletedTask;

    async Task RunAsync(IEnumerable<int> items)
    {
        Parallel.ForEach(items, {|#0:async item =>|} await SaveAsync(item));
        await Task.Yield();
    }
}";
            return new Verify.Test
            {
                TestCode = source,
                FixedCode = source,
                ReferenceAssemblies = TestDefaults.NetStandard20,
                ExpectedDiagnostics =
                {
                    Verify.Diagnostic("ASYNC302").WithLocation(0).WithArguments("Async lambda", "Action<int>", Crash, "use 'await Parallel.ForEachAsync' (.NET 6 and later) or Task.WhenAll"),
                },
            }.RunAsync();
        }

        [Fact]
        public Task Fix_all_rewrites_every_loop_and_makes_the_method_async_once()
            => new Verify.Test
            {
                TestCode = Usings + @"
class C
{
    Task SaveAsync(int item) => Task.CompletedTask;

    Task RunAsync(List<int> a, int[] b)
    {
        a.ForEach([|async x =>|] await SaveAsync(x));
        Array.ForEach(b, [|async y =>|] await SaveAsync(y));
        return Task.CompletedTask;
    }
}",
                FixedCode = Usings + @"
class C
{
    Task SaveAsync(int item) => Task.CompletedTask;

    async Task RunAsync(List<int> a, int[] b)
    {
        foreach (var x in a)
        {
            await SaveAsync(x);
        }
        foreach (var y in b)
        {
            await SaveAsync(y);
        }
    }
}",
            }.RunAsync();

        // ---------- new Thread(async () => …).Start() → _ = Task.Run(…) ----------

        [Fact]
        public Task Thread_started_at_once_becomes_Task_Run_with_the_task_discarded()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    Task SaveAsync() => Task.Delay(1);

    void Start()
    {
        new Thread({|#0:async () =>|}
        {
            await SaveAsync();
            Console.WriteLine(""saved"");
        }).Start();
    }
}",
                Verify.Diagnostic("ASYNC302").WithLocation(0).WithArguments("Async lambda", "ThreadStart", Crash, ThreadRemedy).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations),
                Usings + @"
class C
{
    Task SaveAsync() => Task.Delay(1);

    void Start()
    {
        _ = Task.Run(async () =>
        {
            await SaveAsync();
            Console.WriteLine(""saved"");
        });
    }
}");

        [Fact]
        public Task Fix_All_rewrites_every_thread_started_at_once_and_adds_the_using()
            => new Verify.Test
            {
                TestCode = @"using System;
using System.Threading;

class C
{
    void Start(Func<System.Threading.Tasks.Task> work)
    {
        new Thread([|async () =>|] await work()).Start();
        new Thread([|async () =>|] { await work(); await work(); }).Start();
    }
}",
                FixedCode = @"using System;
using System.Threading;
using System.Threading.Tasks;

class C
{
    void Start(Func<System.Threading.Tasks.Task> work)
    {
        _ = Task.Run(async () => await work());
        _ = Task.Run(async () => { await work(); await work(); });
    }
}",
                CodeActionEquivalenceKey = AsyncLint.CodeFixes.Rules.AsyncLambdaToVoidDelegateCodeFixProvider.TaskRunKey,
                NumberOfFixAllIterations = 1,
            }.RunAsync();

        [Fact]
        public Task Thread_kept_used_again_started_elsewhere_or_given_more_than_the_lambda_is_not_made_Task_Run()
        {
            const string source = Usings + @"
class C
{
    void Start()
    {
        var kept = new Thread({|#0:async () =>|} await Task.Delay(1));
        kept.Start();
        kept.Join();
        new Thread({|#1:async () =>|} await Task.Delay(1), 1 << 20).Start();
        new Thread({|#2:async state =>|} await Task.Delay(1)).Start(42);
        new Thread({|#3:async () =>|} await Task.Delay(1)) { Name = ""worker"" }.Start();
        new Thread({|#4:async () =>|} await Task.Delay(1)) { IsBackground = Flag() }.Start();
        var elsewhere = new Thread({|#5:async () =>|} await Task.Delay(1));
        if (Flag())
        {
            elsewhere.Start();
        }

        var later = new Thread({|#6:async () =>|} await Task.Delay(1));
        Action start = () => later.Start();
        start();
        var twice = new Thread({|#7:async () =>|} await Task.Delay(1));
        twice.Start();
        twice.Start();
        var named = new Thread({|#8:async () =>|} await Task.Delay(1));
        named.Name = ""worker"";
        named.Start();
    }

    bool Flag() => true;
}";
            // Task.Run would drop the thread's name, stack size or foreground flag, or what the code does with it later; what
            // stays on offer is the catch inside the lambda (the test below).
            var test = new Verify.Test
            {
                TestCode = source,
                FixedCode = source,
                CodeActionEquivalenceKey = AsyncLint.CodeFixes.Rules.AsyncLambdaToVoidDelegateCodeFixProvider.TaskRunKey,
            };
            test.ExpectedDiagnostics.AddRange(new[]
            {
                Verify.Diagnostic("ASYNC302").WithLocation(0).WithArguments("Async lambda", "ThreadStart", Crash, General),
                Verify.Diagnostic("ASYNC302").WithLocation(1).WithArguments("Async lambda", "ThreadStart", Crash, General),
                Verify.Diagnostic("ASYNC302").WithLocation(2).WithArguments("Async lambda", "ParameterizedThreadStart", Crash, General),
                Verify.Diagnostic("ASYNC302").WithLocation(3).WithArguments("Async lambda", "ThreadStart", Crash, General),
                Verify.Diagnostic("ASYNC302").WithLocation(4).WithArguments("Async lambda", "ThreadStart", Crash, General),
                Verify.Diagnostic("ASYNC302").WithLocation(5).WithArguments("Async lambda", "ThreadStart", Crash, General),
                Verify.Diagnostic("ASYNC302").WithLocation(6).WithArguments("Async lambda", "ThreadStart", Crash, General),
                Verify.Diagnostic("ASYNC302").WithLocation(7).WithArguments("Async lambda", "ThreadStart", Crash, General),
                Verify.Diagnostic("ASYNC302").WithLocation(8).WithArguments("Async lambda", "ThreadStart", Crash, General),
            }.Select(d => d.WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)));
            return test.RunAsync();
        }

        [Fact]
        public Task Thread_kept_in_a_local_only_to_be_started_later_in_the_block_becomes_Task_Run_at_the_start()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    void Start(bool ready)
    {
        var worker = new Thread([|async () =>|]
        {
            await Task.Delay(1);
            Console.WriteLine(""done"");
        })
        { IsBackground = true };
        Console.WriteLine(""starting"");
        worker.Start();
    }
}", Usings + @"
class C
{
    void Start(bool ready)
    {
        Console.WriteLine(""starting"");
        _ = Task.Run(async () =>
        {
            await Task.Delay(1);
            Console.WriteLine(""done"");
        });
    }
}");

        [Fact]
        public Task Thread_that_only_sets_IsBackground_becomes_Task_Run_as_well()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    void Start()
    {
        new Thread([|async () =>|] await Task.Delay(1)) { IsBackground = true }.Start();
    }
}", Usings + @"
class C
{
    void Start()
    {
        _ = Task.Run(async () => await Task.Delay(1));
    }
}");

        [Fact]
        public Task Thread_started_at_once_with_a_lambda_that_catches_everything_is_not_reported()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    void Start()
    {
        new Thread(async () =>
        {
            try { await Task.Delay(1); }
            catch (Exception ex) { Console.WriteLine(ex); }
        }).Start();
    }
}");

        // ---------- the overload whose delegate returns a task ----------

        private const string Bus = @"
class Bus
{
    public void Subscribe(string topic, Action<string> handler) { }
    public Task SubscribeAsync(string topic, Func<string, CancellationToken, Task> handler) => Task.CompletedTask;
    public void OnStop(Action callback) { }
    public void OnStop(Func<CancellationToken, Task> callback) { }
    public void Publish(Action<string> sent) { }
    public Task PublishAsync(Func<string, Task> sent, int retries) => Task.CompletedTask;
}
";

        [Fact]
        public Task The_NameAsync_overload_whose_delegate_returns_a_task_is_awaited_and_the_lambda_takes_its_token()
            => Verify.VerifyCodeFixAsync(Usings + Bus + @"
class C
{
    async Task WireAsync(Bus bus)
    {
        await Task.Yield();
        bus.Subscribe(""orders"", {|#0:async message =>|} await Task.Delay(message.Length));
    }
}",
                Verify.Diagnostic("ASYNC302").WithLocation(0).WithArguments("Async lambda", "Action<string>", Crash, "await 'SubscribeAsync' instead, whose delegate returns a Task").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations),
                Usings + Bus + @"
class C
{
    async Task WireAsync(Bus bus)
    {
        await Task.Yield();
        await bus.SubscribeAsync(""orders"", async (message, ct) => await Task.Delay(message.Length));
    }
}");

        [Fact]
        public Task A_same_name_overload_that_returns_nothing_is_called_with_the_lambda_given_a_token_and_Fix_All_does_each()
            => new Verify.Test
            {
                TestCode = Usings + Bus + @"
class C
{
    Task StopAsync() => Task.Delay(1);

    async Task WireAsync(Bus bus)
    {
        await Task.Yield();
        bus.OnStop([|async () =>|] await StopAsync());
        bus.OnStop([|async delegate ()|] { await StopAsync(); });
    }
}",
                FixedCode = Usings + Bus + @"
class C
{
    Task StopAsync() => Task.Delay(1);

    async Task WireAsync(Bus bus)
    {
        await Task.Yield();
        bus.OnStop(async (ct) => await StopAsync());
        bus.OnStop(async delegate (CancellationToken ct) { await StopAsync(); });
    }
}",
                NumberOfFixAllIterations = 1,
            }.RunAsync();

        [Fact]
        public Task No_overload_fix_where_the_other_parameters_differ_or_the_task_could_not_be_awaited()
        {
            var source = Usings + Bus + @"
class C
{
    void Wire(Bus bus)
    {
        bus.Subscribe(""orders"", {|#0:async message =>|} await Task.Delay(message.Length));
    }

    async Task PublishAsync(Bus bus)
    {
        await Task.Yield();
        bus.Publish({|#1:async topic =>|} await Task.Delay(topic.Length));
    }
}";
            return Verify.VerifyCodeFixAsync(
                source,
                new[]
                {
                    Verify.Diagnostic("ASYNC302").WithLocation(0).WithArguments("Async lambda", "Action<string>", Crash, General),
                    Verify.Diagnostic("ASYNC302").WithLocation(1).WithArguments("Async lambda", "Action<string>", Crash, General),
                },
                source);
        }

        // ---------- new Timer(async _ => …) → the callback catches and traces ----------

        private const string TimerRemedy = "catch every exception inside the lambda: the timer cannot await it";

        [Fact]
        public Task Timer_callback_catches_and_traces_its_exceptions()
            => Verify.VerifyCodeFixAsync(Usings + @"
class Poller : IDisposable
{
    private readonly Timer _timer;

    public Poller()
    {
        _timer = new Timer({|#0:async state =>|} await RefreshAsync(), null, 0, 1000);
    }

    private Task RefreshAsync() => Task.Delay(1);

    public void Dispose() => _timer.Dispose();
}",
                Verify.Diagnostic("ASYNC302").WithLocation(0).WithArguments("Async lambda", "TimerCallback", Crash, TimerRemedy).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations),
                @"using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

class Poller : IDisposable
{
    private readonly Timer _timer;

    public Poller()
    {
        _timer = new Timer(async state =>
        {
            try
            {
                await RefreshAsync();
            }
            catch (Exception ex)
            {
                Trace.TraceError(ex.ToString());
            }
        }, null, 0, 1000);
    }

    private Task RefreshAsync() => Task.Delay(1);

    public void Dispose() => _timer.Dispose();
}");

        [Fact]
        public Task Fix_All_guards_every_timer_callback_keeping_returns_and_a_free_exception_name()
            => new Verify.Test
            {
                TestCode = Usings + @"using System.Diagnostics;

class C
{
    Task TickAsync(int n) => Task.Delay(n);

    void Start(Exception ex)
    {
        var a = new Timer([|async _ =>|]
        {
            if (ex != null) return;
            await TickAsync(1); // the first tick
        }, null, 0, 1000);
        var b = new Timer([|async delegate (object? state)|] { await TickAsync(2); }, null, 0, 1000);
    }
}",
                FixedCode = Usings + @"using System.Diagnostics;

class C
{
    Task TickAsync(int n) => Task.Delay(n);

    void Start(Exception ex)
    {
        var a = new Timer(async _ =>
        {
            try
            {
                if (ex != null) return;
                await TickAsync(1); // the first tick
            }
            catch (Exception exception)
            {
                Trace.TraceError(exception.ToString());
            }
        }, null, 0, 1000);
        var b = new Timer(async delegate (object? state)
        {
            try
            {
                await TickAsync(2);
            }
            catch (Exception exception)
            {
                Trace.TraceError(exception.ToString());
            }
        }, null, 0, 1000);
    }
}",
                NumberOfFixAllIterations = 1,
            }.RunAsync();

        [Fact]
        public Task Timer_callback_where_both_exception_names_are_taken_has_no_fix()
        {
            const string source = Usings + @"
class C
{
    void Start(Exception ex)
    {
        var exception = ex;
        var timer = new Timer({|#0:async _ =>|} await Task.Delay(1), null, 0, 1000);
    }
}";
            return Verify.VerifyCodeFixAsync(
                source,
                Verify.Diagnostic("ASYNC302").WithLocation(0).WithArguments("Async lambda", "TimerCallback", Crash, TimerRemedy),
                source);
        }

        // ---------- detect only ----------

        // ---------- a thread Task.Run cannot replace → the lambda catches and traces ----------

        [Fact]
        public Task Threads_Task_Run_cannot_replace_catch_inside_and_Fix_All_does_each()
            => new Verify.Test
            {
                TestCode = Usings + @"
class C
{
    void Start()
    {
        var thread = new Thread({|#1:async () =>|} await Task.Delay(1)) { Name = ""worker"" };
        thread.Start();
        new Thread({|#2:async delegate (object? state)|} { await Task.Delay((int)state!); }).Start(42);
        var later = new Thread({|#3:async () =>|}
        {
            if (thread.Name == null) return; // keeps its return
            await Task.Delay(1);
        });
        Action start = () => later.Start();
        start();
    }
}",
                ExpectedDiagnostics =
                {
                    Verify.Diagnostic("ASYNC302").WithLocation(1).WithArguments("Async lambda", "ThreadStart", Crash, General).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations),
                    Verify.Diagnostic("ASYNC302").WithLocation(2).WithArguments("Async anonymous method", "ParameterizedThreadStart", Crash, General).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations),
                    Verify.Diagnostic("ASYNC302").WithLocation(3).WithArguments("Async lambda", "ThreadStart", Crash, General).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations),
                },
                FixedCode = @"using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

class C
{
    void Start()
    {
        var thread = new Thread(async () =>
        {
            try
            {
                await Task.Delay(1);
            }
            catch (Exception ex)
            {
                Trace.TraceError(ex.ToString());
            }
        }) { Name = ""worker"" };
        thread.Start();
        new Thread(async delegate (object? state)
        {
            try
            {
                await Task.Delay((int)state!);
            }
            catch (Exception ex)
            {
                Trace.TraceError(ex.ToString());
            }
        }).Start(42);
        var later = new Thread(async () =>
        {
            try
            {
                if (thread.Name == null) return; // keeps its return
                await Task.Delay(1);
            }
            catch (Exception ex)
            {
                Trace.TraceError(ex.ToString());
            }
        });
        Action start = () => later.Start();
        start();
    }
}",
                NumberOfFixAllIterations = 1,
            }.RunAsync();

        // Whoever calls an Action, joins a thread or receives it may count on the work being done when it returns, which a
        // try/catch would not give: detect only.
        [Fact]
        public Task No_catch_inside_for_an_Action_a_joined_or_handed_on_thread_or_where_both_exception_names_are_taken()
        {
            const string source = Usings + @"
class C
{
    void Run(Action<string> callback) { }

    void Keep(Thread thread) { }

    void Start(Exception ex)
    {
        Run({|#0:async delegate (string s)|} { await Task.Delay(1); });
        Action action = {|#1:async () =>|} await Task.Delay(1);
        var joined = new Thread({|#2:async () =>|} await Task.Delay(1));
        joined.Start();
        joined.Join();
        var handed = new Thread({|#3:async () =>|} await Task.Delay(1));
        Keep(handed);
        var exception = ex;
        new Thread({|#4:async () =>|} await Task.Delay(1), 1 << 20).Start();
    }
}";
            return Verify.VerifyCodeFixAsync(
                source,
                new[]
                {
                    Verify.Diagnostic("ASYNC302").WithLocation(0).WithArguments("Async anonymous method", "Action<string>", Crash, General),
                    Verify.Diagnostic("ASYNC302").WithLocation(1).WithArguments("Async lambda", "Action", Crash, General),
                    Verify.Diagnostic("ASYNC302").WithLocation(2).WithArguments("Async lambda", "ThreadStart", Crash, General),
                    Verify.Diagnostic("ASYNC302").WithLocation(3).WithArguments("Async lambda", "ThreadStart", Crash, General),
                    Verify.Diagnostic("ASYNC302").WithLocation(4).WithArguments("Async lambda", "ThreadStart", Crash, General),
                },
                source);
        }

        [Fact]
        public Task Guarded_lambda_is_flagged_only_where_the_caller_returns_before_the_work()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    Task SaveAsync(int item) => Task.Delay(item);

    void Start(List<int> items)
    {
        var timer = new Timer(async _ =>
        {
            try { await SaveAsync(1); }
            catch (Exception ex) { Console.WriteLine(ex); }
        }, null, 0, 1000);
        var thread = new Thread({|#0:async () =>|}
        {
            try { await SaveAsync(2); }
            catch (Exception ex) { Console.WriteLine(ex); throw; }
        });
        items.ForEach({|#1:async item =>|} { try { await SaveAsync(item); } catch { } });
    }
}",
                Verify.Diagnostic("ASYNC302").WithLocation(0).WithArguments("Async lambda", "ThreadStart", Crash, General).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations),
                Verify.Diagnostic("ASYNC302").WithLocation(1).WithArguments("Async lambda", "Action<int>", "nobody awaits it, so 'ForEach' returns before the work has finished", "use 'foreach' with 'await' in the loop body").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));

        // ---------- not flagged ----------

        [Fact]
        public Task Event_subscriptions_and_task_returning_delegates_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class RoutedEventArgs : EventArgs { }
delegate void RoutedEventHandler(object sender, RoutedEventArgs e);
class Button
{
    public event EventHandler? Click;
    public event Action<int>? Progress;
    public Action<string>? OnMessage;
    public void AddHandler(RoutedEventHandler handler) { }
}
class C
{
    void Wire(Button button, List<int> items)
    {
        button.Click += async (s, e) => await Task.Delay(1);
        button.Progress += async p => await Task.Delay(p);
        button.OnMessage += async m => await Task.Delay(1);
        button.AddHandler(new RoutedEventHandler(async (s, e) => await Task.Delay(1)));
        Func<Task> work = async () => await Task.Delay(1);
        Task.Run(async () => await Task.Delay(1));
        items.ForEach(i => Console.WriteLine(i));
    }
}");

        [Fact]
        public Task Event_subscriptions_are_flagged_with_the_option()
            => new Verify.Test
            {
                TestCode = Usings + @"
class Button { public event EventHandler? Click; }
class C
{
    void Wire(Button button) => button.Click += [|async (s, e) =>|] await Task.Delay(1);
}",
                Options = { ["asynclint.ASYNC302.flag_event_subscriptions"] = "true" },
            }.RunAsync();

        [Fact]
        public Task Broken_code_does_not_crash()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    void M(List<int> items) { items.ForEach(async x => await {|CS0103:Missing|}(x)); {|CS0103:Unknown|}.ForEach(async x => await Task.Delay(1)); }
}");
    }
}
