namespace AsyncLint.Samples;

/// <summary>ASYNC302: async lambdas that become async void because the API takes an Action.</summary>
public class OrderImporter
{
    private readonly HttpClient _http = new();

    public async Task ImportAsync(List<string> orderIds, CancellationToken cancellationToken)
    {
        orderIds.ForEach(async id => await _http.GetStringAsync(id)); // ASYNC302: returns before any download finished
        Parallel.ForEach(orderIds, async id => await _http.GetStringAsync(id)); // ASYNC302: use Parallel.ForEachAsync
        await Task.Yield();
    }

    public void Wire(FileSystemWatcher watcher)
    {
        watcher.Changed += async (sender, e) => await Task.Delay(10); // not flagged: an event subscription
    }
}
