namespace AsyncLint.Samples;

/// <summary>ASYNC404: async functions with no await run synchronously on the caller's thread.</summary>
public class ReportBuilder
{
    public async Task<int> CountLinesAsync(string path) // ASYNC404: File.ReadAllLines runs on the caller's thread
    {
        var lines = File.ReadAllLines(path); // ASYNC201: and a synchronous read where ReadAllLinesAsync exists
        return lines.Length;
    }

    public void Register(List<Func<string, Task>> handlers)
    {
        handlers.Add(async message => Console.WriteLine(message)); // ASYNC404 on the lambda
    }

    public async Task<int> NotFlaggedAsync(string path)
    {
        var lines = await File.ReadAllLinesAsync(path); // really asynchronous
        return lines.Length;
    }
}
