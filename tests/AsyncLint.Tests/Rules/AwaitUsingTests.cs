using System.Threading.Tasks;
using AsyncLint.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncLint.Tests.Verifiers.CSharpCodeFixVerifier<AsyncLint.Rules.AwaitUsingAnalyzer, AsyncLint.CodeFixes.Rules.AwaitUsingCodeFixProvider>;

namespace AsyncLint.Tests.Rules
{
    public class AwaitUsingTests
    {
        private const string Usings = "using System;\nusing System.Data.Common;\nusing System.IO;\nusing System.IO.Compression;\nusing System.Net.Http;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private static string Method(string parameters, string body) => Usings + @"
class C
{
    async Task RunAsync(" + parameters + @")
    {
        await Task.Yield();
        " + body + @"
    }
}";

        /// <summary>A library-style file: it already writes ConfigureAwait(false).</summary>
        private static string LibraryMethod(string parameters, string body) => Usings + @"
class C
{
    async Task RunAsync(" + parameters + @")
    {
        await Task.Delay(1).ConfigureAwait(false);
        " + body + @"
    }
}";

        private static string WithProviders(string code) => DataProviderStubs.Usings + DataProviderStubs.SqlClient + DataProviderStubs.Npgsql + DataProviderStubs.Sqlite + DataProviderStubs.InHouse + DataProviderStubs.Dapper + code;

        // ---------- the fix ----------

        [Fact]
        public Task Using_declaration_becomes_await_using()
            => Verify.VerifyCodeFixAsync(
                Method("string path", "{|#0:using|} var stream = File.Create(path);\n        stream.WriteByte(1);"),
                Verify.Diagnostic("ASYNC202").WithLocation(0).WithArguments("FileStream", "async method 'RunAsync'", "await using"),
                Method("string path", "await using var stream = File.Create(path);\n        stream.WriteByte(1);"));

        [Fact]
        public Task Using_statement_on_an_abstract_type_becomes_await_using()
            => Verify.VerifyCodeFixAsync(
                Method("DbConnection connection", "// keep me\n        [|using|] (connection)\n        {\n        }"),
                Method("DbConnection connection", "// keep me\n        await using (connection)\n        {\n        }"));

        [Fact]
        public Task Using_statement_with_declaration_becomes_await_using()
            => Verify.VerifyCodeFixAsync(
                Method("string path", "[|using|] (var writer = new StreamWriter(path))\n        {\n            writer.Write(1);\n        }"),
                Method("string path", "await using (var writer = new StreamWriter(path))\n        {\n            writer.Write(1);\n        }"));

        [Fact]
        public Task Task_returning_method_becomes_async()
            => Verify.VerifyCodeFixAsync(Usings + @"
class C
{
    Task<int> LengthAsync(string path)
    {
        [|using|] var stream = File.Create(path);
        return Task.FromResult((int)stream.Length);
    }
}", Usings + @"
class C
{
    async Task<int> LengthAsync(string path)
    {
        await using var stream = File.Create(path);
        return (int)stream.Length;
    }
}");

        [Fact]
        public Task ValueTask_returning_method_is_named_as_such()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    ValueTask<int> LengthAsync(string path)
    {
        {|#0:using|} var stream = File.Create(path);
        return new ValueTask<int>((int)stream.Length);
    }
}", Verify.Diagnostic("ASYNC202").WithLocation(0).WithArguments("FileStream", "ValueTask-returning method 'LengthAsync'", "await using"));

        // A multi-targeted project (Dapper: net461;netstandard2.0;net8.0): the older targets have no async disposal, so
        // 'await using' compiles only under #if; no fix writes that. Every target with it: the plain remedy and the fix.
        [Theory]
        [InlineData("net461;netstandard2.0;net8.0", "#if NETCOREAPP3_0_OR_GREATER … await using", false)]
        [InlineData("netcoreapp2.1;net8.0", "#if NETCOREAPP3_0_OR_GREATER … await using", false)]
        [InlineData("netstandard2.1;netcoreapp3.1;net8.0", "await using", true)]
        public Task A_project_with_a_target_without_async_disposal_gets_the_remedy_under_if_without_a_fix(string frameworks, string remedy, bool fixable)
        {
            var before = Method("string path", "{|#0:using|} var stream = File.Create(path);\n        stream.WriteByte(1);");
            var test = new Verify.Test
            {
                TestCode = before,
                FixedCode = fixable ? Method("string path", "await using var stream = File.Create(path);\n        stream.WriteByte(1);") : before,
                ExpectedDiagnostics = { Verify.Diagnostic("ASYNC202").WithLocation(0).WithArguments("FileStream", "async method 'RunAsync'", remedy) },
                GlobalOptions = { ["build_property.TargetFrameworks"] = frameworks },
            };
            return test.RunAsync();
        }

        [Fact]
        public Task A_type_of_the_project_that_implements_IAsyncDisposable_itself_keeps_the_plain_remedy_in_a_multi_targeted_project()
        {
            // Microsoft.Bcl.AsyncInterfaces gives older targets IAsyncDisposable: the project's own type has it everywhere.
            const string resource = @"
class Channel : IAsyncDisposable, IDisposable
{
    public ValueTask DisposeAsync() => default;
    public void Dispose() { }
    public Task SendAsync() => Task.CompletedTask;
}";
            var test = new Verify.Test
            {
                TestCode = Method("", "{|#0:using|} var channel = new Channel();\n        await channel.SendAsync();") + resource,
                FixedCode = Method("", "await using var channel = new Channel();\n        await channel.SendAsync();") + resource,
                ExpectedDiagnostics = { Verify.Diagnostic("ASYNC202").WithLocation(0).WithArguments("Channel", "async method 'RunAsync'", "await using") },
                GlobalOptions = { ["build_property.TargetFrameworks"] = "netstandard2.0;net8.0" },
            };
            return test.RunAsync();
        }

        [Fact]
        public Task ZipArchive_async_disposal_arrived_in_NET_10_so_a_project_that_also_targets_NET_8_gets_it_under_if()
        {
            var code = Method("Stream stream", "{|#0:using|} var archive = new ZipArchive(stream, ZipArchiveMode.Create);\n        archive.CreateEntry(\"a\");");
            var test = new Verify.Test
            {
                TestCode = code,
                FixedCode = code,
                ReferenceAssemblies = TestDefaults.Net100,
                ExpectedDiagnostics = { Verify.Diagnostic("ASYNC202").WithLocation(0).WithArguments("ZipArchive", "async method 'RunAsync'", "#if NET10_0_OR_GREATER … await using") },
                GlobalOptions = { ["build_property.TargetFrameworks"] = "net8.0;net10.0" },
            };
            return test.RunAsync();
        }

        [Fact]
        public Task A_counterpart_that_no_target_of_the_project_has_is_not_a_remedy()
        {
            // A net8.0 project compiled against .NET 10's references (as a tool may): its own build has no async ZipArchive.
            var code = Method("Stream stream", "using var archive = new ZipArchive(stream, ZipArchiveMode.Create);\n        archive.CreateEntry(\"a\");\n        ZipFile.CreateFromDirectory(\"in\", \"out.zip\");");
            var test = new Verify.Test
            {
                TestCode = code,
                FixedCode = code,
                ReferenceAssemblies = TestDefaults.Net100,
                GlobalOptions = { ["build_property.AsyncLintTargetFrameworks"] = "net8.0" },
            };
            return test.RunAsync();
        }

        [Fact]
        public Task Fix_all_in_one_method()
        {
            var test = new Verify.Test
            {
                TestCode = Method("string a, string b", "[|using|] var first = File.Create(a);\n        [|using|] var second = File.Create(b);\n        first.CopyTo(second);"),
                FixedCode = Method("string a, string b", "await using var first = File.Create(a);\n        await using var second = File.Create(b);\n        first.CopyTo(second);"),
            };
            return test.RunAsync();
        }

        // ---------- ConfigureAwait(false) files ----------

        [Fact]
        public Task Library_style_keeps_ConfigureAwait_on_an_expression_resource()
            => Verify.VerifyCodeFixAsync(
                LibraryMethod("DbConnection connection", "[|using|] (connection) { }"),
                LibraryMethod("DbConnection connection", "await using (connection.ConfigureAwait(false)) { }"));

        [Fact]
        public Task Library_style_using_declaration_configures_a_disposal_local()
            => Verify.VerifyCodeFixAsync(
                LibraryMethod("string path", "// the file\n        [|using|] var stream = File.Create(path);\n        stream.WriteByte(1);"),
                LibraryMethod("string path", "// the file\n        var stream = File.Create(path);\n        await using var _ = stream.ConfigureAwait(false);\n        stream.WriteByte(1);"));

        [Fact]
        public Task Library_style_using_statement_with_declaration_declares_the_variable_first()
            => Verify.VerifyCodeFixAsync(
                LibraryMethod("string path", "[|using|] (var writer = new StreamWriter(path))\n        {\n            writer.Write(1);\n        }"),
                LibraryMethod("string path", "var writer = new StreamWriter(path);\n        await using (writer.ConfigureAwait(false))\n        {\n            writer.Write(1);\n        }"));

        [Fact]
        public Task Library_style_using_statement_keeps_its_scope_when_the_name_comes_back()
            => Verify.VerifyCodeFixAsync(
                LibraryMethod("string path", "[|using|] (var writer = new StreamWriter(path))\n        {\n            writer.Write(1);\n        }\n\n        var writer2 = 1;\n        foreach (var writer in new[] { 1 }) { }"),
                LibraryMethod("string path", "{\n            var writer = new StreamWriter(path);\n            await using (writer.ConfigureAwait(false))\n            {\n                writer.Write(1);\n            }\n        }\n\n        var writer2 = 1;\n        foreach (var writer in new[] { 1 }) { }"));

        [Fact]
        public Task Library_style_offers_no_fix_where_the_convention_cannot_be_kept()
        {
            // Two declarations in one block (Fix All would add two locals named _), a function that uses _ (a local named _
            // would turn the discard into an assignment), a resource that may be null (ConfiguredAsyncDisposable would throw).
            var source = LibraryMethod("string a, string b, Func<FileStream?> open",
                "[|using|] var first = File.Create(a);\n        [|using|] var second = File.Create(b);\n        _ = first.Length;\n" +
                "        [|using|] (var maybe = open()) { }");
            var test = new Verify.Test { TestCode = "#nullable enable\n" + source, FixedCode = "#nullable enable\n" + source };
            return test.RunAsync();
        }

        // ---------- counterparts that add nothing: the System.Data.Common defaults ----------

        [Fact]
        public Task SqlClient_resources_whose_DisposeAsync_is_the_base_default_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(WithProviders(@"
namespace App
{
    using Microsoft.Data.SqlClient;

    class Repository
    {
        async Task RunAsync(string cs)
        {
            using (var connection = new SqlConnection(cs))
            {
                await connection.OpenAsync();
                using var transaction = connection.BeginTransaction();
                using var command = new SqlCommand(""x"", connection, transaction);
                await command.ExecuteNonQueryAsync();
            }

            using DbConnection typedAsBase = new SqlConnection(cs);
        }
    }
}"));

        [Fact]
        public Task Providers_that_override_DisposeAsync_are_flagged()
            => Verify.VerifyAnalyzerAsync(WithProviders(@"
namespace App
{
    using Npgsql;

    class Repository
    {
        async Task RunAsync(string cs, Func<DbConnection> factory)
        {
            {|#0:using|} var connection = new NpgsqlConnection(cs);
            {|#1:using|} var transaction = new NpgsqlTransaction();
            {|#2:using|} DbConnection typedAsBase = new NpgsqlConnection(cs);
            {|#3:using|} var unknown = factory(); // an abstract DbConnection: a derived provider may override DisposeAsync
            await Task.Yield();
        }
    }
}"),
                Verify.Diagnostic("ASYNC202").WithLocation(0).WithArguments("NpgsqlConnection", "async method 'RunAsync'", "await using"),
                Verify.Diagnostic("ASYNC202").WithLocation(1).WithArguments("NpgsqlTransaction", "async method 'RunAsync'", "await using"),
                Verify.Diagnostic("ASYNC202").WithLocation(2).WithArguments("DbConnection", "async method 'RunAsync'", "await using"),
                Verify.Diagnostic("ASYNC202").WithLocation(3).WithArguments("DbConnection", "async method 'RunAsync'", "await using"));

        [Fact]
        public Task Commands_and_batches_of_an_unknown_provider_are_not_flagged_but_their_readers_are()
            => Verify.VerifyAnalyzerAsync(WithProviders(@"
namespace App
{
    abstract class AuditedCommand : DbCommand
    {
        public override async ValueTask DisposeAsync() => await Task.Yield(); // overrides it: a command that does await
    }

    class Repository
    {
        async Task RunAsync(DbConnection connection, Func<DbBatch> batches, Func<AuditedCommand> audited)
        {
            using var command = connection.CreateCommand();   // an abstract DbCommand: no provider's disposal awaits anything
            using (var batch = batches()) { }
            using var npgsql = new Npgsql.NpgsqlCommand();    // Npgsql's command inherits the default
            {|#0:using|} var reader = await command.ExecuteReaderAsync(); // a reader consumes the rest of its results
            {|#1:using|} var own = audited();
        }
    }
}"),
                Verify.Diagnostic("ASYNC202").WithLocation(0).WithArguments("DbDataReader", "async method 'RunAsync'", "await using"),
                Verify.Diagnostic("ASYNC202").WithLocation(1).WithArguments("AuditedCommand", "async method 'RunAsync'", "await using"));

        [Fact]
        public Task An_EF_Core_context_is_flagged_only_where_its_connection_may_be_open_at_dispose()
            => Verify.VerifyAnalyzerAsync(Usings + @"
namespace Microsoft.EntityFrameworkCore
{
    public class DbContext : IDisposable, IAsyncDisposable
    {
        public Infrastructure.DatabaseFacade Database => null!;
        public Task<int> SaveChangesAsync(CancellationToken cancellationToken = default) => Task.FromResult(0);
        public void Dispose() { }
        public ValueTask DisposeAsync() => default;
    }
}

namespace Microsoft.EntityFrameworkCore.Infrastructure
{
    public class DatabaseFacade
    {
        public Task<IDisposable> BeginTransactionAsync(CancellationToken cancellationToken = default) => Task.FromResult<IDisposable>(null!);
    }
}

namespace Microsoft.EntityFrameworkCore
{
    public static class RelationalDatabaseFacadeExtensions
    {
        public static DbConnection GetDbConnection(this Infrastructure.DatabaseFacade database) => null!;
    }
}

namespace Dapper
{
    public static class SqlMapper
    {
        // Opens a closed connection for the call and closes it again.
        public static Task<int> ExecuteAsync(this System.Data.IDbConnection connection, string sql) => Task.FromResult(0);
    }
}

class ShopDb : Microsoft.EntityFrameworkCore.DbContext
{
    public System.Collections.Generic.List<string> Orders { get; } = new();
}

class Repository
{
    async Task<int> CountAsync(Func<ShopDb> create)
    {
        using var db = create();                 // EF opened and closed the connection for the query: nothing left to close
        db.Orders.Add(""x"");
        return await db.SaveChangesAsync();
    }

    async Task InTransactionAsync(Func<ShopDb> create)
    {
        {|#0:using|} var db = create();          // the transaction holds the connection open until the context is disposed
        using var transaction = await db.Database.BeginTransactionAsync();
        await db.SaveChangesAsync();
    }

    async Task HandedOnAsync(Func<ShopDb> create)
    {
        {|#1:using|} (var db = create())         // another method may open its connection
        {
            await SaveAllAsync(db);
        }
    }

    static Task SaveAllAsync(ShopDb db) => db.SaveChangesAsync();

    // BTCPay Server's shape: the context's connection, used by Dapper only, which closes what it opened.
    async Task<int> ThroughDapperAsync(Func<ShopDb> create)
    {
        using var db = create();
        var connection = Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetDbConnection(db.Database);
        return await Dapper.SqlMapper.ExecuteAsync(connection, ""UPDATE orders SET seen = true"");
    }

    async Task OpenedByHandAsync(Func<ShopDb> create)
    {
        {|#2:using|} var db = create();
        var connection = Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetDbConnection(db.Database);
        await connection.OpenAsync();              // stays open until the context is disposed
        await Dapper.SqlMapper.ExecuteAsync(connection, ""UPDATE orders SET seen = true"");
    }
}",
                Verify.Diagnostic("ASYNC202").WithLocation(0).WithArguments("ShopDb", "async method 'InTransactionAsync'", "await using"),
                Verify.Diagnostic("ASYNC202").WithLocation(1).WithArguments("ShopDb", "async method 'HandedOnAsync'", "await using"),
                Verify.Diagnostic("ASYNC202").WithLocation(2).WithArguments("ShopDb", "async method 'OpenedByHandAsync'", "await using"));

        [Fact]
        public Task Dapper_grid_readers_are_judged_by_the_provider_they_read_from()
            => Verify.VerifyAnalyzerAsync(WithProviders(@"
namespace App
{
    using Dapper;

    class Repository
    {
        async Task RunAsync(string cs, DbConnection unknown)
        {
            await using var connection = new Microsoft.Data.SqlClient.SqlConnection(cs);
            using var results = await connection.QueryMultipleAsync(""x"");
            await using var npgsql = new Npgsql.NpgsqlConnection(cs);
            {|#0:using|} var fromNpgsql = await npgsql.QueryMultipleAsync(""x"");
            {|#1:using|} var fromUnknown = await unknown.QueryMultipleAsync(""x"");
        }
    }
}"),
                Verify.Diagnostic("ASYNC202").WithLocation(0).WithArguments("GridReader", "async method 'RunAsync'", "await using"),
                Verify.Diagnostic("ASYNC202").WithLocation(1).WithArguments("GridReader", "async method 'RunAsync'", "await using"));

        [Fact]
        public Task Synchronous_providers_are_not_flagged_and_the_option_extends_them()
        {
            var source = WithProviders(@"
namespace App
{
    using Microsoft.Data.Sqlite;

    class Repository
    {
        async Task RunAsync(string cs)
        {
            using var sqlite = new SqliteConnection(cs);
            using var local = new Contoso.Data.LocalConnection();
            await Task.Yield();
        }
    }
}");
            var test = new CSharpAnalyzerVerifier<AsyncLint.Rules.AwaitUsingAnalyzer>.Test { TestCode = source };
            test.Options["asynclint.synchronous_providers"] = "Contoso.Data";
            return test.RunAsync();
        }

        [Fact]
        public Task An_in_house_provider_is_flagged_without_the_option()
            => Verify.VerifyAnalyzerAsync(WithProviders(@"
namespace App
{
    class Repository
    {
        async Task RunAsync()
        {
            [|using|] var local = new Contoso.Data.LocalConnection();
            await Task.Yield();
        }
    }
}"));

        [Fact]
        public Task Streams_whose_DisposeAsync_is_Streams_default_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Method("System.Net.Sockets.TcpClient client, Stream unknown",
                "using var network = client.GetStream();\n        [|using|] var stream = unknown;"));

        [Fact]
        public Task Source_type_whose_DisposeAsync_only_forwards_to_Dispose_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
sealed class Resource : IDisposable, IAsyncDisposable
{
    public void Dispose() { }
    public ValueTask DisposeAsync() { Dispose(); return default; }
}

sealed class RealResource : IDisposable, IAsyncDisposable
{
    public void Dispose() { }
    public async ValueTask DisposeAsync() { await Task.Yield(); }
}

class C
{
    async Task RunAsync()
    {
        await Task.Yield();
        using var resource = new Resource();
        [|using|] var real = new RealResource();
    }
}");

        // ---------- resources with nothing asynchronous to do at dispose ----------

        [Theory]
        [InlineData("using var stream = File.OpenRead(path);")]
        [InlineData("using var stream = new FileInfo(path).OpenRead();")]
        [InlineData("using var stream = new FileStream(path, FileMode.Open, FileAccess.Read);")]
        [InlineData("using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous);")]
        [InlineData("using var stream = File.Open(path, FileMode.Open, FileAccess.Read);")]
        [InlineData("using var stream = new FileStream(path, new FileStreamOptions { Options = FileOptions.Asynchronous });")]
        [InlineData("using (var stream = File.OpenRead(path)) { }")]
        [InlineData("Stream stream = File.OpenRead(path); using (stream) { }")]
        [InlineData("using var unzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);")]
        [InlineData("using var inflate = new DeflateStream(File.OpenRead(path), CompressionMode.Decompress, leaveOpen: true);")]
        [InlineData("using var brotli = new BrotliStream(File.OpenRead(path), CompressionMode.Decompress);")]
        [InlineData("using var zlib = new ZLibStream(File.OpenRead(path), CompressionMode.Decompress);")]
        [InlineData("using var body = await http.GetStreamAsync(path);")]
        [InlineData("using var response = await http.GetAsync(path); using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);")]
        [InlineData("using var nothing = Stream.Null;")]
        [InlineData("using var memory = new MemoryStream(); using var json = new System.Text.Json.Utf8JsonWriter(memory);")]
        [InlineData("using var writer = new StringWriter();")]
        public Task Resources_with_nothing_to_do_at_dispose_are_not_flagged(string statements)
            => Verify.VerifyAnalyzerAsync(Method("string path, HttpClient http", statements));

        [Fact]
        public Task A_helper_named_OpenRead_opens_for_reading_but_not_one_named_OpenWrite()
            => Verify.VerifyAnalyzerAsync(Usings + @"
static class AsyncFile
{
    public static FileStream OpenRead(string path) => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous);
    public static FileStream OpenWrite(string path) => new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
}

class C
{
    async Task RunAsync(string path)
    {
        await Task.Yield();
        using (Stream input = AsyncFile.OpenRead(path)) { }
        [|using|] var output = AsyncFile.OpenWrite(path);
    }
}");

        [Theory]
        [InlineData("[|using|] var stream = File.OpenWrite(path);")]
        [InlineData("[|using|] var stream = new FileStream(path, FileMode.Open);")]
        [InlineData("[|using|] var stream = File.Open(path, FileMode.Open, FileAccess.ReadWrite);")]
        [InlineData("[|using|] var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write });")]
        [InlineData("[|using|] var zip = new GZipStream(File.Create(path), CompressionLevel.Fastest);")]
        [InlineData("[|using|] var zip = new GZipStream(File.Create(path), CompressionMode.Compress);")]
        [InlineData("var stream = File.OpenRead(path); stream = File.Create(path); [|using|] (stream) { }")]
        public Task Near_misses_that_write_are_flagged(string statements)
            => Verify.VerifyAnalyzerAsync(Method("string path", statements));

        [Fact]
        public Task Asp_net_core_request_bodies_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
namespace Microsoft.AspNetCore.Http
{
    public interface IFormFile { Stream OpenReadStream(); }
    public abstract class HttpRequest { public abstract Stream Body { get; set; } }
    public abstract class HttpResponse { public abstract Stream Body { get; set; } }
}

namespace Microsoft.AspNetCore.WebUtilities
{
    public class MultipartSection { public Stream Body { get; set; } = Stream.Null; }
}

class Controller
{
    async Task UploadAsync(Microsoft.AspNetCore.Http.IFormFile file, Microsoft.AspNetCore.Http.HttpRequest request, Microsoft.AspNetCore.WebUtilities.MultipartSection section, Microsoft.AspNetCore.Http.HttpResponse response)
    {
        await Task.Yield();
        using var upload = file.OpenReadStream();
        using (request.Body) { }
        using (section.Body) { }
        [|using|] (response.Body) { }
    }
}");

        [Fact]
        public Task Zip_archives_in_read_mode_are_not_flagged_but_create_and_update_are()
        {
            // ZipArchive is IAsyncDisposable from .NET 10 on.
            var source = Method("string path, Stream input, CancellationToken ct", @"using var read = new ZipArchive(input);
        using var readExplicit = new ZipArchive(input, ZipArchiveMode.Read, leaveOpen: true);
        using var opened = ZipFile.OpenRead(path);
        using var openedAsync = await ZipFile.OpenReadAsync(path, ct);
        using var entry = opened.GetEntry(""a"")!.Open();
        using var entryAsync = await opened.GetEntry(""a"")!.OpenAsync(ct);
        {|#0:using|} var created = new ZipArchive(input, ZipArchiveMode.Create);
        {|#1:using|} var updated = ZipFile.Open(path, ZipArchiveMode.Update);");
            var test = new Verify.Test
            {
                TestCode = source,
                FixedCode = source.Replace("{|#0:using|}", "await using").Replace("{|#1:using|}", "await using"),
                ReferenceAssemblies = TestDefaults.Net100,
            };
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("ASYNC202").WithLocation(0).WithArguments("ZipArchive", "async method 'RunAsync'", "await using"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("ASYNC202").WithLocation(1).WithArguments("ZipArchive", "async method 'RunAsync'", "await using"));
            return test.RunAsync();
        }

        // ---------- other exclusions ----------

        [Fact]
        public Task Not_flagged_in_target_framework_specific_code()
            => Verify.VerifyAnalyzerAsync(Method("string path", @"#if NETSTANDARD2_0
        using var forOldTargets = File.Create(path);
#else
        using var forNewTargets = File.Create(path);
#endif
#if !NET8_0_OR_GREATER
        using var notForNet8 = File.Create(path);
#endif
#if !DEBUG
        [|using|] var notTargetSpecific = File.Create(path);
#endif"));

        [Fact]
        public Task Not_flagged_when_already_await_using_or_only_IDisposable()
            => Verify.VerifyAnalyzerAsync(Method("string path, IDisposable disposable", "await using var stream = File.Create(path);\n        using (disposable) { }\n        using var cts = new CancellationTokenSource();"));

        [Fact]
        public Task Not_flagged_for_registrations_and_timers()
            => Verify.VerifyAnalyzerAsync(Method("CancellationToken ct", "using var registration = ct.Register(() => { });\n        using var timer = new Timer(_ => { });"));

        [Fact]
        public Task Not_flagged_in_synchronous_code_or_sync_lambda()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    void Run(string path)
    {
        using var stream = File.Create(path);
    }

    async Task RunAsync(string path)
    {
        await Task.Yield();
        Action write = () => { using var stream = File.Create(path); };
    }
}");

        [Fact]
        public Task Not_flagged_inside_lock()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    private readonly object gate = new object();

    async Task RunAsync(string path)
    {
        await Task.Yield();
        lock (gate)
        {
            using var stream = File.Create(path);
        }
    }
}");

        [Fact]
        public Task Not_flagged_for_manifest_resources_or_dual_mode_code()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C
{
    async Task RunAsync(string path, bool async)
    {
        await Task.Yield();
        using var stream = File.Create(path);
    }

    async Task LoadAsync()
    {
        await Task.Yield();
        using var resource = typeof(C).Assembly.GetManifestResourceStream(""x"");
    }
}");

        [Fact]
        public Task Broken_code_does_not_crash()
        {
            var test = new Verify.Test
            {
                TestCode = Method("", "using var x = {|CS0103:Missing|}();\n        using ({|CS0103:nothing|}) { }\n        using var y = new {|CS0246:Unknown|}();"),
            };
            test.CompilerDiagnostics = CompilerDiagnostics.Errors;
            return test.RunAsync();
        }
    }
}
