namespace AsyncLint.Samples;

/// <summary>ASYNC104: blocking on a task from synchronous code ("sync over async").</summary>
public class ReportForm
{
    private readonly OrderService _orders = new();

    public string Title => _orders.GetOrderAsync(1).Result; // ASYNC104: a property cannot be async; load it elsewhere

    private void OnRefreshClicked(object sender, EventArgs e)
    {
        var order = _orders.GetOrderAsync(42).GetAwaiter().GetResult(); // ASYNC104: fix makes the handler async void
        Console.WriteLine(order);
    }

    public static int Main()
    {
        return RunAsync().GetAwaiter().GetResult(); // not flagged: an entry point has no synchronization context
    }

    private static Task<int> RunAsync() => Task.FromResult(0);
}
