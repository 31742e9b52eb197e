using System.Threading.Tasks;
using AsyncLint.Tests.Verifiers;
using Verify = AsyncLint.Tests.Verifiers.CSharpCodeFixVerifier<AsyncLint.Rules.BlockingPrimitiveAnalyzer, AsyncLint.CodeFixes.Rules.BlockingPrimitiveCodeFixProvider>;

namespace AsyncLint.Tests.Rules
{
    public class BlockingPrimitiveTests
    {
        private const string Usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        [Fact]
        public Task A_cancellable_sleep_on_a_token_is_told_to_use_Task_Delay()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Consumer
{
    // CAP's consumer loops: wait for the next poll, or less if the host stops.
    async Task ListeningAsync(TimeSpan timeout, CancellationToken cancellationToken, ManualResetEvent signal)
    {
        while (true)
        {
            await Task.Yield();
            cancellationToken.WaitHandle.{|#0:WaitOne(timeout)|};
            signal.{|#1:WaitOne(timeout)|};
        }
    }
}",
                Verify.Diagnostic("ASYNC103").WithLocation(0).WithArguments("cancellationToken.WaitHandle.WaitOne(timeout)", "blocks the thread", "async method 'ListeningAsync'",
                    "a cancellable sleep: use 'await Task.Delay(timeout, cancellationToken)' instead (it throws OperationCanceledException when the token is cancelled, where WaitOne returns)"),
                Verify.Diagnostic("ASYNC103").WithLocation(1).WithArguments("signal.WaitOne(timeout)", "blocks the thread", "async method 'ListeningAsync'",
                    "use an async-aware primitive instead (SemaphoreSlim.WaitAsync, TaskCompletionSource, Channel)"));

        [Fact]
        public Task SemaphoreSlim_Wait_becomes_WaitAsync_with_the_token_in_scope()
            => Verify.VerifyCodeFixAsync(Usings + @"
class Cache
{
    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);

    public async Task<string> GetAsync(string key, CancellationToken cancellationToken)
    {
        _gate.{|#0:Wait()|};
        try
        {
            await Task.Yield();
            return key;
        }
        finally
        {
            _gate.Release();
        }
    }
}",
                Verify.Diagnostic("ASYNC103").WithLocation(0).WithArguments("_gate.Wait()", "blocks the thread", "async method 'GetAsync'", "use 'await _gate.WaitAsync(...)' instead"),
                Usings + @"
class Cache
{
    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);

    public async Task<string> GetAsync(string key, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await Task.Yield();
            return key;
        }
        finally
        {
            _gate.Release();
        }
    }
}");

        // ---------- a private ManualResetEventSlim used as a one-shot signal → TaskCompletionSource ----------

        [Fact]
        public Task A_private_one_shot_ManualResetEventSlim_becomes_a_TaskCompletionSource_whose_task_is_awaited()
            => Verify.VerifyCodeFixAsync(Usings + @"
class Worker : IDisposable
{
    private readonly ManualResetEventSlim _ready = new ManualResetEventSlim(false);

    public void MarkReady() => _ready.Set();

    public bool IsReady => _ready.IsSet;

    public async Task RunAsync()
    {
        await Task.Yield();
        _ready.[|Wait()|];
        Console.WriteLine(""ready"");
    }

    public void Dispose()
    {
        _ready.Dispose();
        Console.WriteLine(""disposed"");
    }
}", Usings + @"
class Worker : IDisposable
{
    private readonly TaskCompletionSource _ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void MarkReady() => _ready.TrySetResult();

    public bool IsReady => _ready.Task.IsCompleted;

    public async Task RunAsync()
    {
        await Task.Yield();
        await _ready.Task;
        Console.WriteLine(""ready"");
    }

    public void Dispose()
    {
        Console.WriteLine(""disposed"");
    }
}");

        [Fact]
        public Task Fix_All_converts_each_signal_once_however_many_waits_it_has()
            => new Verify.Test
            {
                TestCode = Usings + @"
class Pipeline
{
    private ManualResetEventSlim _started = new ManualResetEventSlim();
    private ManualResetEventSlim _stopped = new ManualResetEventSlim(false);

    public void Start() => _started.Set();
    public void Stop() => this._stopped.Set();

    public async Task RunAsync()
    {
        await Task.Yield();
        _started.[|Wait()|];
        this._stopped.[|Wait()|];
    }

    public async Task AgainAsync()
    {
        await Task.Yield();
        _started.[|Wait()|];
    }
}",
                FixedCode = Usings + @"
class Pipeline
{
    private TaskCompletionSource _started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Start() => _started.TrySetResult();
    public void Stop() => this._stopped.TrySetResult();

    public async Task RunAsync()
    {
        await Task.Yield();
        await _started.Task;
        await this._stopped.Task;
    }

    public async Task AgainAsync()
    {
        await Task.Yield();
        await _started.Task;
    }
}",
                CodeActionEquivalenceKey = AsyncLint.CodeFixes.Rules.BlockingPrimitiveCodeFixProvider.SignalKey,
                NumberOfFixAllIterations = 1,
                NumberOfIncrementalIterations = 2,
            }.RunAsync();

        [Fact]
        public Task A_private_one_shot_ManualResetEvent_becomes_a_TaskCompletionSource_too()
            => Verify.VerifyCodeFixAsync(Usings + @"
sealed class Loader : IDisposable
{
    private readonly ManualResetEvent _loaded = new ManualResetEvent(false);

    public void Loaded() => _loaded.Set();

    public void LoadedAgain()
    {
        _loaded.Set();
    }

    public async Task UseAsync()
    {
        await Task.Yield();
        _loaded.[|WaitOne()|];
        Console.WriteLine(""loaded"");
    }

    public void Dispose()
    {
        _loaded.Close();
    }
}", Usings + @"
sealed class Loader : IDisposable
{
    private readonly TaskCompletionSource _loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Loaded() => _loaded.TrySetResult();

    public void LoadedAgain()
    {
        _loaded.TrySetResult();
    }

    public async Task UseAsync()
    {
        await Task.Yield();
        await _loaded.Task;
        Console.WriteLine(""loaded"");
    }

    public void Dispose()
    {
    }
}");

        [Fact]
        public Task A_ManualResetEvent_whose_Set_result_is_read_polled_or_passed_on_keeps_its_finding_without_fix()
        {
            var source = Usings + @"
class Events
{
    private readonly ManualResetEvent _read = new ManualResetEvent(false);
    private readonly ManualResetEvent _polled = new ManualResetEvent(false);
    private readonly ManualResetEvent _passed = new ManualResetEvent(false);

    public bool Signal() => _read.Set();
    public bool Done => _polled.WaitOne(0);
    public int Any(WaitHandle other) => WaitHandle.WaitAny(new WaitHandle[] { _passed, other });

    public async Task RunAsync()
    {
        await Task.Yield();
        _read.[|WaitOne()|];
        _polled.[|WaitOne()|];
        _passed.[|WaitOne()|];
    }
}";
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task A_signal_that_is_reset_waited_on_with_a_timeout_or_in_sync_code_or_not_private_keeps_its_finding_without_fix()
        {
            var source = Usings + @"
class Signals
{
    private readonly ManualResetEventSlim _reset = new ManualResetEventSlim(false);
    private readonly ManualResetEventSlim _timed = new ManualResetEventSlim(false);
    private readonly ManualResetEventSlim _sync = new ManualResetEventSlim(false);
    private readonly ManualResetEventSlim _set = new ManualResetEventSlim(true);
    internal readonly ManualResetEventSlim Shared = new ManualResetEventSlim(false);

    public void Again() => _reset.Reset();
    public void Block() => _sync.Wait();

    public async Task RunAsync()
    {
        await Task.Yield();
        _reset.[|Wait()|];
        _timed.[|Wait()|];
        _timed.[|Wait(100)|];
        _sync.[|Wait()|];
        _set.[|Wait()|];
        Shared.[|Wait()|];
    }
}";
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task SemaphoreSlim_Wait_with_timeout_keeps_its_bool_result()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    async Task<bool> TryAsync(SemaphoreSlim gate, CancellationToken ct)
    {
        await Task.Yield();
        if (!gate.[|Wait(TimeSpan.FromSeconds(1), ct)|])
        {
            return false;
        }

        gate.Release();
        return true;
    }

    Task<bool> NoTokenAsync(SemaphoreSlim gate)
    {
        return Task.FromResult(gate.[|Wait(100)|]);
    }
}", Usings + @"
class C
{
    async Task<bool> TryAsync(SemaphoreSlim gate, CancellationToken ct)
    {
        await Task.Yield();
        if (!await gate.WaitAsync(TimeSpan.FromSeconds(1), ct))
        {
            return false;
        }

        gate.Release();
        return true;
    }

    async Task<bool> NoTokenAsync(SemaphoreSlim gate)
    {
        return await gate.WaitAsync(100);
    }
}");

        [Fact]
        public Task Primitives_without_an_async_twin_are_reported_without_fix()
        {
            var source = Usings + @"
class C
{
    async Task RunAsync(ManualResetEventSlim ready, AutoResetEvent signal, Thread worker, CountdownEvent countdown, Barrier barrier, object monitor, WaitHandle[] handles)
    {
        await Task.Yield();
        ready.[|Wait()|];
        signal.[|WaitOne()|];
        worker.[|Join()|];
        countdown.[|Wait()|];
        barrier.[|SignalAndWait()|];
        [|WaitHandle.WaitAll(handles)|];
        [|SpinWait.SpinUntil(() => ready.IsSet)|];
        lock (monitor)
        {
            [|Monitor.Wait(monitor)|];
        }
    }
}";
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task Thread_affine_lock_held_across_await_is_reported()
        {
            var source = Usings + @"
class C
{
    private readonly object _sync = new object();
    private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();

    async Task MonitorAsync()
    {
        {|#0:Monitor.Enter(_sync)|};
        try
        {
            await Task.Delay(10);
        }
        finally
        {
            Monitor.Exit(_sync);
        }
    }

    async Task LockTakenPatternAsync()
    {
        var taken = false;
        try
        {
            [|Monitor.Enter(_sync, ref taken)|];
            await Task.Delay(10);
        }
        finally
        {
            if (taken) Monitor.Exit(_sync);
        }
    }

    async Task ReaderWriterAsync()
    {
        _rw.[|EnterWriteLock()|];
        await Task.Delay(10);
        _rw.ExitWriteLock();
    }

    async Task MutexAsync(Mutex mutex)
    {
        mutex.[|WaitOne()|];
        await Task.Delay(10);
        mutex.ReleaseMutex();
    }
}";
            return Verify.VerifyAnalyzerAsync(source, Verify.Diagnostic("ASYNC103").WithLocation(0).WithArguments(
                "Monitor.Enter(_sync)",
                "takes a thread-affine lock that is still held at an 'await'",
                "async method 'MonitorAsync'",
                "the release may run on another thread and throw; use 'await semaphore.WaitAsync()' with a SemaphoreSlim instead"));
        }

        // ---------- a private lock held across an await → SemaphoreSlim ----------

        [Fact]
        public Task A_private_lock_object_held_across_an_await_becomes_a_SemaphoreSlim_in_every_use()
            => new Verify.Test
            {
                TestCode = Usings + @"
class Cache
{
    private readonly object _sync = new object();
    private int _version;

    public async Task RefreshAsync()
    {
        [|Monitor.Enter(_sync)|];
        try
        {
            await Task.Delay(10);
            _version++;
        }
        finally
        {
            Monitor.Exit(_sync);
        }
    }

    public async Task<int> ReadAsync()
    {
        var taken = false;
        try
        {
            [|Monitor.Enter(this._sync, ref taken)|]; // the version, read under the lock
            await Task.Yield();
            return _version;
        }
        finally
        {
            if (taken) Monitor.Exit(this._sync);
        }
    }
}",
                FixedCode = Usings + @"
class Cache
{
    private readonly SemaphoreSlim _sync = new SemaphoreSlim(1, 1);
    private int _version;

    public async Task RefreshAsync()
    {
        await _sync.WaitAsync();
        try
        {
            await Task.Delay(10);
            _version++;
        }
        finally
        {
            _sync.Release();
        }
    }

    public async Task<int> ReadAsync()
    {
        var taken = false;
        try
        {
            await this._sync.WaitAsync();
            taken = true; // the version, read under the lock
            await Task.Yield();
            return _version;
        }
        finally
        {
            if (taken) this._sync.Release();
        }
    }
}",
                CodeActionEquivalenceKey = AsyncLint.CodeFixes.Rules.BlockingPrimitiveCodeFixProvider.SemaphoreKey,
                NumberOfIncrementalIterations = 1,
                NumberOfFixAllIterations = 1,
            }.RunAsync();

        [Fact]
        public Task A_private_ReaderWriterLockSlim_used_only_for_writing_becomes_a_SemaphoreSlim_and_follows_ConfigureAwait_false()
            => Verify.VerifyCodeFixAsync(Usings + @"
sealed class Journal : IDisposable
{
    private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();

    public async Task AppendAsync(string line)
    {
        _rw.[|EnterWriteLock()|];
        await Task.Delay(line.Length).ConfigureAwait(false);
        _rw.ExitWriteLock();
    }

    public void Dispose() => _rw.Dispose();
}", Usings + @"
sealed class Journal : IDisposable
{
    private readonly SemaphoreSlim _rw = new SemaphoreSlim(1, 1);

    public async Task AppendAsync(string line)
    {
        await _rw.WaitAsync().ConfigureAwait(false);
        await Task.Delay(line.Length).ConfigureAwait(false);
        _rw.Release();
    }

    public void Dispose() => _rw.Dispose();
}");

        [Fact]
        public Task Fix_All_converts_each_lock_once()
            => new Verify.Test
            {
                TestCode = Usings + @"
class Store
{
    private object _sync = new();
    private ReaderWriterLockSlim _rw = new();

    public async Task SaveAsync()
    {
        [|Monitor.Enter(_sync)|];
        await Task.Yield();
        Monitor.Exit(_sync);
    }

    public async Task FlushAsync()
    {
        _rw.[|EnterWriteLock()|];
        await Task.Yield();
        _rw.ExitWriteLock();
    }

    public async Task AgainAsync()
    {
        [|Monitor.Enter(_sync)|];
        await Task.Yield();
        Monitor.Exit(_sync);
    }
}",
                FixedCode = Usings + @"
class Store
{
    private SemaphoreSlim _sync = new SemaphoreSlim(1, 1);
    private SemaphoreSlim _rw = new SemaphoreSlim(1, 1);

    public async Task SaveAsync()
    {
        await _sync.WaitAsync();
        await Task.Yield();
        _sync.Release();
    }

    public async Task FlushAsync()
    {
        await _rw.WaitAsync();
        await Task.Yield();
        _rw.Release();
    }

    public async Task AgainAsync()
    {
        await _sync.WaitAsync();
        await Task.Yield();
        _sync.Release();
    }
}",
                CodeActionEquivalenceKey = AsyncLint.CodeFixes.Rules.BlockingPrimitiveCodeFixProvider.SemaphoreKey,
                NumberOfFixAllIterations = 1,
                NumberOfIncrementalIterations = 2,
            }.RunAsync();

        [Fact]
        public Task A_lock_used_otherwise_shared_re_entered_or_taken_in_sync_code_keeps_its_finding_without_fix()
        {
            var source = Usings + @"
class Locks
{
    private readonly object _alsoLocked = new object();
    private readonly object _waitedOn = new object();
    private readonly object _reentered = new object();
    private readonly object _syncToo = new object();
    internal readonly object Shared = new object();
    private readonly object _boxed = ""not a plain object"";
    private readonly ReaderWriterLockSlim _read = new ReaderWriterLockSlim();
    private readonly ReaderWriterLockSlim _recursive = new ReaderWriterLockSlim(LockRecursionPolicy.SupportsRecursion);

    public void Locked() { lock (_alsoLocked) { } }
    public void Pulse() => Monitor.PulseAll(_waitedOn);
    public void Sync() { Monitor.Enter(_syncToo); Monitor.Exit(_syncToo); }
    public int Read() { _read.EnterReadLock(); try { return 1; } finally { _read.ExitReadLock(); } }

    public async Task OuterAsync()
    {
        [|Monitor.Enter(_reentered)|];
        await InnerAsync();
        Monitor.Exit(_reentered);
    }

    public async Task InnerAsync()
    {
        await Task.Yield();
        Monitor.Enter(_reentered);
        Monitor.Exit(_reentered);
    }

    public async Task RunAsync()
    {
        [|Monitor.Enter(_alsoLocked)|];
        await Task.Yield();
        Monitor.Exit(_alsoLocked);
        [|Monitor.Enter(_waitedOn)|];
        await Task.Yield();
        Monitor.Exit(_waitedOn);
        [|Monitor.Enter(_syncToo)|];
        await Task.Yield();
        Monitor.Exit(_syncToo);
        [|Monitor.Enter(Shared)|];
        await Task.Yield();
        Monitor.Exit(Shared);
        [|Monitor.Enter(_boxed)|];
        await Task.Yield();
        Monitor.Exit(_boxed);
        _read.[|EnterWriteLock()|];
        await Task.Yield();
        _read.ExitWriteLock();
        _recursive.[|EnterWriteLock()|];
        await Task.Yield();
        _recursive.ExitWriteLock();
    }
}";
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task Fix_all_in_document()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    async Task RunAsync(SemaphoreSlim a, SemaphoreSlim b)
    {
        a.[|Wait()|];
        b.[|Wait()|];
        await Task.Yield();
        a.Release();
        b.Release();
    }
}", Usings + @"
class C
{
    async Task RunAsync(SemaphoreSlim a, SemaphoreSlim b)
    {
        await a.WaitAsync();
        await b.WaitAsync();
        await Task.Yield();
        a.Release();
        b.Release();
    }
}");

        [Fact]
        public Task Not_flagged_polls_sync_code_and_locks_released_before_await()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    private readonly object _sync = new object();
    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

    void Sync(ManualResetEventSlim ready) => ready.Wait();

    async Task RunAsync(SemaphoreSlim gate, ManualResetEvent evt, Thread worker, Mutex mutex)
    {
        if (gate.Wait(0)) { gate.Release(); }
        if (evt.WaitOne(0)) { }
        if (evt.WaitOne(TimeSpan.Zero)) { }
        worker.Join(0);

        Monitor.Enter(_sync);
        try { Console.WriteLine(); }
        finally { Monitor.Exit(_sync); }
        await Task.Delay(10);

        try
        {
            Monitor.Enter(_sync);
            Console.WriteLine();
        }
        finally
        {
            Monitor.Exit(_sync);
        }

        await Task.Delay(10);

        Action later = () => gate.Wait();
        await Task.Run(() => gate.Wait());

        lock (_sync)
        {
            Console.WriteLine();
        }

        await Task.Yield();
        if (mutex.WaitOne(0)) { mutex.ReleaseMutex(); }
    }
}");

        [Fact]
        public Task SemaphoreSlim_Wait_inside_lock_has_no_fix()
        {
            var source = Usings + @"
class C
{
    private readonly object _sync = new object();

    async Task RunAsync(SemaphoreSlim gate)
    {
        await Task.Yield();
        lock (_sync)
        {
            gate.[|Wait()|];
        }
    }
}";
            return Verify.VerifyCodeFixAsync(source, source);
        }

        [Fact]
        public Task The_synchronous_path_of_dual_mode_code_waits_by_design_the_asynchronous_path_must_not()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Pool
{
    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

    async Task<bool> EnterAsync(bool async, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var entered = async
            ? await _gate.WaitAsync(timeout, cancellationToken)
            : _gate.Wait(timeout, cancellationToken);
        if (!async)
        {
            _gate.Wait(cancellationToken);
            return entered;
        }

        _gate.[|Wait(cancellationToken)|];
        return entered;
    }
}");
    }
}
