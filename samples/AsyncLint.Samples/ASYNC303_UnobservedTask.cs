namespace AsyncLint.Samples;

/// <summary>ASYNC303: tasks started and dropped where the compiler's CS4014 says nothing.</summary>
public class Poller
{
    private readonly HttpClient _http = new();

    public void Start()
    {
        Task.Run(PollAsync); // ASYNC303: an exception in PollAsync is never seen
    }

    public Task<string> RefreshAsync(Cache? cache)
    {
        cache?.ClearAsync(); // ASYNC303: conditional calls escape CS4014 even in async code
        return _http.GetStringAsync("https://example.invalid/");
    }

    public void StartExplicitly()
    {
        _ = Task.Run(PollAsync); // not flagged: fire-and-forget made explicit
    }

    private async Task PollAsync() => await Task.Delay(1000);
}

public class Cache
{
    private readonly Dictionary<string, string> _entries = new();

    public async Task ClearAsync()
    {
        await Task.Delay(10);
        _entries.Clear();
    }
}
