using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncLint.Tests.Verifiers.CSharpCodeFixVerifier<AsyncLint.Rules.AsyncVoidAnalyzer, AsyncLint.CodeFixes.Rules.AsyncVoidCodeFixProvider>;

namespace AsyncLint.Tests.Rules
{
    public class AsyncVoidTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private const string General = "callers cannot await it and an exception it throws crashes the process; return 'Task' instead";

        // ---------- flagged, with the signature fix ----------

        [Fact]
        public Task Async_void_method_returns_Task_and_async_callers_await_it()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    private async void {|#0:Save|}()
    {
        await Task.Delay(1);
    }

    public async Task RunAsync()
    {
        Save();
        await Task.Yield();
    }

    public void Sync()
    {
        Save();
    }
}",
                Verify.Diagnostic("ASYNC301").WithLocation(0).WithArguments("method 'Save'", General),
                Usings + @"
class C
{
    private async Task Save()
    {
        await Task.Delay(1);
    }

    public async Task RunAsync()
    {
        await Save();
        await Task.Yield();
    }

    public void Sync()
    {
        _ = Save();
    }
}");

        [Fact]
        public Task Async_void_local_function_returns_Task()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    public async Task RunAsync()
    {
        Log(""start"");
        await Task.Yield();

        async void {|#0:Log|}(string message)
        {
            await Console.Out.WriteLineAsync(message);
        }
    }
}",
                Verify.Diagnostic("ASYNC301").WithLocation(0).WithArguments("local function 'Log'", General),
                Usings + @"
class C
{
    public async Task RunAsync()
    {
        await Log(""start"");
        await Task.Yield();

        async Task Log(string message)
        {
            await Console.Out.WriteLineAsync(message);
        }
    }
}");

        [Fact]
        public Task Fix_all_changes_every_method_and_awaits_calls_between_them()
            => new Verify.Test
            {
                TestCode = Usings + @"
class C
{
    async void [|First|]() => await Task.Delay(1);

    async void [|Second|]()
    {
        First();
        await Task.Delay(1);
    }

    public async void [|Third|]() { Second(); await this.Second2(); }

    Task Second2() => Task.CompletedTask;
}",
                FixedCode = Usings + @"
class C
{
    async Task First() => await Task.Delay(1);

    async Task Second()
    {
        await First();
        await Task.Delay(1);
    }

    public async Task Third() { await Second(); await this.Second2(); }

    Task Second2() => Task.CompletedTask;
}",
            }.RunAsync();

        [Fact]
        public Task Handler_name_without_the_shape_is_flagged()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    async void [|OnSaveClicked|]() => await Task.Delay(1);
}", Usings + @"
class C
{
    async Task OnSaveClicked() => await Task.Delay(1);
}");

        // ---------- flagged where void is forced: the body catches and traces its exceptions ----------

        private const string ContractRemedy = "the contract of 'ICommand.Execute' forces void; move the body into an 'async Task' method and catch its exceptions here";

        [Fact]
        public Task Interface_implementations_catch_inside_and_Fix_All_does_each()
            => new Verify.Test
            {
                TestCode = Usings + @"
interface ICommand { void Execute(object? parameter); }

class SaveCommand : ICommand
{
    public async void {|#0:Execute|}(object? parameter) => await Task.Delay(1);
}

class Explicit : ICommand
{
    async void ICommand.{|#1:Execute|}(object? parameter)
    {
        if (parameter is null) return;
        await Task.Delay(1); // the work
    }
}",
                ExpectedDiagnostics =
                {
                    Verify.Diagnostic("ASYNC301").WithLocation(0).WithArguments("method 'Execute'", ContractRemedy),
                    Verify.Diagnostic("ASYNC301").WithLocation(1).WithArguments("method 'ICommand.Execute'", ContractRemedy),
                },
                FixedCode = @"using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

interface ICommand { void Execute(object? parameter); }

class SaveCommand : ICommand
{
    public async void Execute(object? parameter)
    {
        try
        {
            await Task.Delay(1);
        }
        catch (Exception ex)
        {
            Trace.TraceError(ex.ToString());
        }
    }
}

class Explicit : ICommand
{
    async void ICommand.Execute(object? parameter)
    {
        try
        {
            if (parameter is null) return;
            await Task.Delay(1); // the work
        }
        catch (Exception ex)
        {
            Trace.TraceError(ex.ToString());
        }
    }
}",
                NumberOfFixAllIterations = 1,
            }.RunAsync();

        [Fact]
        public Task Override_catches_inside_and_keeps_its_signature()
            => Verify.VerifyCodeFixAsync(
                Usings + @"
abstract class Page { protected virtual void OnAppearing() { } }

class MainPage : Page
{
    protected override async void {|#0:OnAppearing|}() => await Task.Delay(1);
}",
                Verify.Diagnostic("ASYNC301").WithLocation(0).WithArguments("method 'OnAppearing'", "the contract of 'Page.OnAppearing' forces void; move the body into an 'async Task' method and catch its exceptions here"),
                @"using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

abstract class Page { protected virtual void OnAppearing() { } }

class MainPage : Page
{
    protected override async void OnAppearing()
    {
        try
        {
            await Task.Delay(1);
        }
        catch (Exception ex)
        {
            Trace.TraceError(ex.ToString());
        }
    }
}");

        [Fact]
        public Task Method_used_as_a_void_delegate_catches_inside_with_a_free_exception_name()
            => Verify.VerifyCodeFixAsync(
                Usings + @"
class C
{
    private Timer? _timer;

    public void Start() => _timer = new Timer(Tick, null, 0, 1000);

    private async void {|#0:Tick|}(object? ex) => await Task.Delay(1);
}",
                Verify.Diagnostic("ASYNC301").WithLocation(0).WithArguments("method 'Tick'", "it is used as a 'TimerCallback' delegate, which forces void; move the body into an 'async Task' method and catch its exceptions here"),
                @"using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

class C
{
    private Timer? _timer;

    public void Start() => _timer = new Timer(Tick, null, 0, 1000);

    private async void Tick(object? ex)
    {
        try
        {
            await Task.Delay(1);
        }
        catch (Exception exception)
        {
            Trace.TraceError(exception.ToString());
        }
    }
}");

        [Fact]
        public Task Local_function_used_as_a_thread_start_catches_inside()
            => Verify.VerifyCodeFixAsync(
                Usings + @"
class C
{
    Thread Start()
    {
        return new Thread(Work);

        async void {|#0:Work|}()
        {
            await Task.Delay(1);
        }
    }
}",
                Verify.Diagnostic("ASYNC301").WithLocation(0).WithArguments("local function 'Work'", "it is used as a 'ThreadStart' delegate, which forces void; move the body into an 'async Task' method and catch its exceptions here"),
                @"using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

class C
{
    Thread Start()
    {
        return new Thread(Work);

        async void Work()
        {
            try
            {
                await Task.Delay(1);
            }
            catch (Exception ex)
            {
                Trace.TraceError(ex.ToString());
            }
        }
    }
}");

        // ---------- flagged, no fix ----------

        [Fact]
        public Task Method_used_as_a_void_delegate_where_both_exception_names_are_taken_has_no_fix()
        {
            const string source = Usings + @"
class C
{
    private Timer? _timer;

    public void Start() => _timer = new Timer(Tick, null, 0, 1000);

    private async void {|#0:Tick|}(object? ex)
    {
        var exception = ex;
        await Task.Delay(1);
    }
}";
            return Verify.VerifyCodeFixAsync(
                source,
                Verify.Diagnostic("ASYNC301").WithLocation(0).WithArguments("method 'Tick'", "it is used as a 'TimerCallback' delegate, which forces void; move the body into an 'async Task' method and catch its exceptions here"),
                source);
        }

        [Fact]
        public Task Method_used_as_an_Action_of_your_own_code_has_no_fix()
        {
            // Whoever calls the Action may count on the work being done when it returns, which a catch would not give.
            const string source = Usings + @"
class C
{
    void Run(Action work) => work();

    public void Start() => Run(Save);

    private async void {|#0:Save|}() => await Task.Delay(1);
}";
            return Verify.VerifyCodeFixAsync(
                source,
                Verify.Diagnostic("ASYNC301").WithLocation(0).WithArguments("method 'Save'", "it is used as a 'Action' delegate, which forces void; move the body into an 'async Task' method and catch its exceptions here"),
                source);
        }

        [Fact]
        public Task Virtual_method_has_no_fix()
        {
            const string source = Usings + @"
class C
{
    protected virtual async void [|Refresh|]() => await Task.Delay(1);
}";
            return Verify.VerifyCodeFixAsync(source, source);
        }

        // An async caller in another document that kept dropping the task would get the compiler's CS4014 (a build
        // break with warnings as errors): it is awaited too; a synchronous caller keeps starting the work, as before, and
        // says so with a discard (a bare call of an async method gets CS4014 there too).
        [Fact]
        public Task Async_callers_in_other_documents_await_the_method_and_synchronous_ones_discard_its_task()
        {
            const string worker = @"
public class Worker
{
    public async void {|#0:Save|}() => await Task.Delay(1);
}";
            const string callers = @"
class Screen
{
    private readonly Worker _worker = new Worker();

    public async Task CloseAsync()
    {
        _worker.Save();
        await Task.Yield();
    }

    public void Close() => _worker.Save();
}";
            var test = new Verify.Test
            {
                ExpectedDiagnostics = { Verify.Diagnostic("ASYNC301").WithLocation(0).WithArguments("method 'Save'", General) },
            };
            test.TestState.Sources.Add(Usings + worker);
            test.TestState.Sources.Add(Usings + callers);
            test.FixedState.Sources.Add(Usings + worker.Replace("async void {|#0:Save|}", "async Task Save"));
            test.FixedState.Sources.Add(Usings + callers.Replace("        _worker.Save();", "        await _worker.Save();").Replace("Close() => _worker.Save();", "Close() => _ = _worker.Save();"));
            return test.RunAsync();
        }

        [Fact]
        public Task Fix_all_converts_methods_of_several_documents_and_their_callers_once()
        {
            const string a = @"
class A
{
    public async void [|Load|]() => await Task.Delay(1);
    public async Task RunAsync()
    {
        Load();
        await new B().RunAsync();
    }
}";
            const string b = @"
class B
{
    public async void [|Store|]() => await Task.Delay(1);
    public async Task RunAsync()
    {
        Store();
        new A().Load();
        await Task.Yield();
    }
}";
            var test = new Verify.Test { NumberOfFixAllIterations = 1, NumberOfFixAllInProjectIterations = 1, NumberOfFixAllInDocumentIterations = 2 };
            test.TestState.Sources.Add(Usings + a);
            test.TestState.Sources.Add(Usings + b);
            test.FixedState.Sources.Add(Usings + a.Replace("async void [|Load|]", "async Task Load").Replace("        Load();", "        await Load();"));
            test.FixedState.Sources.Add(Usings + b.Replace("async void [|Store|]", "async Task Store").Replace("        Store();\n        new A().Load();", "        await Store();\n        await new A().Load();"));
            return test.RunAsync();
        }

        [Fact]
        public Task Public_method_used_as_method_group_in_another_document_has_no_fix()
        {
            var test = new Verify.Test();
            test.TestState.Sources.Add(Usings + @"
public class Worker
{
    public async void [|Run|](int x) => await Task.Delay(x);
}");
            test.TestState.Sources.Add(Usings + @"
class User
{
    void M(List<int> items, Worker w) => items.ForEach(w.Run);
}");
            test.FixedState.Sources.Add(Usings + @"
public class Worker
{
    public async void [|Run|](int x) => await Task.Delay(x);
}");
            test.FixedState.Sources.Add(Usings + @"
class User
{
    void M(List<int> items, Worker w) => items.ForEach(w.Run);
}");
            return test.RunAsync();
        }

        // ---------- event handlers: not flagged by default ----------

        [Fact]
        public Task Event_handlers_are_not_flagged_by_default()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class RoutedEventArgs : EventArgs { }
delegate void PriceChangedHandler(object sender, PriceEventArgs e);
class PriceEventArgs : EventArgs { }

class Form
{
    public event EventHandler? Load;
    public event PriceChangedHandler? PriceChanged;
    public event EventHandler<string>? Message;
    public event Action<int>? Progress;

    public Form()
    {
        Progress += OnProgress;
        Progress -= OnProgress;
    }

    private async void Form_Load(object sender, EventArgs e) => await Task.Delay(1);
    private async void Button_Click(object? sender, RoutedEventArgs e) => await Task.Delay(1);
    private async void OnPriceChanged(object sender, PriceEventArgs e) => await Task.Delay(1);
    private async void OnMessage(object? sender, string e) => await Task.Delay(1);
    private async void OnProgress(int percent) => await Task.Delay(percent);

    public void Wire(Form other)
    {
        other.Load += async (s, e) => await Task.Delay(1);
        async void Handler(object? sender, EventArgs e) => await Task.Delay(1);
        other.Load += Handler;
    }
}");

        [Fact]
        public Task Public_method_subscribed_from_another_type_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
public class ViewModel
{
    public async void Refresh(int count) => await Task.Delay(count);
}

public class View
{
    public event Action<int>? Changed;

    public View(ViewModel vm) => Changed += vm.Refresh;
}");

        [Fact]
        public Task Event_handlers_are_flagged_with_the_option()
            => new Verify.Test
            {
                TestCode = Usings + @"
class Form
{
    public event Action<int>? Progress;

    public Form() => Progress += OnProgress;

    private async void {|#0:Form_Load|}(object sender, EventArgs e) => await Task.Delay(1);
    private async void {|#1:OnProgress|}(int percent) => await Task.Delay(percent);
}",
                ExpectedDiagnostics =
                {
                    Verify.Diagnostic("ASYNC301").WithLocation(0).WithArguments("event handler 'Form_Load'", "an exception it throws crashes the process; catch exceptions inside the handler"),
                    Verify.Diagnostic("ASYNC301").WithLocation(1).WithArguments("event handler 'OnProgress'", "an exception it throws crashes the process; catch exceptions inside the handler"),
                },
                Options = { ["asynclint.ASYNC301.flag_event_handlers"] = "true" },
            }.RunAsync();

        // ---------- not flagged ----------

        [Fact]
        public Task Non_void_and_non_async_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    async Task A() => await Task.Delay(1);
    async ValueTask B() => await Task.Delay(1);
    void D() { }
    void E() { Action a = async () => await Task.Delay(1); }
}");

        // ---------- a body that catches everything ----------

        [Fact]
        public Task Guarded_callback_forced_to_void_is_not_flagged_and_unguarded_one_is()
        {
            const string forced = "it is used as a 'TimerCallback' delegate, which forces void; move the body into an 'async Task' method and catch its exceptions here";
            return Verify.VerifyAnalyzerAsync(Usings + @"
interface ITrigger { void Start(); }
class Heartbeat : ITrigger
{
    Timer? _read;
    Timer? _write;
    Timer? _idle;

    void Arm()
    {
        _read = new Timer(ReadCallback, null, 0, 1000);
        _write = new Timer(WriteCallback, null, 0, 1000);
        _idle = new Timer(IdleCallback, null, 0, 1000);
    }

    async void ReadCallback(object? state)
    {
        try
        {
            if (_read is null)
            {
                return;
            }

            await Task.Delay(1);
        }
        catch (ObjectDisposedException)
        {
        }
        catch (Exception ex)
        {
            Console.WriteLine(ex);
        }
    }

    async void WriteCallback(object? state)
    {
        try { await Task.Delay(1); }
        catch { }
    }

    async void {|#1:IdleCallback|}(object? state)
    {
        try { await Task.Delay(1); }
        catch (Exception ex) { Console.WriteLine(ex); throw; }
    }

    public async void Start()
    {
        try { await Task.Delay(1); }
        catch (Exception ex) { Console.WriteLine(ex); }
    }
}",
                Verify.Diagnostic("ASYNC301").WithLocation(1).WithArguments("method 'IdleCallback'", forced));
        }

        [Fact]
        public Task Callback_whose_awaited_work_catches_its_own_failures_is_not_flagged()
        {
            const string forced = "it is used as a 'TimerCallback' delegate, which forces void; move the body into an 'async Task' method and catch its exceptions here";
            return Verify.VerifyAnalyzerAsync(Usings + @"
class Notifier
{
    private readonly List<int> _pending = new List<int>();
    private Timer? _timer;

    void Arm()
    {
        _timer = new Timer(OnTimer, null, 0, 1000);
        _timer = new Timer(OnIdle, null, 0, 1000);
        _timer = new Timer({|#0:OnUnguarded|}, null, 0, 1000);
        _timer = new Timer({|#1:OnOverridable|}, null, 0, 1000);
        _timer = new Timer({|#2:OnRethrown|}, null, 0, 1000);
        _timer = new Timer({|#3:OnStream|}, null, 0, 1000);
    }

    // Jellyfin's LibraryChangedNotifier and TranscodingThrottler: synchronous bookkeeping, then awaited work whose
    // every await sits in a try/catch (Exception), here or in the method awaited.
    private async void OnTimer(object? state)
    {
        List<int> items;
        lock (_pending)
        {
            items = new List<int>(_pending);
            _pending.Clear();
        }

        await SendNotificationsAsync(items).ConfigureAwait(false);
    }

    private async void OnIdle(object? state)
    {
        foreach (var item in _pending)
        {
            try
            {
                await StopAsync(item).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Console.WriteLine(ex);
            }
        }
    }

    private async Task SendNotificationsAsync(List<int> items)
    {
        var count = items.Count;
        foreach (var item in items)
        {
            try
            {
                await StopAsync(item);
            }
            catch (Exception ex)
            {
                Console.WriteLine(ex);
                return;
            }
        }
    }

    // Near misses: the awaited method's await is not caught; an overridable method (an override may not catch); a
    // catch that rethrows; await foreach outside a try.
    private async void {|#4:OnUnguarded|}(object? state) => await StopAsync(1);

    private async void {|#5:OnOverridable|}(object? state) => await SendVirtualAsync();

    protected virtual async Task SendVirtualAsync()
    {
        try { await StopAsync(2); }
        catch (Exception ex) { Console.WriteLine(ex); }
    }

    private async void {|#6:OnRethrown|}(object? state)
    {
        try { await StopAsync(3); }
        catch (Exception ex) { Console.WriteLine(ex); throw; }
    }

    private async void {|#7:OnStream|}(object? state)
    {
        await foreach (var item in ReadAsync())
        {
            Console.WriteLine(item);
        }
    }

    private static async IAsyncEnumerable<int> ReadAsync()
    {
        await Task.Yield();
        yield return 1;
    }

    private static Task StopAsync(int item) => Task.Delay(item);
}",
                Verify.Diagnostic("ASYNC301").WithLocation(4).WithArguments("method 'OnUnguarded'", forced),
                Verify.Diagnostic("ASYNC301").WithLocation(5).WithArguments("method 'OnOverridable'", forced),
                Verify.Diagnostic("ASYNC301").WithLocation(6).WithArguments("method 'OnRethrown'", forced),
                Verify.Diagnostic("ASYNC301").WithLocation(7).WithArguments("method 'OnStream'", forced));
        }

        [Fact]
        public Task Guarded_plain_method_is_flagged_without_the_crash()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    private async void {|#0:Refresh|}()
    {
        try { await Task.Delay(1); }
        catch (Exception ex) { Console.WriteLine(ex); }
    }

    private async void {|#1:Load|}()
    {
        await Task.Delay(1);
        try { await Task.Delay(1); }
        catch (Exception ex) { Console.WriteLine(ex); }
    }
}",
                new[]
                {
                    Verify.Diagnostic("ASYNC301").WithLocation(0).WithArguments("method 'Refresh'", "callers cannot await it or know when it has finished; return 'Task' instead"),
                    Verify.Diagnostic("ASYNC301").WithLocation(1).WithArguments("method 'Load'", General),
                },
                Usings + @"
class C
{
    private async Task Refresh()
    {
        try { await Task.Delay(1); }
        catch (Exception ex) { Console.WriteLine(ex); }
    }

    private async Task Load()
    {
        await Task.Delay(1);
        try { await Task.Delay(1); }
        catch (Exception ex) { Console.WriteLine(ex); }
    }
}");

        // ---------- partial methods ----------

        [Fact]
        public Task Partial_method_is_reported_on_its_implementing_declaration_without_a_fix()
        {
            const string source = Usings + @"
partial class C
{
    partial void OnSaved();
}
partial class C
{
    async partial void {|#0:OnSaved|}()
    {
        await Task.Delay(1);
    }
}";
            return Verify.VerifyCodeFixAsync(source, Verify.Diagnostic("ASYNC301").WithLocation(0).WithArguments("method 'OnSaved'", General), source);
        }

        [Fact]
        public Task Broken_code_does_not_crash()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    async void [|M|]({|CS0246:Missing|} x) { await {|CS0103:Nope|}(); }
    async void N(object sender, {|CS0246:Missing|} e) { await Task.Delay(1); }
    async void Stopping() => await Task.Delay(1);
    void Wire({|CS0246:IHostApplicationLifetime|} lifetime) => lifetime.ApplicationStopping.Register(Stopping);
}");

        // ---------- the syntax pre-filter (per file, from the occurrences of "async") ----------

        [Fact]
        public Task Pre_filter_finds_async_void_in_nested_types_in_any_modifier_order_and_not_in_words_comments_or_lambdas()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Outer
{
    // async void in a comment; IsAsync and ""async void"" are no declarations
    bool IsAsync => true;
    string Text = ""async void"";

    class Inner
    {
        static async void [|Tick|]() => await Task.Delay(1);
    }

    void M()
    {
        async void [|Local|]() => await Task.Delay(1);
        Local();
    }
}

class Lambdas
{
    // a local function inside a lambda belongs to no member of the type: the type-level pass never sees it
    Action A = () => { async void Hidden() => await Task.Delay(1); Hidden(); };
}");

        [Fact]
        public Task Pre_filter_finds_async_void_in_the_second_part_of_a_partial_type()
        {
            var test = new Verify.Test();
            const string first = Usings + @"
partial class C
{
    void Sync() { }
}";
            const string second = Usings + @"
partial class C
{
    private static async void [|Run|]() => await Task.Delay(1);
}";
            test.TestState.Sources.Add(first);
            test.TestState.Sources.Add(second);
            test.FixedState.Sources.Add(first);
            test.FixedState.Sources.Add(second.Replace("async void [|Run|]", "async Task Run"));
            return test.RunAsync();
        }
    }
}
