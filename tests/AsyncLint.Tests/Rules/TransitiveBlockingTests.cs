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

    // Near miss: no counterpart.
    public string Reload(string name) => Fetch(name).Result;

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
        return settings.Load(name) + settings.{|#0:Reload|}(name);
    }
}",
                Verify.Diagnostic("ASYNC105").WithLocation(0).WithArguments(
                    "Reload", "Reload → 'Fetch(name).Result'", "async method 'GetWithoutTokenAsync'", "make 'Reload' async (and the methods below it), then await it"));

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

        // ---------- real-code shapes (issue 13) ----------

        [Fact]
        public Task Dual_mode_facade_is_followed_into_its_synchronous_path_and_names_the_async_true_overload()
            => Verify.VerifyAnalyzerAsync(Usings + @"
public class Command
{
    private readonly System.IO.Stream _socket = System.IO.Stream.Null;
    private readonly System.IO.MemoryStream _scratch = new System.IO.MemoryStream();

    // Npgsql's shape: the synchronous facade asks the dual-mode method for its synchronous path.
    public int ExecuteNonQuery() => ExecuteNonQuery(async: false, CancellationToken.None).GetAwaiter().GetResult();

    public Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => ExecuteNonQuery(async: true, cancellationToken);

    internal async Task<int> ExecuteNonQuery(bool async, CancellationToken cancellationToken)
    {
        var buffer = new byte[16];
        if (async)
            await _socket.WriteAsync(buffer, 0, buffer.Length, cancellationToken);
        else
            _socket.Write(buffer, 0, buffer.Length);
        return 1;
    }

    // Near miss: the synchronous path only touches memory.
    public int Prepare() => Prepare(async: false).GetAwaiter().GetResult();

    internal async Task<int> Prepare(bool async)
    {
        if (async)
            await _scratch.WriteAsync(new byte[1], 0, 1);
        else
            _scratch.Write(new byte[1], 0, 1);
        return 0;
    }
}

public class Batch
{
    public async Task<int> RunAsync(Command command)
    {
        await Task.Yield();
        command.Prepare();
        return command.{|#0:ExecuteNonQuery|}();
    }

    // The caller that asks for the synchronous path itself, in async code.
    public Task<int> ReleaseAsync(Command command, CancellationToken cancellationToken) => command.{|#1:ExecuteNonQuery|}(async: false, cancellationToken);
}",
                Verify.Diagnostic("ASYNC105").WithLocation(1).WithArguments(
                    "ExecuteNonQuery(async: false)",
                    "ExecuteNonQuery(async: false) → '_socket.Write(buffer, 0, buffer.Length)' (synchronous I/O; 'WriteAsync' exists)",
                    "Task-returning method 'ReleaseAsync'",
                    "pass 'async: true' to 'ExecuteNonQuery' and await it"),
                Verify.Diagnostic("ASYNC105").WithLocation(0).WithArguments(
                    "ExecuteNonQuery",
                    "ExecuteNonQuery → ExecuteNonQuery(async: false) → '_socket.Write(buffer, 0, buffer.Length)' (synchronous I/O; 'WriteAsync' exists)",
                    "async method 'RunAsync'",
                    "call its dual-mode overload 'ExecuteNonQuery(async: true, ...)' and await it"));

        [Fact]
        public Task Blocking_only_on_a_path_that_throws_is_not_counted()
            => Verify.VerifyAnalyzerAsync(Usings + @"
public class Connector
{
    private Task _shutdown = Task.CompletedTask;

    internal Exception Break(Exception reason)
    {
        Cleanup();
        return reason;
    }

    private void Cleanup() => _shutdown.GetAwaiter().GetResult();

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowBroken(Exception reason) => throw Break(reason);

    public async Task ReadAsync(System.IO.Stream stream)
    {
        try
        {
            await stream.ReadAsync(new byte[1], 0, 1);
        }
        catch (System.IO.IOException e)
        {
            Break(e);
            throw;
        }
        catch (InvalidOperationException e)
        {
            throw Break(e);
        }
        catch (Exception e) when (e is TimeoutException)
        {
            ThrowBroken(e);
        }
    }

    // Near miss: the connector is broken and the method goes on.
    public async Task<bool> TryReadAsync(System.IO.Stream stream)
    {
        try
        {
            await stream.ReadAsync(new byte[1], 0, 1);
            return true;
        }
        catch (System.IO.IOException e)
        {
            {|#0:Break|}(e);
            return false;
        }
    }
}",
                Verify.Diagnostic("ASYNC105").WithLocation(0).WithArguments(
                    "Break", "Break → Cleanup → '_shutdown.GetAwaiter().GetResult()'", "async method 'TryReadAsync'", "make 'Break' async (and the methods below it), then await it"));

        [Fact]
        public Task Blocking_that_fills_a_cache_once_is_not_counted()
            => Verify.VerifyAnalyzerAsync(Usings + @"
public class Settings { }
public class ConfigurationManager
{
    private readonly object _lock = new object();
    private Settings? _configuration;
    private string? _text;
    private string? _plain;

    // Jellyfin's BaseConfigurationManager.CommonConfiguration: the file is read on the first access only.
    public Settings Configuration
    {
        get
        {
            if (_configuration is not null)
            {
                return _configuration;
            }

            lock (_lock)
            {
                if (_configuration != null)
                {
                    return _configuration;
                }

                return _configuration = Parse(System.IO.File.ReadAllText(""config.xml""));
            }
        }
    }

    public string Text => _text ??= System.IO.File.ReadAllText(""text.txt"");

    // Jellyfin's ItemDataProvider.EnsureLoaded and ScheduledTaskWorker.LastExecutionResult: the read runs while the
    // cache is empty, and the function fills it.
    private string[]? _items;
    private string? _history;
    private bool _readFromFile;

    private void EnsureLoaded()
    {
        if (_items is not null)
        {
            return;
        }

        var text = System.IO.File.ReadAllText(""items.txt"");
        _items = text.Split(',');
    }

    public string? History
    {
        get
        {
            if (_history is null && !_readFromFile)
            {
                var bytes = System.IO.File.ReadAllBytes(""history.json"");
                _history = bytes.Length.ToString();
                _readFromFile = true;
            }

            return _history;
        }
    }

    // Near misses: assigned on every call with no test on the way; a null test of a member the function never fills;
    // bool flags (a dirty flag runs every time the data changes; a done-flag guards an action that recurs per state).
    private bool _dirty;
    private string? _unrelated;

    public string Plain()
    {
        _plain = System.IO.File.ReadAllText(""plain.txt"");
        return _plain;
    }

    public void NotFilled()
    {
        if (_unrelated is null)
        {
            System.IO.File.WriteAllText(""log.txt"", ""missing"");
        }
    }

    public void SaveIfDirty()
    {
        if (_dirty)
        {
            System.IO.File.WriteAllText(""data.txt"", ""data"");
            _dirty = false;
        }
    }

    // Npgsql's PerformPostgresCancellation, StackExchange.Redis' CloseLogs: a flag guards an action, not a cache.
    private bool _closed;

    public void CloseOnce()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        System.IO.File.AppendAllText(""log.txt"", ""closed"");
    }

    // Squidex's MongoRepositoryBase.Collection: the blocking call fills the cache through a method of the type.
    private string? _collection;

    public string Collection
    {
        get
        {
            if (_collection == null)
            {
                InitializeAsync().Wait();
            }

            return _collection!;
        }
    }

    public async Task InitializeAsync()
    {
        CreateCollection();
        await Task.Yield();
    }

    private void CreateCollection() => _collection = ""items"";

    private static Settings Parse(string text) => new Settings();

    public async Task RunAsync()
    {
        await Task.Yield();
        _ = Collection;
        _ = Configuration;
        _ = Text;
        EnsureLoaded();
        _ = History;
        _ = {|#0:Plain|}();
        {|#1:NotFilled|}();
        {|#2:SaveIfDirty|}();
        {|#3:CloseOnce|}();
    }
}",
                Verify.Diagnostic("ASYNC105").WithLocation(0).WithArguments(
                    "Plain", "Plain → 'System.IO.File.ReadAllText(\"plain.txt\")' (synchronous I/O; 'ReadAllTextAsync' exists)", "async method 'RunAsync'", "make 'Plain' async (and the methods below it), then await it"),
                Verify.Diagnostic("ASYNC105").WithLocation(1).WithArguments(
                    "NotFilled", "NotFilled → 'System.IO.File.WriteAllText(\"log.txt\", \"missing\")' (synchronous I/O; 'WriteAllTextAsync' exists)", "async method 'RunAsync'", "make 'NotFilled' async (and the methods below it), then await it"),
                Verify.Diagnostic("ASYNC105").WithLocation(2).WithArguments(
                    "SaveIfDirty", "SaveIfDirty → 'System.IO.File.WriteAllText(\"data.txt\", \"data\")' (synchronous I/O; 'WriteAllTextAsync' exists)", "async method 'RunAsync'", "make 'SaveIfDirty' async (and the methods below it), then await it"),
                Verify.Diagnostic("ASYNC105").WithLocation(3).WithArguments(
                    "CloseOnce", "CloseOnce → 'System.IO.File.AppendAllText(\"log.txt\", \"closed\")' (synchronous I/O; 'AppendAllTextAsync' exists)", "async method 'RunAsync'", "make 'CloseOnce' async (and the methods below it), then await it"));

        [Fact]
        public Task A_flush_that_runs_only_when_the_write_buffer_is_full_is_not_counted()
            => Verify.VerifyAnalyzerAsync(Usings + @"
public class Connector
{
    private readonly System.IO.Stream _stream = System.IO.Stream.Null;
    private readonly byte[] _buffer = new byte[8192];
    private int _position;
    private bool _autoFlush;

    private int WriteSpaceLeft => _buffer.Length - _position;

    // Npgsql's WriteQuery / WriteSslRequest / WritePregenerated: the message goes into the buffer; the buffer is sent
    // to the socket only when the next write does not fit. The caller sends the message with an explicit flush.
    public void WriteQuery(string sql)
    {
        if (WriteSpaceLeft < sql.Length)
            Flush();
        _position += sql.Length;
    }

    public Task WritePregenerated(byte[] data)
    {
        if (WriteSpaceLeft < data.Length)
        {
            FlushAndWrite(data);
            return Task.CompletedTask;
        }

        _position += data.Length;
        return Task.CompletedTask;
    }

    private void FlushAndWrite(byte[] data)
    {
        Flush();
        _position += data.Length;
    }

    // Near misses: a flush on every call, a flush under a flag, a write (not a flush) under a size test.
    public void WriteAndSend(string sql)
    {
        _position += sql.Length;
        Flush();
    }

    public void WriteMaybeSend(string sql)
    {
        _position += sql.Length;
        if (_autoFlush)
            Flush();
    }

    public void WriteLarge(byte[] data)
    {
        if (data.Length > _buffer.Length)
            _stream.Write(data, 0, data.Length);
    }

    public void Flush()
    {
        _stream.Write(_buffer, 0, _position);
        _position = 0;
    }

    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        WriteQuery(""BEGIN"");
        await WritePregenerated(new byte[4]);
        {|#0:WriteAndSend|}(""SAVEPOINT a"");
        WriteMaybeSend(""SAVEPOINT b"");
        {|#2:WriteLarge|}(new byte[10000]);
        await _stream.FlushAsync(cancellationToken);
    }
}",
                // One finding per fix point ('Flush'); the flag-guarded call is the one more call counted, the size-guarded
                // flushes are not counted.
                Verify.Diagnostic("ASYNC105").WithLocation(0).WithArguments(
                    "WriteAndSend", "WriteAndSend → Flush → '_stream.Write(_buffer, 0, _position)' (synchronous I/O; 'WriteAsync' exists)", "async method 'BeginAsync' (1 more call from async code reaches 'Flush')", "make 'WriteAndSend' async (and the methods below it), then await it"),
                Verify.Diagnostic("ASYNC105").WithLocation(2).WithArguments(
                    "WriteLarge", "WriteLarge → '_stream.Write(data, 0, data.Length)' (synchronous I/O; 'WriteAsync' exists)", "async method 'BeginAsync'", "make 'WriteLarge' async (and the methods below it), then await it"));

        [Fact]
        public Task An_iterator_runs_nothing_when_called_only_when_enumerated_and_a_method_that_builds_a_list_does()
            => Verify.VerifyAnalyzerAsync(Usings + @"
public class Rows
{
    // Dapper's ExecuteReaderSync: the lines are read as the caller enumerates, not at the call.
    private static IEnumerable<string> ReadDeferred(string path)
    {
        foreach (var line in System.IO.File.ReadAllText(path).Split('\n'))
        {
            yield return line;
        }
    }

    // Near miss: the same work, done before the method returns.
    private static List<string> ReadBuffered(string path)
    {
        var lines = new List<string>();
        foreach (var line in System.IO.File.ReadAllText(path).Split('\n'))
        {
            lines.Add(line);
        }

        return lines;
    }

    // Npgsql's PgPassFile.GetFirstMatchingEntry: enumerating the iterator runs it here.
    private static string? FirstMatching(string path)
    {
        foreach (var line in ReadDeferred(path))
        {
            return line;
        }

        return null;
    }

    public async Task<IEnumerable<string>> QueryAsync(string path, bool buffered)
    {
        await Task.Yield();
        return buffered ? {|#0:ReadBuffered|}(path) : ReadDeferred(path);
    }

    public async Task<string?> FirstAsync(string path)
    {
        await Task.Yield();
        var count = {|#1:ReadDeferred|}(path).Count();
        return FirstMatching(path); // reaches the same fix point through the foreach: counted in #1's message
    }
}",
                Verify.Diagnostic("ASYNC105").WithLocation(0).WithArguments(
                    "ReadBuffered", "ReadBuffered → 'System.IO.File.ReadAllText(path)' (synchronous I/O; 'ReadAllTextAsync' exists)", "async method 'QueryAsync'", "make 'ReadBuffered' async (and the methods below it), then await it"),
                Verify.Diagnostic("ASYNC105").WithLocation(1).WithArguments(
                    "ReadDeferred", "ReadDeferred → 'System.IO.File.ReadAllText(path)' (synchronous I/O; 'ReadAllTextAsync' exists)", "async method 'FirstAsync' (1 more call from async code reaches 'ReadDeferred')", "make 'ReadDeferred' async (and the methods below it), then await it"));

        [Fact]
        public Task One_blocking_helper_reached_from_many_async_callers_is_reported_once_with_the_count()
            => Verify.VerifyAnalyzerAsync(Usings + @"
public class TimerStore
{
    private readonly string _path = ""timers.json"";
    private string? _data;

    private void EnsureLoaded() => _data = System.IO.File.ReadAllText(_path); // reads on every call (a cache filled once, `??=`, is not counted)

    public string[] GetAll() { EnsureLoaded(); return new[] { _data! }; }

    public void Add(string timer) { EnsureLoaded(); _data += timer; }

    public void Delete(string timer) { EnsureLoaded(); _data = _data!.Replace(timer, """"); }
}

public class LiveTvService
{
    private readonly TimerStore _timers = new TimerStore();

    public async Task RefreshAsync()
    {
        await Task.Yield();
        foreach (var timer in _timers.{|#0:GetAll|}())
        {
            _timers.Delete(timer);
            _timers.Add(timer);
        }
    }

    public Task CreateAsync(string timer)
    {
        _timers.Add(timer);
        return Task.CompletedTask;
    }
}",
                Verify.Diagnostic("ASYNC105").WithLocation(0).WithArguments(
                    "GetAll",
                    "GetAll → EnsureLoaded → 'System.IO.File.ReadAllText(_path)' (synchronous I/O; 'ReadAllTextAsync' exists)",
                    "async method 'RefreshAsync' (3 more calls from async code reach 'EnsureLoaded')",
                    "make 'GetAll' async (and the methods below it), then await it"));

        [Fact]
        public Task Property_getters_constructors_and_lambdas_run_at_once_are_on_the_chain_deferred_lambdas_are_not()
            => Verify.VerifyAnalyzerAsync(Usings + @"
public class Settings
{
    public Settings() => Text = Read();

    public string Text { get; }

    public string Fresh => Fetch().GetAwaiter().GetResult();

    public static string Read() => Fetch().Result;

    public static void ReadAll(List<string> names) => names.ForEach(_ => Read());

    private static async Task<string> Fetch() { await Task.Yield(); return ""x""; }
}

public class Controller
{
    public async Task<string> GetAsync(List<string> names)
    {
        await Task.Yield();
        var settings = new {|#0:Settings|}();
        var fresh = settings.{|#1:Fresh|};
        names.ForEach(name => Settings.ReadAll(names));
        Func<string> later = () => Settings.Read();
        return fresh + later;
    }
}",
                Verify.Diagnostic("ASYNC105").WithLocation(0).WithArguments(
                    "new Settings", "new Settings → Read → 'Fetch().Result'", "async method 'GetAsync' (1 more call from async code reaches 'Read')",
                    "a constructor cannot be async: create the object with an async factory method that does the blocking work asynchronously"),
                Verify.Diagnostic("ASYNC105").WithLocation(1).WithArguments(
                    "Fresh", "Fresh → 'Fetch().GetAwaiter().GetResult()'", "async method 'GetAsync'",
                    "a property cannot be async: replace 'Fresh' with an async method (and make the methods below it async), then await it"));

        [Fact]
        public Task A_helper_doing_synchronous_io_with_an_async_counterpart_is_followed_in_memory_work_is_not()
            => Verify.VerifyAnalyzerAsync(Usings + @"
public class Store
{
    private string Load(string path) => System.IO.File.ReadAllText(path);

    private string Format(string text)
    {
        using var reader = new System.IO.StringReader(text);
        return reader.ReadToEnd();
    }

    private void Close(System.IO.Stream stream) => stream.Dispose();

    public async Task<string> GetAsync(string path, System.IO.Stream stream)
    {
        await Task.Yield();
        Close(stream);
        return Format({|#0:Load|}(path));
    }
}",
                Verify.Diagnostic("ASYNC105").WithLocation(0).WithArguments(
                    "Load", "Load → 'System.IO.File.ReadAllText(path)' (synchronous I/O; 'ReadAllTextAsync' exists)", "async method 'GetAsync'",
                    "make 'Load' async (and the methods below it), then await it"));

        [Fact]
        public Task A_guarded_synchronous_fast_path_is_not_reported_an_unguarded_wrapper_is()
            => Verify.VerifyAnalyzerAsync(Usings + @"
public class Reader
{
    private readonly System.IO.Stream _stream = System.IO.Stream.Null;
    private bool _buffered;

    private int ReadBuffered() { var b = new byte[4]; _stream.Read(b, 0, 4); return b[0]; }

    private async ValueTask<int> ReadCoreAsync() { var b = new byte[4]; await _stream.ReadAsync(b, 0, 4); return b[0]; }

    public ValueTask<int> ReadAsync()
    {
        // No I/O when the row is buffered: the author checked.
        if (_buffered)
            return new ValueTask<int>(ReadBuffered());
        return ReadCoreAsync();
    }

    public ValueTask<int> PeekAsync() => _buffered ? new(ReadBuffered()) : ReadCoreAsync();

    public Task<int> FakeAsync() => Task.FromResult({|#0:ReadBuffered|}());
}",
                Verify.Diagnostic("ASYNC105").WithLocation(0).WithArguments(
                    "ReadBuffered", "ReadBuffered → '_stream.Read(b, 0, 4)' (synchronous I/O; 'ReadAsync' exists)", "Task-returning method 'FakeAsync'",
                    "make 'ReadBuffered' async (and the methods below it), then await it"));

        [Fact]
        public Task The_chain_is_the_shortest_then_the_ordinally_first_whatever_the_declaration_order()
            => Verify.VerifyAnalyzerAsync(Usings + @"
public class Jobs
{
    public void Run() { Zeta(); Beta(); Alpha(); }

    private void Zeta() => Deep();

    private void Deep() => Thread.Sleep(1);

    private void Beta() => Task.Delay(1).Wait();

    private void Alpha() => Thread.Sleep(2);

    public async Task RunAsync()
    {
        await Task.Yield();
        {|#0:Run|}();
    }
}",
                Verify.Diagnostic("ASYNC105").WithLocation(0).WithArguments(
                    "Run", "Run → Alpha → 'Thread.Sleep(2)'", "async method 'RunAsync'", "make 'Run' async (and the methods below it), then await it"));

        [Fact]
        public Task A_constant_false_argument_skips_the_branch_it_turns_off_as_in_the_dispose_pattern()
            => Verify.VerifyAnalyzerAsync(Usings + @"
public class Channel : IDisposable, IAsyncDisposable
{
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            AbortAsync().GetAwaiter().GetResult();
        }
    }

    // The documented pattern: DisposeAsync does the asynchronous work, then Dispose(false) only what is left.
    public async ValueTask DisposeAsync()
    {
        await AbortAsync();
        Dispose(false);
    }

    public async Task ResetAsync()
    {
        await Task.Yield();
        {|#0:Dispose|}(true);
    }

    private static async Task AbortAsync() => await Task.Yield();
}",
                Verify.Diagnostic("ASYNC105").WithLocation(0).WithArguments(
                    "Dispose", "Dispose → 'AbortAsync().GetAwaiter().GetResult()'", "async method 'ResetAsync'", "make 'Dispose' async (and the methods below it), then await it"));

        [Fact]
        public Task A_generic_parameter_that_is_bool_at_the_call_is_not_a_flag()
            => Verify.VerifyAnalyzerAsync(Usings + @"
public class Multiplexer
{
    internal T? ExecuteSync<T>(T? defaultValue = default)
    {
        lock (this)
        {
            Monitor.Wait(this, 1000);
        }

        return defaultValue;
    }

    public async Task<bool> PingAsync()
    {
        await Task.Yield();
        return {|#0:ExecuteSync<bool>|}();
    }
}",
                Verify.Diagnostic("ASYNC105").WithLocation(0).WithArguments(
                    "ExecuteSync", "ExecuteSync → 'Monitor.Wait(this, 1000)'", "async method 'PingAsync'", "make 'ExecuteSync' async (and the methods below it), then await it"));
    }
}
