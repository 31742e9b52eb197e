namespace AsyncLint.Samples;

/// <summary>ASYNC403: Task.Factory.StartNew / ContinueWith with an async delegate, observed only through the outer task.</summary>
public class BatchRunner
{
    public async Task ProcessAllAsync(IEnumerable<int> batches)
    {
        var workers = new List<Task>();
        foreach (var batch in batches)
        {
            // The outer task completes at the first await; WhenAll below does not wait for the work.
            workers.Add(Task.Factory.StartNew(async () => await ProcessAsync(batch))); // ASYNC403
        }

        await Task.WhenAll(workers);
    }

    public Task SaveAfter(Task<int> load)
        => load.ContinueWith(async t => await SaveAsync(t.Result)); // ASYNC403: append .Unwrap()

    public async Task NotFlaggedAsync(int batch)
    {
        await await Task.Factory.StartNew(async () => await ProcessAsync(batch)); // the inner task is awaited too
    }

    private static Task ProcessAsync(int batch) => Task.Delay(batch);

    private static Task SaveAsync(int value) => Task.Delay(value);
}
