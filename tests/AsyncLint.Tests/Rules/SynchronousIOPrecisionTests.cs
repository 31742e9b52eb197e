using System.Threading.Tasks;
using AsyncLint.Tests.Verifiers;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncLint.Tests.Verifiers.CSharpCodeFixVerifier<AsyncLint.Rules.SynchronousIOAnalyzer, AsyncLint.CodeFixes.Rules.SynchronousIOCodeFixProvider>;

namespace AsyncLint.Tests.Rules
{
    /// <summary>
    /// ASYNC201 on real-code shapes (issue 13): counterparts that add nothing for the receiver at hand, messages and fixes
    /// that must keep what the code says (a null test, a target-framework region), and counterpart shapes found late
    /// (a same-name overload that adds a token, an extension twin, an <c>in</c> argument).
    /// </summary>
    public class SynchronousIOPrecisionTests
    {
        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Data.Common;\nusing System.IO;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private static string Method(string parameters, string body) => Usings + @"
class C
{
    async Task RunAsync(" + parameters + @")
    {
        await Task.Yield();
        " + body + @"
    }
}";

        private static string WithProviders(string code) => DataProviderStubs.Usings + "using System.Linq;\n" + DataProviderStubs.SqlClient + DataProviderStubs.Npgsql + DataProviderStubs.Sqlite + DataProviderStubs.InHouse + code;

        // ---------- System.Data.Common defaults: SqlClient inherits CommitAsync, RollbackAsync, CloseAsync, DisposeAsync ----------

        [Fact]
        public Task SqlClient_members_whose_async_form_is_the_base_default_are_not_flagged()
            => Verify.VerifyAnalyzerAsync(WithProviders(@"
namespace App
{
    using Microsoft.Data.SqlClient;

    class Repository
    {
        async Task RunAsync(string cs, DbConnection dbConnection, DbTransaction dbTransaction, CancellationToken ct)
        {
            var connection = new SqlConnection(cs);
            connection.[|Open|]();
            var transaction = connection.BeginTransaction();
            var command = new SqlCommand(""x"", connection, transaction);
            command.[|ExecuteNonQuery|]();
            transaction.Commit();
            transaction.Rollback();
            connection.Close();
            connection.Dispose();
            var cast = (SqlConnection)dbConnection;
            cast.Close();
            ((SqlTransaction)dbTransaction).Commit();
            await Task.Yield();
        }
    }
}"));

        [Fact]
        public Task Providers_that_override_the_async_member_and_abstract_receivers_are_flagged()
            => Verify.VerifyAnalyzerAsync(WithProviders(@"
namespace App
{
    using Npgsql;

    class Repository
    {
        async Task RunAsync(string cs, DbConnection connection, DbTransaction transaction)
        {
            var npgsql = new NpgsqlConnection(cs);
            npgsql.{|#0:Close|}();
            var npgsqlTransaction = new NpgsqlTransaction();
            npgsqlTransaction.{|#1:Commit|}();
            connection.{|#2:Close|}(); // a DbConnection: a derived provider may override CloseAsync
            transaction.{|#3:Commit|}();
            await Task.Yield();
        }
    }
}"),
                Verify.Diagnostic("ASYNC201").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("npgsql.Close", "async method 'RunAsync'", "await npgsql.CloseAsync(...)"),
                Verify.Diagnostic("ASYNC201").WithLocation(1).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("npgsqlTransaction.Commit", "async method 'RunAsync'", "await npgsqlTransaction.CommitAsync(...)"),
                Verify.Diagnostic("ASYNC201").WithLocation(2).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("connection.Close", "async method 'RunAsync'", "await connection.CloseAsync(...)"),
                Verify.Diagnostic("ASYNC201").WithLocation(3).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("transaction.Commit", "async method 'RunAsync'", "await transaction.CommitAsync(...)"));

        [Fact]
        public Task Column_reads_are_flagged_only_on_a_reader_executed_for_sequential_access()
            => Verify.VerifyAnalyzerAsync(WithProviders(@"
namespace App
{
    class Repository
    {
        async Task RunAsync(DbCommand command, DbDataReader passedIn, CommandBehavior behavior, CancellationToken ct)
        {
            using var buffered = await command.ExecuteReaderAsync(ct);
            while (await buffered.ReadAsync(ct))
            {
                var name = buffered.IsDBNull(0) ? null : buffered.GetString(0); // the row is buffered: no I/O
                var id = buffered.GetFieldValue<int>(1);
            }

            using var single = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, ct);
            _ = single.IsDBNull(0);
            _ = passedIn.GetFieldValue<int>(0); // a reader of unknown mode: most are buffered

            using var sequential = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess | CommandBehavior.SingleRow, ct);
            _ = sequential.{|#0:IsDBNull|}(0);
            _ = sequential.{|#1:GetFieldValue|}<byte[]>(1);
            using var unknownMode = await command.ExecuteReaderAsync(behavior, ct);
            _ = unknownMode.{|#2:IsDBNull|}(0);
        }
    }
}"),
                Verify.Diagnostic("ASYNC201").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("sequential.IsDBNull", "async method 'RunAsync'", "await sequential.IsDBNullAsync(...)"),
                Verify.Diagnostic("ASYNC201").WithLocation(1).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("sequential.GetFieldValue<byte[]>", "async method 'RunAsync'", "await sequential.GetFieldValueAsync<byte[]>(...)"),
                Verify.Diagnostic("ASYNC201").WithLocation(2).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("unknownMode.IsDBNull", "async method 'RunAsync'", "await unknownMode.IsDBNullAsync(...)"));

        [Fact]
        public Task Disposing_a_command_of_an_unknown_provider_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(WithProviders(@"
namespace App
{
    class Repository
    {
        async Task RunAsync(DbConnection connection, DbDataReader reader)
        {
            var command = connection.CreateCommand();
            await command.ExecuteNonQueryAsync();
            command.Dispose(); // no provider's command awaits anything at disposal
            reader.{|#0:Dispose|}();    // a reader consumes the rest of its results: Npgsql's DisposeAsync does so asynchronously
        }
    }
}"),
                Verify.Diagnostic("ASYNC201").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("reader.Dispose", "async method 'RunAsync'", "await reader.DisposeAsync(...)"));

        [Fact]
        public Task Synchronous_providers_are_not_flagged_and_the_option_extends_them()
        {
            var source = WithProviders(@"
namespace App
{
    using Microsoft.Data.Sqlite;

    class Repository
    {
        async Task RunAsync(SqliteConnection sqlite, SqliteCommand command, Contoso.Data.LocalConnection local)
        {
            sqlite.Open();
            var reader = command.ExecuteReader();
            local.Open();
            await Task.Yield();
        }
    }
}");
            var test = new CSharpAnalyzerVerifier<AsyncLint.Rules.SynchronousIOAnalyzer>.Test { TestCode = source };
            test.Options["asynclint.synchronous_providers"] = "Contoso.Data.LocalConnection";
            return test.RunAsync();
        }

        [Fact]
        public Task An_in_house_provider_is_flagged_without_the_option()
            => Verify.VerifyAnalyzerAsync(WithProviders(@"
namespace App
{
    class Repository
    {
        async Task RunAsync(Contoso.Data.LocalConnection local)
        {
            local.[|Open|]();
            await Task.Yield();
        }
    }
}"));

        // ---------- disposal with nothing to do ----------

        [Fact]
        public Task Dispose_of_a_read_only_file_is_not_flagged_but_of_a_written_one_is()
            => Verify.VerifyAnalyzerAsync(Method("string path",
                "var read = File.OpenRead(path);\n        read.Dispose();\n        var written = File.Create(path);\n        written.[|Dispose|]();\n        System.Net.Sockets.NetworkStream? network = null;\n        network?.Dispose();"));

        [Fact]
        public Task Dispose_of_a_local_that_holds_null_or_a_read_only_file_is_not_flagged_but_one_that_may_be_written_is()
            => Verify.VerifyAnalyzerAsync(Method("string path, bool exists",
                "Stream? read = null;\n        if (exists) { read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite); }\n        read?.Dispose();\n" +
                "        Stream? either = null;\n        either = exists ? File.OpenRead(path) : null;\n        either = File.Create(path);\n        either.[|Dispose|]();"));

        // ---------- the null test of a conditional access ----------

        [Fact]
        public Task Conditional_Dispose_is_rendered_as_written_and_the_fix_keeps_the_null_test()
            => Verify.VerifyCodeFixAsync(
                Method("string path", "Stream? stream = path.Length > 0 ? File.Create(path) : null;\n        stream?.{|#0:Dispose|}();"),
                Verify.Diagnostic("ASYNC201").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                    .WithArguments("stream?.Dispose", "async method 'RunAsync'", "if (stream is not null) await stream.DisposeAsync(...)"),
                Method("string path", "Stream? stream = path.Length > 0 ? File.Create(path) : null;\n        if (stream is not null)\n        {\n            await stream.DisposeAsync();\n        }"));

        [Fact]
        public Task Conditional_call_on_a_field_or_used_as_a_value_is_flagged_without_fix()
        {
            var source = Usings + @"
class C
{
    private Stream? stream;

    async Task<string?> RunAsync(StreamReader? reader)
    {
        await Task.Yield();
        stream?.{|#0:Flush|}();
        return reader?.{|#1:ReadLine|}();
    }
}";
            var test = new Verify.Test { TestCode = source, FixedCode = source };
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("ASYNC201").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("stream?.Flush", "async method 'RunAsync'", "if (stream is not null) await stream.FlushAsync(...)"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("ASYNC201").WithLocation(1).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("reader?.ReadLine", "async method 'RunAsync'", "if (reader is not null) await reader.ReadLineAsync(...)"));
            return test.RunAsync();
        }

        // ---------- the two ends of an in-memory Pipe ----------

        [Fact]
        public Task Completing_an_end_of_an_in_memory_pipe_is_not_flagged_but_a_stream_pipe_writer_is()
        {
            var source = Usings + @"using System.IO.Pipelines;
class C
{
    async Task RunAsync(Stream target)
    {
        await Task.Yield();
        var pipe = new Pipe();
        pipe.Writer.Complete();
        var reader = pipe.Reader;
        reader.Complete();
        var streamWriter = PipeWriter.Create(target);
        streamWriter.{|#0:Complete|}(); // flushes what is buffered into the stream, synchronously
    }
}";
            // System.IO.Pipelines: in Microsoft.NETCore.App.Ref 10 (on .NET 8 only in ASP.NET Core's pack).
            var test = new CSharpAnalyzerVerifier<AsyncLint.Rules.SynchronousIOAnalyzer>.Test { TestCode = source, ReferenceAssemblies = TestDefaults.Net100 };
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("ASYNC201").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("streamWriter.Complete", "async method 'RunAsync'", "await streamWriter.CompleteAsync(...)"));
            return test.RunAsync();
        }

        // ---------- messages ----------

        [Fact]
        public Task ValueTask_returning_method_is_named_as_such()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class C : IAsyncDisposable
{
    private readonly Stream target = Stream.Null;

    public ValueTask DisposeAsync()
    {
        target.{|#0:Flush|}();
        return default;
    }
}", Verify.Diagnostic("ASYNC201").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("target.Flush", "ValueTask-returning method 'DisposeAsync'", "await target.FlushAsync(...)"));

        // ---------- code that already tested the receiver for the counterpart's type ----------

        [Fact]
        public Task Fallback_after_a_failed_type_test_is_not_flagged()
            => Verify.VerifyAnalyzerAsync(Usings + @"
class Writer
{
    public Writer(Stream target, Stream other) { Target = target; Other = other; }

    protected Stream Target { get; }

    protected Stream Other { get; }

    public ValueTask DisposeAsync()
    {
        if (Target is IAsyncDisposable asyncDisposable)
        {
            return asyncDisposable.DisposeAsync();
        }

        Target.Dispose();
        return default;
    }

    public async Task CloseAsync()
    {
        await Task.Yield();
        if (Target is not IAsyncDisposable)
        {
            Target.Dispose();
        }
        else
        {
            Target.[|Dispose|]();
        }

        if (Other is IAsyncDisposable)
        {
            return;
        }

        Target.[|Flush|]();
    }
}");

        // ---------- EF-style operators on a queryable that may be in memory ----------

        private const string QueryableExtensions = @"
namespace Microsoft.EntityFrameworkCore
{
    public abstract class DbSet<TEntity> : IQueryable<TEntity> where TEntity : class
    {
        public Type ElementType => typeof(TEntity);
        public System.Linq.Expressions.Expression Expression => null!;
        public IQueryProvider Provider => null!;
        public IEnumerator<TEntity> GetEnumerator() => null!;
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => null!;
    }

    public static class EntityFrameworkQueryableExtensions
    {
        public static Task<TSource[]> ToArrayAsync<TSource>(this IQueryable<TSource> source, CancellationToken cancellationToken = default) => throw null!;
        public static Task<int> CountAsync<TSource>(this IQueryable<TSource> source, CancellationToken cancellationToken = default) => throw null!;
    }
}

class Segment { public int Id { get; set; } }
";

        [Fact]
        public Task Async_operators_are_not_offered_on_an_in_memory_queryable()
            => Verify.VerifyAnalyzerAsync(Usings + "using Microsoft.EntityFrameworkCore;\n" + QueryableExtensions + @"
class C
{
    async Task RunAsync(DbSet<Segment> segments, List<Segment> list, bool force, CancellationToken ct)
    {
        await Task.Yield();
        var inMemory = list.AsQueryable().Where(s => s.Id > 0).ToArray();
        IQueryable<Segment> existing;
        if (force)
        {
            existing = Array.Empty<Segment>().AsQueryable();
        }
        else
        {
            existing = segments.Where(s => s.Id > 0);
        }

        var mixed = existing.Select(s => s).ToArray();
        var fromDb = segments.Where(s => s.Id > 0).[|Count|]();
        var throughAsQueryable = segments.AsQueryable().[|ToArray|]();
        var maybe = (force ? list.AsQueryable() : segments).Count();
    }
}");

        // ---------- target-framework #if ----------

        [Fact]
        public Task Not_flagged_in_target_framework_specific_code()
            => Verify.VerifyAnalyzerAsync(Method("Stream stream", @"#if NETSTANDARD2_0
        stream.Flush();
#else
        stream.Flush();
#endif
#if !NETFRAMEWORK
        stream.Flush();
#endif
#if !NET8_0_OR_GREATER
        stream.Flush();
#endif
#if !DEBUG
        stream.[|Flush|]();
#endif"));

        // ---------- counterpart shapes ----------

        private const string Api = @"
readonly struct Big { public readonly long A, B, C, D; }

class Api
{
    public void Save(int id) { }
    public Task Save(int id, CancellationToken cancellationToken) => Task.CompletedTask;
    public int Load() => 0;
    public int Compute(in Big big) => 0;
    public Task<int> ComputeAsync(Big big) => Task.FromResult(0);
}

static class ApiExtensions
{
    public static Task<int> LoadAsync(this Api api, CancellationToken cancellationToken = default) => Task.FromResult(1);
}
";

        [Fact]
        public Task Same_name_overload_that_adds_a_token_gets_the_token_in_scope()
            => Verify.VerifyCodeFixAsync(
                Method("Api api, CancellationToken ct", "api.[|Save|](1);") + Api,
                Method("Api api, CancellationToken ct", "await api.Save(1, ct);") + Api);

        [Fact]
        public Task Same_name_overload_that_adds_a_token_gets_None_without_one_in_scope()
            => Verify.VerifyCodeFixAsync(
                Method("Api api", "api.{|#0:Save|}(1);") + Api,
                Verify.Diagnostic("ASYNC201").WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                    .WithArguments("api.Save", "async method 'RunAsync'", "await api.Save(...)"),
                Method("Api api", "await api.Save(1, CancellationToken.None);") + Api);

        [Fact]
        public Task Extension_twin_of_an_instance_method_is_found()
            => Verify.VerifyCodeFixAsync(
                Method("Api api, CancellationToken ct", "var value = api.[|Load|]();") + Api,
                Method("Api api, CancellationToken ct", "var value = await api.LoadAsync(ct);") + Api);

        [Fact]
        public Task In_argument_binds_to_the_by_value_counterpart()
            => Verify.VerifyCodeFixAsync(
                Method("Api api, Big big", "var value = api.[|Compute|](in big);") + Api,
                Method("Api api, Big big", "var value = await api.ComputeAsync(big);") + Api);
    }
}
