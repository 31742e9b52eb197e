namespace AsyncLint.Tests.Rules
{
    /// <summary>
    /// Small stand-ins for ADO.NET providers, with the overrides the real ones have (read from their reference assemblies,
    /// Microsoft.Data.SqlClient 7.1, Npgsql 8, Microsoft.Data.Sqlite 8): SqlClient overrides <c>Open(Async)</c>,
    /// <c>ExecuteNonQueryAsync</c>, <c>ExecuteScalarAsync</c>, <c>ExecuteDbDataReaderAsync</c>, <c>ReadAsync</c> but inherits
    /// System.Data.Common's <c>DisposeAsync</c>, <c>CloseAsync</c>, <c>BeginDbTransactionAsync</c>, <c>CommitAsync</c> and
    /// <c>RollbackAsync</c>, which run the synchronous member; Npgsql overrides those too (but not a command's
    /// <c>DisposeAsync</c>: its <c>Dispose(bool)</c> only caches the command); Microsoft.Data.Sqlite
    /// declares <c>ExecuteReaderAsync</c> but documents its async API as synchronous.
    /// </summary>
    internal static class DataProviderStubs
    {
        public const string Usings = "using System;\nusing System.Data;\nusing System.Data.Common;\nusing System.IO;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private const string ConnectionBody = @"
        [System.Diagnostics.CodeAnalysis.AllowNull] public override string ConnectionString { get; set; } = """";
        public override string Database => """";
        public override string DataSource => """";
        public override string ServerVersion => """";
        public override ConnectionState State => ConnectionState.Closed;
        public override void ChangeDatabase(string databaseName) { }
        public override void Close() { }
        public override void Open() { }
        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => throw null!;
        protected override DbCommand CreateDbCommand() => throw null!;";

        private const string CommandBody = @"
        [System.Diagnostics.CodeAnalysis.AllowNull] public override string CommandText { get; set; } = """";
        public override int CommandTimeout { get; set; }
        public override CommandType CommandType { get; set; }
        public override bool DesignTimeVisible { get; set; }
        public override UpdateRowSource UpdatedRowSource { get; set; }
        protected override DbConnection? DbConnection { get; set; }
        protected override DbParameterCollection DbParameterCollection => throw null!;
        protected override DbTransaction? DbTransaction { get; set; }
        public override void Cancel() { }
        protected override DbParameter CreateDbParameter() => throw null!;
        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => throw null!;
        public override int ExecuteNonQuery() => 0;
        public override object? ExecuteScalar() => null;
        public override void Prepare() { }";

        private const string TransactionBody = @"
        protected override DbConnection? DbConnection => null;
        public override IsolationLevel IsolationLevel => IsolationLevel.ReadCommitted;
        public override void Commit() { }
        public override void Rollback() { }";

        private const string ReaderBody = @"
        public override int Depth => 0;
        public override int FieldCount => 0;
        public override bool HasRows => false;
        public override bool IsClosed => true;
        public override int RecordsAffected => 0;
        public override object this[int ordinal] => throw null!;
        public override object this[string name] => throw null!;
        public override bool GetBoolean(int ordinal) => false;
        public override byte GetByte(int ordinal) => 0;
        public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => 0;
        public override char GetChar(int ordinal) => ' ';
        public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => 0;
        public override string GetDataTypeName(int ordinal) => """";
        public override DateTime GetDateTime(int ordinal) => default;
        public override decimal GetDecimal(int ordinal) => 0;
        public override double GetDouble(int ordinal) => 0;
        public override System.Collections.IEnumerator GetEnumerator() => throw null!;
        public override Type GetFieldType(int ordinal) => typeof(object);
        public override float GetFloat(int ordinal) => 0;
        public override Guid GetGuid(int ordinal) => default;
        public override short GetInt16(int ordinal) => 0;
        public override int GetInt32(int ordinal) => 0;
        public override long GetInt64(int ordinal) => 0;
        public override string GetName(int ordinal) => """";
        public override int GetOrdinal(string name) => 0;
        public override string GetString(int ordinal) => """";
        public override object GetValue(int ordinal) => throw null!;
        public override int GetValues(object[] values) => 0;
        public override bool IsDBNull(int ordinal) => false;
        public override bool NextResult() => false;
        public override bool Read() => false;";

        public const string SqlClient = @"
namespace Microsoft.Data.SqlClient
{
    public sealed class SqlConnection : DbConnection
    {
        public SqlConnection(string connectionString) { }" + ConnectionBody + @"
        public override Task OpenAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public new SqlTransaction BeginTransaction() => new SqlTransaction();
        public new SqlCommand CreateCommand() => new SqlCommand("""", this);
    }

    public sealed class SqlCommand : DbCommand
    {
        public SqlCommand(string text, SqlConnection connection, SqlTransaction? transaction = null) { }" + CommandBody + @"
        public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => Task.FromResult(0);
        public new SqlDataReader ExecuteReader() => new SqlDataReader();
    }

    public sealed class SqlTransaction : DbTransaction
    {" + TransactionBody + @"
    }

    public class SqlDataReader : DbDataReader
    {" + ReaderBody + @"
        public override Task<bool> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
";

        public const string Npgsql = @"
namespace Npgsql
{
    public sealed class NpgsqlConnection : DbConnection
    {
        public NpgsqlConnection(string connectionString) { }" + ConnectionBody + @"
        public override Task OpenAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override Task CloseAsync() => Task.CompletedTask;
        public override ValueTask DisposeAsync() => default;
        public new NpgsqlCommand CreateCommand() => new NpgsqlCommand();
    }

    public sealed class NpgsqlCommand : DbCommand
    {" + CommandBody + @"
        protected override void Dispose(bool disposing) { } // returns the command to its connection's cache; DisposeAsync is the default
        public new NpgsqlDataReader ExecuteReader() => new NpgsqlDataReader();
    }

    public sealed class NpgsqlDataReader : DbDataReader
    {" + ReaderBody + @"
        public override ValueTask DisposeAsync() => default; // consumes the rest of the results asynchronously
    }

    public sealed class NpgsqlTransaction : DbTransaction
    {" + TransactionBody + @"
        public override Task CommitAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
        public override Task RollbackAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
        public override ValueTask DisposeAsync() => default;
    }
}
";

        public const string Sqlite = @"
namespace Microsoft.Data.Sqlite
{
    public class SqliteConnection : DbConnection
    {
        public SqliteConnection(string connectionString) { }" + ConnectionBody + @"
        public override Task OpenAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override ValueTask DisposeAsync() => default;
    }

    public class SqliteCommand : DbCommand
    {" + CommandBody + @"
        public new SqliteDataReader ExecuteReader() => throw null!;
        public new Task<SqliteDataReader> ExecuteReaderAsync(CancellationToken cancellationToken = default) => throw null!;
    }

    public abstract class SqliteDataReader : DbDataReader
    {
    }
}
";

        /// <summary>Dapper's GridReader: its DisposeAsync awaits the provider reader's and command's DisposeAsync.</summary>
        public const string Dapper = @"
namespace Dapper
{
    public static class SqlMapper
    {
        public static Task<GridReader> QueryMultipleAsync(this IDbConnection cnn, string sql) => Task.FromResult(new GridReader());

        public class GridReader : IDisposable, IAsyncDisposable
        {
            public void Dispose() { }
            public async ValueTask DisposeAsync() { await Task.Yield(); }
        }
    }
}
";

        /// <summary>A provider of the user's own, synchronous underneath (named in <c>asynclint.synchronous_providers</c>).</summary>
        public const string InHouse = @"
namespace Contoso.Data
{
    public sealed class LocalConnection : DbConnection
    {" + ConnectionBody + @"
        public override Task OpenAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override ValueTask DisposeAsync() => default;
    }
}
";
    }
}
