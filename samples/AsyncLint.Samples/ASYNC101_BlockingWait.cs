namespace AsyncLint.Samples;

/// <summary>ASYNC101: blocking on a task inside async code.</summary>
public class OrderService
{
    private readonly HttpClient _http = new();

    public async Task<string> GetOrderAsync(int id)
    {
        var response = _http.GetStringAsync($"https://example.invalid/orders/{id}");
        await Task.Yield();
        return response.Result; // ASYNC101: blocks a thread until the download finishes
    }

    public async Task SaveAllAsync(Task first, Task second)
    {
        await Task.Yield();
        Task.WaitAll(first, second); // ASYNC101: use await Task.WhenAll(first, second)
    }

    public Task<int> CountAsync(Task<int[]> pending)
    {
        var items = pending.GetAwaiter().GetResult(); // ASYNC101 in a Task-returning method
        return Task.FromResult(items.Length);
    }

    public async Task<int> NotFlaggedAsync(Task<int> pending)
    {
        await pending;
        return pending.Result; // completed: awaited just above, so reading Result cannot block
    }
}
