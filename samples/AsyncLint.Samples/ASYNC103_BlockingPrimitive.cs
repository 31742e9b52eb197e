namespace AsyncLint.Samples;

/// <summary>ASYNC103: thread-blocking synchronization primitives and thread-affine locks in async code.</summary>
public class InventoryCache
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly object _sync = new();
    private readonly Dictionary<string, int> _stock = new();

    public async Task<int> GetAsync(string sku, CancellationToken cancellationToken)
    {
        _gate.Wait(); // ASYNC103: use await _gate.WaitAsync(cancellationToken)
        try
        {
            await Task.Delay(10, cancellationToken);
            return _stock.TryGetValue(sku, out var count) ? count : 0;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task RefreshAsync()
    {
        Monitor.Enter(_sync); // ASYNC103: the lock is still held at the await; Exit will run on another thread
        try
        {
            await Task.Delay(10);
            _stock.Clear();
        }
        finally
        {
            Monitor.Exit(_sync);
        }
    }

    public async Task<bool> TryPeekAsync()
    {
        await Task.Yield();
        return _gate.Wait(0); // not flagged: a zero-timeout poll returns at once
    }
}
