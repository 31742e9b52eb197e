using System.Collections.Generic;
using System.Threading.Tasks;
using AsyncLint.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncLint.Tests.Verifiers.CSharpCodeFixVerifier<AsyncLint.Rules.SynchronousIOAnalyzer, AsyncLint.CodeFixes.Rules.SynchronousIOCodeFixProvider>;

namespace AsyncLint.Tests.Rules
{
    public class SynchronousIOTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Data.Common;\nusing System.Diagnostics;\nusing System.IO;\nusing System.Linq;\nusing System.Net.Http;\nusing System.Net.Sockets;\nusing System.Text.Json;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        /// <summary>One statement (or expression) in an async method with a CancellationToken, fixed to another.</summary>
        private static Task VerifyStatement(string parameters, string before, string after)
            => Verify.VerifyCodeFixAsync(Method(parameters, before), Method(parameters, after));

        private static string Method(string parameters, string body) => Usings + @"
class C
{
    async Task RunAsync(" + parameters + @")
    {
        await Task.Yield();
        " + body + @"
    }
}";

        private static Task VerifyNoDiagnostic(string parameters, string body)
            => Verify.VerifyAnalyzerAsync(Method(parameters, body));

        // ---------- the common real APIs, each with its fix ----------

        [Fact]
        public Task File_ReadAllText_gets_the_token()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    async Task<int> CountAsync(string path, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var text = File.{|#0:ReadAllText|}(path);
        return text.Length;
    }
}",
                Verify.Diagnostic("ASYNC201").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                    .WithArguments("File.ReadAllText", "async method 'CountAsync'", "await File.ReadAllTextAsync(...)"),
                Usings + @"
class C
{
    async Task<int> CountAsync(string path, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        return text.Length;
    }
}");

        // MailKit's connect paths: the stream or socket of a failed handshake is cleaned up on the way to the throw.
        [Fact]
        public Task Cleanup_on_a_path_that_ends_in_a_throw_is_not_reported_the_same_cleanup_in_finally_or_before_a_return_is()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class ProxyClient
{
    async Task<Stream> ConnectAsync(Socket socket, Stream stream, Stream log, CancellationToken ct)
    {
        try
        {
            await stream.WriteAsync(new byte[1], 0, 1, ct);
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        try
        {
            await stream.FlushAsync(ct);
        }
        catch (Exception ex)
        {
            if (socket.Connected)
                socket.Disconnect(false);
            socket.Dispose();
            throw new IOException(""proxy failed"", ex);
        }

        try
        {
            await stream.FlushAsync(ct);
        }
        catch (IOException)
        {
            log.{|#0:Flush|}();
            return Stream.Null;
        }
        finally
        {
            log.{|#1:Flush|}();
        }

        return stream;
    }
}",
                Verify.Diagnostic("ASYNC201").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                    .WithArguments("log.Flush", "async method 'ConnectAsync'", "await log.FlushAsync(...)"),
                Verify.Diagnostic("ASYNC201").WithLocation(1).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                    .WithArguments("log.Flush", "async method 'ConnectAsync'", "await log.FlushAsync(...)"));

        // Dapper targets net461 and netstandard2.0 as well as net8.0: the counterpart exists only in some targets, so the
        // remedy needs #if and no fix is offered; a project whose every target has it keeps the plain remedy and the fix.
        [Theory]
        [InlineData("net461;netstandard2.0;net8.0", "#if NETCOREAPP2_0_OR_GREATER … await File.ReadAllTextAsync(...)", false)]
        [InlineData("netcoreapp1.1;net8.0", "#if NETCOREAPP2_0_OR_GREATER … await File.ReadAllTextAsync(...)", false)]
        [InlineData("netstandard2.1;net8.0-windows;net10.0", "await File.ReadAllTextAsync(...)", true)]
        [InlineData("", "await File.ReadAllTextAsync(...)", true)]
        public Task A_counterpart_missing_from_another_target_of_the_project_is_named_under_if_without_a_fix(string frameworks, string remedy, bool fixable)
        {
            const string before = Usings + @"
class C
{
    async Task<int> CountAsync(string path)
    {
        await Task.Yield();
        var text = File.{|#0:ReadAllText|}(path);
        return text.Length;
    }
}";
            var test = new Verify.Test
            {
                TestCode = before,
                FixedCode = fixable ? before.Replace("File.{|#0:ReadAllText|}(path)", "await File.ReadAllTextAsync(path)") : before,
                ExpectedDiagnostics =
                {
                    Verify.Diagnostic("ASYNC201").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                        .WithArguments("File.ReadAllText", "async method 'CountAsync'", remedy),
                },
                GlobalOptions = { ["build_property.TargetFrameworks"] = frameworks },
            };
            return test.RunAsync();
        }

        [Fact]
        public Task A_disposal_counterpart_missing_from_another_target_is_named_under_if()
        {
            const string code = Usings + @"
class C
{
    async Task RunAsync(System.Data.Common.DbDataReader reader)
    {
        await Task.Yield();
        reader.{|#0:Dispose|}();
    }
}";
            var test = new Verify.Test
            {
                TestCode = code,
                FixedCode = code,
                ExpectedDiagnostics =
                {
                    Verify.Diagnostic("ASYNC201").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                        .WithArguments("reader.Dispose", "async method 'RunAsync'", "#if NETCOREAPP3_0_OR_GREATER … await reader.DisposeAsync(...)"),
                },
                GlobalOptions = { ["build_property.TargetFrameworks"] = "netstandard2.0;net8.0" },
            };
            return test.RunAsync();
        }

        [Theory]
        [InlineData("build_property.AsyncLintTargetFrameworks", "net461", false)]
        [InlineData("build_property.AsyncLintTargetFrameworks", "net461,net8.0", true)]
        // The compiler's .editorconfig parser cuts "net461;net8.0" at ';': a list that cannot tell "no target has it".
        [InlineData("build_property.TargetFrameworks", "net461;net8.0", true)]
        public Task A_counterpart_that_no_target_of_the_project_has_is_not_a_remedy(string property, string frameworks, bool reported)
        {
            // Compiled against .NET 8's references, as a tool may compile a project whose every target is older: its own
            // build has no File.ReadAllTextAsync.
            const string code = Usings + @"
class C
{
    async Task<string> RunAsync(string path)
    {
        await Task.Yield();
        return File.{|#0:ReadAllText|}(path);
    }
}";
            var test = new Verify.Test
            {
                TestCode = reported ? code : code.Replace("{|#0:ReadAllText|}", "ReadAllText"),
                FixedCode = reported ? code : code.Replace("{|#0:ReadAllText|}", "ReadAllText"),
                GlobalOptions = { [property] = frameworks },
            };
            if (reported)
            {
                test.ExpectedDiagnostics.Add(Verify.Diagnostic("ASYNC201").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                    .WithArguments("File.ReadAllText", "async method 'RunAsync'", "#if NETCOREAPP2_0_OR_GREATER … await File.ReadAllTextAsync(...)"));
            }

            return test.RunAsync();
        }

        [Theory]
        [InlineData("File.[|WriteAllText|](path, \"x\");", "await File.WriteAllTextAsync(path, \"x\", ct);")]
        [InlineData("var bytes = File.[|ReadAllBytes|](path);", "var bytes = await File.ReadAllBytesAsync(path, ct);")]
        [InlineData("var lines = File.[|ReadAllLines|](path);", "var lines = await File.ReadAllLinesAsync(path, ct);")]
        [InlineData("File.[|AppendAllText|](path, \"x\");", "await File.AppendAllTextAsync(path, \"x\", ct);")]
        public Task File_members(string before, string after)
            => VerifyStatement("string path, CancellationToken ct", before, after);

        [Theory]
        [InlineData("var n = stream.[|Read|](buffer, 0, buffer.Length);", "var n = await stream.ReadAsync(buffer, 0, buffer.Length, ct);")]
        [InlineData("stream.[|Write|](buffer, 0, buffer.Length);", "await stream.WriteAsync(buffer, 0, buffer.Length, ct);")]
        [InlineData("stream.[|Flush|]();", "await stream.FlushAsync(ct);")]
        [InlineData("stream.[|CopyTo|](Stream.Null);", "await stream.CopyToAsync(Stream.Null, ct);")]
        public Task Stream_members(string before, string after)
            => VerifyStatement("Stream stream, byte[] buffer, CancellationToken ct", before, after);

        [Theory]
        [InlineData("var all = reader.[|ReadToEnd|]();", "var all = await reader.ReadToEndAsync(ct);")]
        [InlineData("var line = reader.[|ReadLine|]()?.Trim();", "var line = (await reader.ReadLineAsync(ct))?.Trim();")]
        [InlineData("while (reader.[|ReadLine|]() is { } line) { }", "while (await reader.ReadLineAsync(ct) is { } line) { }")]
        public Task StreamReader_members(string before, string after)
            => VerifyStatement("StreamReader reader, CancellationToken ct", before, after);

        [Theory]
        [InlineData("writer.[|Write|](\"x\");", "await writer.WriteAsync(\"x\");")]
        [InlineData("writer.[|WriteLine|](\"x\");", "await writer.WriteLineAsync(\"x\");")]
        [InlineData("writer.[|Flush|]();", "await writer.FlushAsync(ct);")]
        public Task StreamWriter_members(string before, string after)
            => VerifyStatement("StreamWriter writer, CancellationToken ct", before, after);

        [Theory]
        [InlineData("var text = reader.[|ReadToEnd|]();", "var text = await reader.ReadToEndAsync();")]
        [InlineData("writer.[|WriteLine|](\"x\");", "await writer.WriteLineAsync(\"x\");")]
        public Task TextReader_and_TextWriter_without_token(string before, string after)
            => VerifyStatement("TextReader reader, TextWriter writer", before, after);

        [Theory]
        [InlineData("connection.[|Open|]();", "await connection.OpenAsync(ct);")]
        [InlineData("using var reader = command.[|ExecuteReader|]();", "using var reader = await command.ExecuteReaderAsync(ct);")]
        [InlineData("var rows = command.[|ExecuteNonQuery|]();", "var rows = await command.ExecuteNonQueryAsync(ct);")]
        [InlineData("var value = command.[|ExecuteScalar|]();", "var value = await command.ExecuteScalarAsync(ct);")]
        [InlineData("while (dataReader.[|Read|]()) { }", "while (await dataReader.ReadAsync(ct)) { }")]
        [InlineData("dataReader.[|NextResult|]();", "await dataReader.NextResultAsync(ct);")]
        public Task Ado_net_members(string before, string after)
            => VerifyStatement("DbConnection connection, DbCommand command, DbDataReader dataReader, CancellationToken ct", before, after);

        [Theory]
        [InlineData("using var response = client.[|Send|](request);", "using var response = await client.SendAsync(request, ct);")]
        [InlineData("var body = content.[|ReadAsStream|]();", "var body = await content.ReadAsStreamAsync(ct);")]
        public Task Http_members(string before, string after)
            => VerifyStatement("HttpClient client, HttpRequestMessage request, HttpContent content, CancellationToken ct", before, after);

        [Fact]
        public Task Process_WaitForExit()
            => VerifyStatement("Process process, CancellationToken ct", "process.[|WaitForExit|]();", "await process.WaitForExitAsync(ct);");

        [Fact]
        public Task Process_WaitForExit_with_a_timeout_has_no_counterpart()
            => VerifyNoDiagnostic("Process process, CancellationToken ct", "var exited = process.WaitForExit(1000);");

        [Theory]
        [InlineData("JsonSerializer.[|Serialize|](stream, value);", "await JsonSerializer.SerializeAsync(stream, value, cancellationToken: ct);")]
        [InlineData("var copy = JsonSerializer.[|Deserialize|]<int[]>(stream);", "var copy = await JsonSerializer.DeserializeAsync<int[]>(stream, cancellationToken: ct);")]
        public Task JsonSerializer_with_a_stream(string before, string after)
            => VerifyStatement("Stream stream, int[] value, CancellationToken ct", before, after);

        [Fact]
        public Task JsonSerializer_to_a_string_is_not_flagged()
            => VerifyNoDiagnostic("int[] value, string json", "var text = JsonSerializer.Serialize(value); var back = JsonSerializer.Deserialize<int[]>(json);");

        [Theory]
        [InlineData("var n = socket.[|Send|](buffer);", "var n = await socket.SendAsync(buffer);")]
        [InlineData("var n = socket.[|Receive|](buffer);", "var n = await socket.ReceiveAsync(buffer);")]
        public Task Socket_members(string before, string after)
            => VerifyStatement("Socket socket, byte[] buffer", before, after);

        [Fact]
        public Task Channel_reader_and_writer_never_block()
            => VerifyNoDiagnostic(
                "System.Threading.Channels.Channel<int> channel",
                "channel.Writer.TryWrite(1); channel.Writer.Complete(); channel.Reader.TryRead(out var item);");

        [Fact]
        public Task User_defined_pair()
            => Verify.VerifyCodeFixAsync(Usings + @"
class Repository
{
    public int Load(int id) => id;
    public async Task<int> LoadAsync(int id, CancellationToken cancellationToken = default) { await Task.Delay(1, cancellationToken); return id; }
}

class C
{
    async Task<int> RunAsync(Repository repository, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return repository.[|Load|](42) + 1;
    }
}", Usings + @"
class Repository
{
    public int Load(int id) => id;
    public async Task<int> LoadAsync(int id, CancellationToken cancellationToken = default) { await Task.Delay(1, cancellationToken); return id; }
}

class C
{
    async Task<int> RunAsync(Repository repository, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return await repository.LoadAsync(42, cancellationToken) + 1;
    }
}");

        [Fact]
        public Task Asp_net_core_RequestAborted_is_forwarded()
            => Verify.VerifyCodeFixAsync(Usings + HttpContextStub + @"
class Endpoint
{
    async Task HandleAsync(Microsoft.AspNetCore.Http.HttpContext context, string path)
    {
        await Task.Yield();
        var text = File.[|ReadAllText|](path);
    }
}", Usings + HttpContextStub + @"
class Endpoint
{
    async Task HandleAsync(Microsoft.AspNetCore.Http.HttpContext context, string path)
    {
        await Task.Yield();
        var text = await File.ReadAllTextAsync(path, context.RequestAborted);
    }
}");

        private const string HttpContextStub = @"
namespace Microsoft.AspNetCore.Http
{
    public abstract class HttpContext
    {
        public abstract CancellationToken RequestAborted { get; set; }
    }
}
";

        [Fact]
        public Task Task_returning_method_becomes_async()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    Task<string> LoadAsync(string path)
    {
        var text = File.[|ReadAllText|](path);
        return Task.FromResult(text);
    }
}", Usings + @"
class C
{
    async Task<string> LoadAsync(string path)
    {
        var text = await File.ReadAllTextAsync(path);
        return text;
    }
}");

        [Fact]
        public Task File_that_writes_ConfigureAwait_false_keeps_the_style()
            => VerifyStatement("Stream stream, string path, CancellationToken ct",
                "await Task.Delay(1, ct).ConfigureAwait(false);\n        stream.[|Flush|]();\n        foreach (var line in File.[|ReadLines|](path)) { }",
                "await Task.Delay(1, ct).ConfigureAwait(false);\n        await stream.FlushAsync(ct).ConfigureAwait(false);\n        await foreach (var line in File.ReadLinesAsync(path, ct).ConfigureAwait(false)) { }");

        [Fact]
        public Task Async_lambda_is_flagged()
            => VerifyStatement("Stream stream", "Func<Task> flush = async () => { await Task.Yield(); stream.[|Flush|](); };", "Func<Task> flush = async () => { await Task.Yield(); await stream.FlushAsync(); };");

        // ---------- the other shapes: foreach over an async stream, explicit Dispose/Close ----------

        [Fact]
        public Task Foreach_over_ReadLines_becomes_await_foreach()
            => VerifyStatement("string path, CancellationToken ct",
                "foreach (var line in File.[|ReadLines|](path)) { Console.WriteLine(line); }",
                "await foreach (var line in File.ReadLinesAsync(path, ct)) { Console.WriteLine(line); }");

        [Fact]
        public Task ReadLines_outside_foreach_is_not_flagged()
            => VerifyNoDiagnostic("string path", "var count = File.ReadLines(path).Count();");

        [Fact]
        public Task Foreach_over_ReadAllLines_awaits_the_array()
            => VerifyStatement("string path",
                "foreach (var line in File.[|ReadAllLines|](path)) { }",
                "foreach (var line in await File.ReadAllLinesAsync(path)) { }");

        [Theory]
        [InlineData("Stream stream", "stream.[|Dispose|]();", "await stream.DisposeAsync();")]
        [InlineData("DbConnection connection", "connection.[|Close|]();", "await connection.CloseAsync();")]
        public Task Explicit_Dispose_and_Close(string parameters, string before, string after)
            => VerifyStatement(parameters, before, after);

        [Fact]
        public Task Dispose_in_finally_is_flagged_and_fixed()
            => VerifyStatement("string path",
                "var stream = File.Create(path); try { } finally { stream.[|Dispose|](); }",
                "var stream = File.Create(path); try { } finally { await stream.DisposeAsync(); }");

        [Fact]
        public Task Conditional_access_is_flagged_without_fix()
        {
            var source = Method("StreamReader reader", "var line = reader?.[|ReadLine|]();");
            return Verify.VerifyCodeFixAsync(source, source);
        }

        // ---------- false-alarm classes ----------

        [Fact]
        public Task Name_only_match_with_incompatible_parameters_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Api
{
    public int Get() => 1;
    public Task<int> GetAsync(int id) => Task.FromResult(id);
}

class C
{
    async Task<int> RunAsync(Api api)
    {
        await Task.Yield();
        return api.Get();
    }
}");

        [Fact]
        public Task Counterpart_with_another_result_type_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Api
{
    public int Count() => 1;
    public Task<string> CountAsync() => Task.FromResult(""1"");
}

class C
{
    async Task<int> RunAsync(Api api)
    {
        await Task.Yield();
        return api.Count();
    }
}");

        [Fact]
        public Task Inaccessible_candidate_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Api
{
    public int Get() => 1;
    protected Task<int> GetAsync() => Task.FromResult(1);
    private Task<int> GetAsync(CancellationToken ct) => Task.FromResult(1);
}

class C
{
    async Task<int> RunAsync(Api api, CancellationToken ct)
    {
        await Task.Yield();
        return api.Get();
    }
}");

        [Fact]
        public Task Protected_candidate_is_flagged_where_accessible()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Api
{
    public int Get() => 1;
    protected async Task<int> GetAsync() { await Task.Yield(); return 1; }
}

class Derived : Api
{
    async Task<int> RunAsync()
    {
        await Task.Yield();
        return [|Get|]();
    }
}");

        [Fact]
        public Task Obsolete_candidate_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Api
{
    public int Get() => 1;
    [Obsolete(""Use Fetch"")] public async Task<int> GetAsync() { await Task.Yield(); return 1; }
}

class C
{
    async Task<int> RunAsync(Api api)
    {
        await Task.Yield();
        return api.Get();
    }
}");

        [Fact]
        public Task The_enclosing_method_is_never_suggested()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Cache
{
    public int Get() => 1;

    public Task<int> GetAsync() => Task.FromResult(Get());
}");

        [Fact]
        public Task Override_of_the_counterpart_calling_the_sync_member_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Wrapper : Stream
{
    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        Flush();
        return Task.CompletedTask;
    }

    public override void Flush() { }
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => 0;
    public override long Position { get; set; }
    public override int Read(byte[] buffer, int offset, int count) => 0;
    public override long Seek(long offset, SeekOrigin origin) => 0;
    public override void SetLength(long value) { }
    public override void Write(byte[] buffer, int offset, int count) { }
}");

        [Fact]
        public Task Fake_async_twin_is_not_suggested()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Api
{
    public int Get() => 1;
    public Task<int> GetAsync() => Task.FromResult(Get());
}

class C
{
    async Task<int> RunAsync(Api api)
    {
        await Task.Yield();
        return api.Get();
    }
}");

        [Fact]
        public Task Sync_lambda_inside_an_async_method_is_not_flagged()
            => VerifyNoDiagnostic("string path", "Func<string> read = () => File.ReadAllText(path); Action<Stream> flush = s => s.Flush();");

        [Fact]
        public Task Synchronous_method_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    string Read(string path) => File.ReadAllText(path);
}");

        [Fact]
        public Task Inside_lock_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    private readonly object gate = new object();

    async Task RunAsync(Stream stream)
    {
        await Task.Yield();
        lock (gate)
        {
            stream.Flush();
        }
    }
}");

        [Fact]
        public Task In_memory_streams_and_readers_are_not_flagged()
            => VerifyNoDiagnostic("MemoryStream memory, StringWriter stringWriter, StringReader stringReader, byte[] buffer", @"
        memory.Write(buffer, 0, buffer.Length);
        memory.Flush();
        memory.CopyTo(Stream.Null);
        stringWriter.WriteLine(""x"");
        var text = stringReader.ReadToEnd();
        Stream local = new MemoryStream();
        local.Write(buffer, 0, 1);
        using var ms = new MemoryStream(buffer);
        ms.Read(buffer, 0, 1);
        TextWriter sw = new StringWriter();
        sw.Write(""x"");
        using var writer = new StreamWriter(memory);
        writer.Write(""x"");
        writer.Flush();
        var reader = new StreamReader(new MemoryStream(buffer));
        reader.ReadToEnd();");

        [Fact]
        public Task Stream_local_reassigned_from_a_memory_stream_is_flagged()
            => VerifyNoDiagnosticAnd(@"Stream local = new MemoryStream();
        local = File.OpenRead(path);
        local.[|Flush|]();");

        private static Task VerifyNoDiagnosticAnd(string body)
        {
            var source = Method("string path", body);
            return Verify.VerifyAnalyzerAsync(source);
        }

        [Fact]
        public Task Dual_mode_code_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Connector
{
    private readonly Stream stream = Stream.Null;
    private readonly bool useAsync;

    async Task ReadAsync(byte[] buffer, bool async, CancellationToken ct)
    {
        if (async)
            await stream.ReadAsync(buffer, 0, 1, ct);
        else
            stream.Read(buffer, 0, 1);

        var n = async ? await stream.ReadAsync(buffer, 0, 1, ct) : stream.Read(buffer, 0, 1);
        stream.Flush(); // the sync caller runs this too: on purpose in code written for both
    }

    ValueTask FlushAsync(CancellationToken ct)
    {
        if (useAsync)
            return new ValueTask(stream.FlushAsync(ct));

        stream.Flush();
        return default;
    }

    async Task CopyAsync(Stream target, bool sync)
    {
        await Task.Yield();
        if (sync)
        {
            stream.CopyTo(target);
        }
        else
        {
            await stream.CopyToAsync(target);
        }
    }
}");

        [Fact]
        public Task Manifest_resource_streams_are_not_flagged()
            => VerifyNoDiagnostic("byte[] buffer", "var resource = typeof(C).Assembly.GetManifestResourceStream(\"x\")!; resource.Read(buffer, 0, 1);");

        [Fact]
        public Task Console_streams_are_not_flagged()
            => VerifyNoDiagnostic("", "Console.Out.WriteLine(\"x\"); Console.Error.Flush(); Console.WriteLine(\"y\");");

        [Fact]
        public Task Members_of_other_rules_are_not_double_reported()
            => VerifyNoDiagnostic("Task task, SemaphoreSlim gate, CancellationTokenSource cts", "task.Wait(TimeSpan.FromSeconds(1)); gate.Wait(0); gate.Wait(); cts.Cancel();");

        [Fact]
        public Task Timer_and_registration_Dispose_are_not_flagged()
            => VerifyNoDiagnostic("System.Threading.Timer timer, CancellationTokenRegistration registration", "timer.Dispose(); registration.Dispose();");

        [Fact]
        public Task Linq_to_objects_ToList_is_not_flagged()
            => VerifyNoDiagnostic("List<int> items", "var copy = items.Where(i => i > 0).ToList(); var first = items.First();");

        [Fact]
        public Task XmlReader_without_async_settings_is_not_flagged()
            => VerifyNoDiagnostic("System.Xml.XmlReader reader", "while (reader.Read()) { }");

        [Fact]
        public Task XmlReader_created_with_async_settings_is_flagged()
            => VerifyStatement("Stream stream",
                "var reader = System.Xml.XmlReader.Create(stream, new System.Xml.XmlReaderSettings { Async = true }); while (reader.[|Read|]()) { }",
                "var reader = System.Xml.XmlReader.Create(stream, new System.Xml.XmlReaderSettings { Async = true }); while (await reader.ReadAsync()) { }");

        [Fact]
        public Task Ef_core_Add_AddRange_UseTransaction_and_CreateDbContext_are_excluded_but_SaveChanges_BeginTransaction_and_ToList_are_not()
            => Verify.VerifyAnalyzerAsync(Usings + "using Microsoft.EntityFrameworkCore;\n" + EfCoreStubs + @"
class Shop
{
    async Task RunAsync(IDbContextFactory<AppDb> factory, System.Data.Common.DbTransaction transaction, CancellationToken ct)
    {
        await Task.Yield();
        using var db = factory.CreateDbContext();
        db.Database.UseTransaction(transaction); // enlists a transaction of an open connection: nothing to wait for
        db.Database.[|BeginTransaction|]();
        db.Orders.Add(new Order());
        db.Orders.AddRange(new Order(), new Order());
        db.Add(new Order());
        var open = db.Orders.Where(o => o.Id > 0).[|ToList|]();
        var any = db.Orders.[|Any|]();
        db.[|SaveChanges|]();
    }
}");

        private const string EfCoreStubs = @"
namespace Microsoft.EntityFrameworkCore
{
    public class DbContext : IDisposable
    {
        public virtual int SaveChanges() => 0;
        public virtual Task<int> SaveChangesAsync(CancellationToken cancellationToken = default) => Task.FromResult(0);
        public virtual object Add(object entity) => entity;
        public virtual ValueTask<object> AddAsync(object entity, CancellationToken cancellationToken = default) => new ValueTask<object>(entity);
        public virtual Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade Database => null!;
        public void Dispose() { }
    }

    public static class RelationalDatabaseFacadeExtensions
    {
        public static IDisposable UseTransaction(this Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database, System.Data.Common.DbTransaction transaction) => null!;
        public static Task<IDisposable> UseTransactionAsync(this Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database, System.Data.Common.DbTransaction transaction, CancellationToken cancellationToken = default) => null!;
    }

    public abstract class DbSet<TEntity> : IQueryable<TEntity> where TEntity : class
    {
        public virtual TEntity Add(TEntity entity) => entity;
        public virtual ValueTask<TEntity> AddAsync(TEntity entity, CancellationToken cancellationToken = default) => new ValueTask<TEntity>(entity);
        public virtual void AddRange(params TEntity[] entities) { }
        public virtual Task AddRangeAsync(params TEntity[] entities) => Task.CompletedTask;
        public Type ElementType => typeof(TEntity);
        public System.Linq.Expressions.Expression Expression => null!;
        public IQueryProvider Provider => null!;
        public IEnumerator<TEntity> GetEnumerator() => null!;
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => null!;
    }

    public interface IDbContextFactory<TContext> where TContext : DbContext
    {
        TContext CreateDbContext();
        Task<TContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => throw null!;
    }

    public static class EntityFrameworkQueryableExtensions
    {
        public static Task<List<TSource>> ToListAsync<TSource>(this IQueryable<TSource> source, CancellationToken cancellationToken = default) => throw null!;
        public static Task<bool> AnyAsync<TSource>(this IQueryable<TSource> source, CancellationToken cancellationToken = default) => throw null!;
    }
}

namespace Microsoft.EntityFrameworkCore.Infrastructure
{
    public class DatabaseFacade
    {
        public virtual IDisposable BeginTransaction() => null!;
        public virtual Task<IDisposable> BeginTransactionAsync(CancellationToken cancellationToken = default) => null!;
    }
}

class Order { public int Id { get; set; } }

class AppDb : Microsoft.EntityFrameworkCore.DbContext
{
    public Microsoft.EntityFrameworkCore.DbSet<Order> Orders { get; } = null!;
}
";

        [Fact]
        public Task In_memory_members_with_async_forms_of_EF_value_generators_and_Roslyn_syntax_trees_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
namespace Microsoft.EntityFrameworkCore.ValueGeneration
{
    public abstract class ValueGenerator
    {
        public object? Next(object entry) => null;
        public virtual ValueTask<object?> NextAsync(object entry, CancellationToken cancellationToken = default) => new ValueTask<object?>(Next(entry));
    }

    public abstract class ValueGenerator<TValue> : ValueGenerator
    {
        public new virtual TValue Next(object entry) => default!;
        public new virtual ValueTask<TValue> NextAsync(object entry, CancellationToken cancellationToken = default) => new ValueTask<TValue>(Next(entry));
    }
}

namespace Microsoft.CodeAnalysis
{
    public abstract class SyntaxTree
    {
        public object GetRoot(CancellationToken cancellationToken = default) => null!;
        public virtual Task<object> GetRootAsync(CancellationToken cancellationToken = default) => Task.FromResult(GetRoot(cancellationToken));
    }
}

namespace Microsoft.CodeAnalysis.CSharp
{
    public abstract class CSharpSyntaxTree : Microsoft.CodeAnalysis.SyntaxTree
    {
        public new object GetRoot(CancellationToken cancellationToken = default) => null!;
        public static CSharpSyntaxTree ParseText(string text) => null!;
    }
}

class Ids
{
    async Task RunAsync(Microsoft.EntityFrameworkCore.ValueGeneration.ValueGenerator plain, Microsoft.EntityFrameworkCore.ValueGeneration.ValueGenerator<string> typed, Stream stream)
    {
        await Task.Yield();
        var id = plain.Next(this);                   // a prefix or a GUID: NextAsync only wraps it
        var name = typed.Next(this);
        var root = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(""1 + 1"").GetRoot(); // a parsed tree holds its root
        stream.[|Flush|]();                          // the near miss: real I/O stays reported
    }
}");

        [Fact]
        public Task Ef_core_ToList_fix_forwards_the_token()
            => Verify.VerifyCodeFixAsync(Usings + "using Microsoft.EntityFrameworkCore;\n" + EfCoreStubs + @"
class Shop
{
    async Task<List<Order>> RunAsync(AppDb db, CancellationToken ct)
    {
        await Task.Yield();
        return db.Orders.Where(o => o.Id > 0).[|ToList|]();
    }
}", Usings + "using Microsoft.EntityFrameworkCore;\n" + EfCoreStubs + @"
class Shop
{
    async Task<List<Order>> RunAsync(AppDb db, CancellationToken ct)
    {
        await Task.Yield();
        return await db.Orders.Where(o => o.Id > 0).ToListAsync(ct);
    }
}");

        [Fact]
        public Task Test_framework_asserts_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
namespace Xunit
{
    public static class Assert
    {
        public static T Throws<T>(Action action) where T : Exception => null!;
        public static Task<T> ThrowsAsync<T>(Func<Task> action) where T : Exception => null!;
        public static void Equal(int a, int b) { }
        public static Task EqualAsync(int a, int b) => Task.CompletedTask;
    }
}

namespace NUnit.Framework
{
    public static class Assert
    {
        public static void That(bool condition) { }
        public static Task ThatAsync(bool condition) => Task.CompletedTask;
    }
}

class Tests
{
    async Task RunAsync()
    {
        await Task.Yield();
        Xunit.Assert.Equal(1, 1);
        NUnit.Framework.Assert.That(true);
    }
}");

        [Fact]
        public Task Parsing_text_in_memory_is_not_synchronous_IO()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Document { }
class HtmlParser
{
    public Document ParseDocument(string source) => new Document();
    public Task<Document> ParseDocumentAsync(string source, CancellationToken cancellation = default) => Task.FromResult(new Document());
    public Document ParseDocument(Stream source) => new Document();
    public Task<Document> ParseDocumentAsync(Stream source, CancellationToken cancellation = default) => Task.FromResult(new Document());
    public Document ParseFile(string path) => new Document();
    public Task<Document> ParseFileAsync(string path, CancellationToken cancellation = default) => Task.FromResult(new Document());
}

class Indexer
{
    // Jackett's indexers: the response body, already read, parsed by AngleSharp.
    async Task<Document> SearchAsync(HtmlParser parser, string html, Stream body, string cachePath)
    {
        await Task.Yield();
        var fromText = parser.ParseDocument(html);
        var fromFile = parser.{|ASYNC201:ParseFile|}(cachePath);
        return parser.{|ASYNC201:ParseDocument|}(body);
    }
}");

        [Fact]
        public Task Windows_Forms_dialogs_and_marshalling_are_not_synchronous_IO()
            => Verify.VerifyAnalyzerAsync(Usings + @"
namespace System.Windows.Forms
{
    public class Control
    {
        public object Invoke(Delegate method) => null!;
        public Task InvokeAsync(Action callback, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    public class Form : Control
    {
        public int ShowDialog() => 0;
        public Task<int> ShowDialogAsync() => Task.FromResult(0);
        public void Show() { }
        public Task ShowAsync() => Task.CompletedTask;
    }
}

class Commands
{
    // ShareX's task helpers: a dialog opened from an async command, a window shown, a call marshalled to the UI thread.
    async Task RunAsync(System.Windows.Forms.Form form, Stream stream)
    {
        await Task.Yield();
        form.ShowDialog();
        form.Show();
        form.Invoke(new Action(() => { }));
        stream.{|ASYNC201:Flush|}();
    }
}");

        [Theory]
        [InlineData("M:System.IO.Stream.Flush")]
        [InlineData("System.IO.Stream.Flush")]
        [InlineData("Stream.Flush")]
        [InlineData("T:System.IO.Stream")]
        [InlineData("M:System.IO.Stream.Read(System.Byte[],System.Int32,System.Int32), Stream.Flush")]
        public Task Excluded_members_option(string value)
        {
            var source = Method("Stream stream", "stream.Flush();");
            var test = new CSharpAnalyzerVerifier<AsyncLint.Rules.SynchronousIOAnalyzer>.Test { TestCode = source };
            test.Options["asynclint.ASYNC201.excluded_members"] = value;
            return test.RunAsync();
        }

        [Fact]
        public Task Excluded_members_option_leaves_other_members_flagged()
        {
            var source = Method("Stream stream", "stream.[|Flush|](); File.ReadAllText(\"a\");");
            var test = new CSharpAnalyzerVerifier<AsyncLint.Rules.SynchronousIOAnalyzer>.Test { TestCode = source };
            test.Options["asynclint.ASYNC201.excluded_members"] = "M:System.IO.File.ReadAllText(System.String)";
            return test.RunAsync();
        }

        [Fact]
        public Task NetStandard20_without_counterparts_is_not_flagged()
        {
            var source = @"using System.IO;
using System.Threading.Tasks;
class C
{
    async Task RunAsync(string path)
    {
        await Task.Yield();
        var text = File.ReadAllText(path);
    }
}";
            var test = new CSharpAnalyzerVerifier<AsyncLint.Rules.SynchronousIOAnalyzer>.Test { TestCode = source, ReferenceAssemblies = TestDefaults.NetStandard20 };
            return test.RunAsync();
        }

        [Fact]
        public Task Ef_FindAsync_never_takes_the_token_into_its_params_array()
            => Verify.VerifyCodeFixAsync(Usings + @"
class Set
{
    public object Find(params object[] keys) => keys;
    public async ValueTask<object> FindAsync(params object[] keys) { await Task.Yield(); return keys; }
}

class C
{
    async Task<object> RunAsync(Set set, int id, CancellationToken ct)
    {
        await Task.Yield();
        return set.[|Find|](id);
    }
}", Usings + @"
class Set
{
    public object Find(params object[] keys) => keys;
    public async ValueTask<object> FindAsync(params object[] keys) { await Task.Yield(); return keys; }
}

class C
{
    async Task<object> RunAsync(Set set, int id, CancellationToken ct)
    {
        await Task.Yield();
        return await set.FindAsync(id);
    }
}");

        // ---------- Fix All, broken code ----------

        [Fact]
        public Task Fix_all_in_one_method()
        {
            var test = new Verify.Test
            {
                TestCode = Usings + @"
class C
{
    Task CopyAsync(Stream source, Stream destination, byte[] buffer, CancellationToken ct)
    {
        var n = source.[|Read|](buffer, 0, buffer.Length);
        destination.[|Write|](buffer, 0, n);
        destination.[|Flush|]();
        return Task.CompletedTask;
    }
}",
                FixedCode = Usings + @"
class C
{
    async Task CopyAsync(Stream source, Stream destination, byte[] buffer, CancellationToken ct)
    {
        var n = await source.ReadAsync(buffer, 0, buffer.Length, ct);
        await destination.WriteAsync(buffer, 0, n, ct);
        await destination.FlushAsync(ct);
    }
}",
            };
            return test.RunAsync();
        }

        [Fact]
        public Task Broken_code_does_not_crash()
        {
            var test = new Verify.Test
            {
                TestCode = Usings + @"
class C
{
    async Task RunAsync(Stream stream)
    {
        await Task.Yield();
        stream.{|CS1501:Read|}();
        {|CS0103:missing|}.Flush();
        stream.{|CS1061:Nope|}();
    }
}",
            };
            test.CompilerDiagnostics = CompilerDiagnostics.Errors;
            return test.RunAsync();
        }
    }
}
