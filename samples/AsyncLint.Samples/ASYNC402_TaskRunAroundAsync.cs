namespace AsyncLint.Samples;

/// <summary>ASYNC402: Task.Run around a call that already returns a task.</summary>
public class CatalogClient
{
    private readonly HttpClient _http = new();

    public async Task<string> GetProductAsync(int id)
    {
        // The download is already asynchronous; Task.Run only adds a thread-pool hop.
        return await Task.Run(() => _http.GetStringAsync($"https://example.invalid/products/{id}")); // ASYNC402
    }

    public Task RefreshAsync() => Task.Run(async () => await ReloadAsync()); // ASYNC402: return ReloadAsync()

    public async Task<string> NotFlaggedAsync(int[] ids)
    {
        // Render is CPU-bound work done before the request: offloading it is legitimate.
        return await Task.Run(() => _http.GetStringAsync(Render(ids)));
    }

    private static string Render(int[] ids) => "https://example.invalid/products?ids=" + string.Join(",", ids);

    private Task ReloadAsync() => Task.Delay(10);
}
