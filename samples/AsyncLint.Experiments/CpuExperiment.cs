namespace AsyncLint.Experiments;

/// <summary>
/// N CPU-bound jobs run: synchronously; through a fake-async wrapper (<c>Task.Run</c>, awaited one by one: ASYNC401);
/// through an async method with no await (ASYNC404), awaited one by one and "concurrently" with WhenAll; with
/// <c>Task.Run</c> + <c>WhenAll</c> and with <c>Parallel.For</c> (parallelism). Only the last two are faster, and only
/// up to the number of cores.
/// </summary>
public sealed class CpuExperiment : IExperiment
{
    public string Description => "N CPU-bound jobs: sync, fake-async wrapper, async without await, Task.Run+WhenAll, Parallel.For";

    public string Usage => "--jobs 16 --iterations 20000000 --repeat 3 --json PATH";

    public async Task RunAsync(Options options)
    {
        var jobs = options.Int("jobs", 16);
        var iterations = options.Int("iterations", 20_000_000);
        var repeat = options.Int("repeat", 3);
        Console.WriteLine($"# {jobs} jobs of {iterations:N0} iterations each; best of {repeat} runs per variant");
        Work(iterations); // warm up the JIT

        var variants = new (string Name, Func<Measurement, Task> Run)[]
        {
            ("synchronous loop", m =>
            {
                for (var i = 0; i < jobs; i++)
                {
                    Job(m, iterations);
                }

                return Task.CompletedTask;
            }),
            ("fake-async wrapper, awaited one by one", async m =>
            {
                for (var i = 0; i < jobs; i++)
                {
                    await FakeAsyncJob(m, iterations);
                }
            }),
            ("async without await, awaited one by one", async m =>
            {
                for (var i = 0; i < jobs; i++)
                {
                    await NoAwaitJobAsync(m, iterations);
                }
            }),
            ("async without await, started then WhenAll", m =>
                Task.WhenAll(Enumerable.Range(0, jobs).Select(_ => NoAwaitJobAsync(m, iterations)))),
            ("fake-async wrapper, started then WhenAll", m =>
                Task.WhenAll(Enumerable.Range(0, jobs).Select(_ => FakeAsyncJob(m, iterations)))),
            ("Parallel.For", m =>
            {
                Parallel.For(0, jobs, _ => Job(m, iterations));
                return Task.CompletedTask;
            }),
        };

        // Round-robin over the variants, keeping each one's best run: a burst of load on a shared machine then hits
        // all variants alike instead of whichever happened to run at that moment.
        var best = new Result?[variants.Length];
        for (var r = 0; r < repeat; r++)
        {
            for (var v = 0; v < variants.Length; v++)
            {
                var result = await Measurement.RunAsync(variants[v].Name, variants[v].Run);
                if (best[v] is null || result.Wall < best[v]!.Wall)
                {
                    best[v] = result;
                }
            }
        }

        Result.PrintHeader();
        foreach (var result in best)
        {
            result!.Print();
        }

        Result.WriteJson(options, "cpu", new { jobs, iterations, repeat }, best.Select(r => r!));
    }

    private static void Job(Measurement measurement, int iterations)
    {
        using (measurement.Enter())
        {
            Work(iterations);
        }
    }

    /// <summary>The ASYNC401 shape: a Task-returning wrapper whose whole body is Task.Run.</summary>
    private static Task FakeAsyncJob(Measurement measurement, int iterations) => Task.Run(() => Job(measurement, iterations));

    /// <summary>The ASYNC404 shape: async, no await. Runs to completion on the caller's thread before returning.</summary>
    private static async Task NoAwaitJobAsync(Measurement measurement, int iterations) => Job(measurement, iterations);

    /// <summary>
    /// Deterministic CPU work the JIT cannot remove: an xorshift loop whose result is published. Compiled fully
    /// optimized at once, so the first variant does not pay for tiered compilation.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void Work(int iterations)
    {
        ulong x = 88172645463325252UL;
        for (var i = 0; i < iterations; i++)
        {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
        }

        Volatile.Write(ref _sink, x);
    }

    private static ulong _sink;
}
