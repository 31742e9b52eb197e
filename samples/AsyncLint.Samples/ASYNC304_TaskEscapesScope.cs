namespace AsyncLint.Samples;

/// <summary>ASYNC304: a task returned out of the using/try that it depends on.</summary>
public class ReportWriter
{
    public Task WriteAsync(string path, string text)
    {
        using (var writer = new StreamWriter(path)) // ASYNC202: the writer flushes to the file when disposed
        {
            return writer.WriteAsync(text); // ASYNC304: the writer is disposed while the write is still running
        }
    }

    public Task<string> ReadAsync(HttpClient client, string url)
    {
        try
        {
            return client.GetStringAsync(url); // ASYNC304: the catch never sees the download's failure
        }
        catch (HttpRequestException)
        {
            return Task.FromResult(string.Empty);
        }
    }

    public async Task<string> ReadAwaitedAsync(string path)
    {
        using var reader = new StreamReader(path);
        return await reader.ReadToEndAsync(); // not flagged: awaited inside the scope
    }
}
