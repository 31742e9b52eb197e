using System.Data.Common;

namespace AsyncLint.Samples;

/// <summary>ASYNC201: synchronous I/O in async code where an awaitable counterpart exists.</summary>
public class ReportExporter
{
    public async Task<int> ExportAsync(string path, DbConnection connection, CancellationToken cancellationToken)
    {
        var header = File.ReadAllText(path); // ASYNC201: await File.ReadAllTextAsync(path, cancellationToken)
        await using var command = connection.CreateCommand();
        command.CommandText = "select name from reports";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var count = 0;
        while (reader.Read()) // ASYNC201: await reader.ReadAsync(cancellationToken)
        {
            count++;
        }

        foreach (var line in File.ReadLines(path)) // ASYNC201: await foreach over File.ReadLinesAsync(path, cancellationToken)
        {
            count += line.Length;
        }

        return count + header.Length;
    }

    public async Task<string> NotFlaggedAsync(byte[] payload)
    {
        await Task.Yield();
        using var memory = new MemoryStream(payload);
        using var reader = new StreamReader(memory);
        return reader.ReadToEnd(); // in memory: the async form would only add overhead
    }
}
