namespace AsyncLint.Experiments;

/// <summary>
/// N I/O-like waits (a timer standing in for a network call): blocking one by one; blocking in parallel on pool
/// threads; awaited one by one; awaited concurrently. Waiting costs no CPU and, when awaited, no thread.
/// </summary>
public sealed class IoExperiment : IExperiment
{
    public string Description => "N I/O-like waits: blocking vs awaited, one by one vs concurrently";

    public string Usage => "--waits 100 --delay-ms 100 --json PATH";

    public async Task RunAsync(Options options)
    {
        var waits = options.Int("waits", 100);
        var delay = options.Int("delay-ms", 100);
        Console.WriteLine($"# {waits} waits of {delay} ms each");
        await Task.Delay(1); // warm up timers

        var variants = new (string Name, Func<Measurement, Task> Run)[]
        {
            ("blocking (Thread.Sleep), one by one", m =>
            {
                for (var i = 0; i < waits / 10; i++)
                {
                    using (m.Enter())
                    {
                        Thread.Sleep(delay);
                    }
                }

                return Task.CompletedTask;
            }),
            ("blocking, Parallel.For on the pool", m =>
            {
                Parallel.For(0, waits, _ =>
                {
                    using (m.Enter())
                    {
                        Thread.Sleep(delay);
                    }
                });
                return Task.CompletedTask;
            }),
            ("awaited (Task.Delay), one by one", async m =>
            {
                for (var i = 0; i < waits / 10; i++)
                {
                    using (m.Enter())
                    {
                        await Task.Delay(delay);
                    }
                }
            }),
            ("awaited, started then WhenAll", m => Task.WhenAll(Enumerable.Range(0, waits).Select(async _ =>
            {
                m.Enter().Dispose(); // the thread that starts the wait; none is held during it
                await Task.Delay(delay);
            }))),
        };

        Console.WriteLine($"# 'one by one' variants do {waits / 10} waits (a tenth), to keep the run short");
        Result.PrintHeader();
        var results = new List<Result>();
        foreach (var (name, run) in variants)
        {
            var result = await Measurement.RunAsync(name, run);
            result.Print();
            results.Add(result);
        }

        Result.WriteJson(options, "io", new { waits, delayMs = delay, oneByOneWaits = waits / 10 }, results);
    }
}
