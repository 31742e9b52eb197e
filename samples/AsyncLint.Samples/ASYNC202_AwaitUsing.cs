using System.Text.Json;

namespace AsyncLint.Samples;

/// <summary>ASYNC202: using on an IAsyncDisposable in async code.</summary>
public class ProfileStore
{
    public async Task SaveAsync(string path, Dictionary<string, string> settings, CancellationToken cancellationToken)
    {
        using var stream = File.Create(path); // ASYNC202: await using flushes and closes without blocking
        await JsonSerializer.SerializeAsync(stream, settings, cancellationToken: cancellationToken);
    }

    public async Task<byte[]> NotFlaggedAsync(Dictionary<string, string> settings)
    {
        using var memory = new MemoryStream(); // in memory: Dispose does no I/O
        await JsonSerializer.SerializeAsync(memory, settings);
        return memory.ToArray();
    }
}
