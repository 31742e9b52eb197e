namespace AsyncLint.Samples;

/// <summary>ASYNC305: a null task returned where callers will await it.</summary>
public class OrderStore
{
    private readonly Stream? _journal;

    public OrderStore(Stream? journal) => _journal = journal;

    public Task SaveAsync(string order)
    {
        if (order.Length == 0)
            return null; // ASYNC305: 'await SaveAsync("")' throws NullReferenceException
        return Task.Delay(1);
    }

    public Task FlushAsync() => _journal?.FlushAsync(); // ASYNC305: null when there is no journal

    public async Task<string> FindAsync(int id)
    {
        await Task.Yield();
        return null; // not flagged: an async method wraps null in a completed task
    }
}
