namespace AsyncLint.Samples;

/// <summary>ASYNC102: Thread.Sleep in async code.</summary>
public class RetryPolicy
{
    public async Task<T> RetryAsync<T>(Func<Task<T>> action, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action();
            }
            catch (HttpRequestException) when (attempt < 3)
            {
                Thread.Sleep(200 * attempt); // ASYNC102: use await Task.Delay(200 * attempt, cancellationToken)
            }
        }
    }
}
