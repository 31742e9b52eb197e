using System.Globalization;

namespace AsyncLint.Experiments;

/// <summary>
/// What a blocked thread costs in memory: N threads parked in a wait, the process's virtual size (reserved, mostly
/// stack) and resident set (memory really used) before and after, per thread. Done for threads created with
/// <c>new Thread</c> and for thread-pool threads (the minimum raised so the pool creates them at once).
/// </summary>
public sealed class ThreadsExperiment : IExperiment
{
    public string Description => "memory per blocked thread: reserved (virtual) and resident, for new Thread and for pool threads";

    public string Usage => "--threads 100 --json PATH";

    public Task RunAsync(Options options)
    {
        var count = options.Int("threads", 100);
        var stackLimit = StackLimit();
        Console.WriteLine($"# {count} threads parked in a kernel wait; stack size limit of this process (ulimit -s): {stackLimit ?? "unknown"}");
        var rows = new[]
        {
            Measure("new Thread(...)", count, (gate, started) =>
            {
                for (var i = 0; i < count; i++)
                {
                    new Thread(() =>
                    {
                        started.Signal();
                        gate.WaitOne();
                    }) { IsBackground = true }.Start();
                }
            }),
            Measure("thread-pool threads", count, (gate, started) =>
            {
                ThreadPool.GetMinThreads(out var workers, out var io);
                ThreadPool.SetMinThreads(workers + count, io); // so the pool creates one thread per blocked item at once
                for (var i = 0; i < count; i++)
                {
                    ThreadPool.QueueUserWorkItem(_ =>
                    {
                        started.Signal();
                        gate.WaitOne(); // blocks a pool thread on purpose: the measured case
                    });
                }
            }),
        };

        Console.WriteLine();
        Console.WriteLine($"| {"threads",-20} | {"OS threads added",16} | {"virtual KB per thread",21} | {"resident KB per thread",22} |");
        Console.WriteLine($"|{new string('-', 22)}|{new string('-', 17)}:|{new string('-', 22)}:|{new string('-', 23)}:|");
        foreach (var row in rows)
        {
            Console.WriteLine($"| {row.Kind,-20} | {row.OsThreadsAdded,16} | {row.VirtualKBPerThread,21:F0} | {row.ResidentKBPerThread,22:F0} |");
        }

        JsonReport.Write(options.String("json"), new
        {
            experiment = "threads",
            command = "dotnet run -c Release --project samples/AsyncLint.Experiments -- threads " + options,
            machine = MachineInfo.Now(),
            loadAverage = MachineInfo.LoadAverage(),
            stackSizeLimit = stackLimit,
            rows,
        });
        return Task.CompletedTask;
    }

    private static ThreadRow Measure(string kind, int count, Action<ManualResetEvent, CountdownEvent> start)
    {
        using var gate = new ManualResetEvent(false); // a kernel wait: no spinning while parked
        using var started = new CountdownEvent(count);
        GC.Collect();
        var before = ProcessStatus.Read();
        start(gate, started);
        started.Wait();
        Thread.Sleep(200); // let every thread reach its wait
        var after = ProcessStatus.Read();
        gate.Set();
        Thread.Sleep(200);
        var added = after.OsThreads - before.OsThreads;
        return new ThreadRow(kind, count, added, (after.VirtualBytes - before.VirtualBytes) / 1024.0 / Math.Max(1, added), (after.ResidentBytes - before.ResidentBytes) / 1024.0 / Math.Max(1, added));
    }

    /// <summary>"8388608 bytes" from /proc/self/limits ("Max stack size"), the default stack of a new thread on Linux.</summary>
    private static string? StackLimit()
    {
        if (!File.Exists("/proc/self/limits"))
        {
            return null;
        }

        var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max stack size", StringComparison.Ordinal));
        var fields = line?.Substring("Max stack size".Length).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: >= 3 } ? fields[0] + " " + fields[2] : null;
    }

    private sealed record ThreadRow(string Kind, int Threads, int OsThreadsAdded, double VirtualKBPerThread, double ResidentKBPerThread)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Kind}: {OsThreadsAdded} threads, {VirtualKBPerThread:F0} KB virtual, {ResidentKBPerThread:F0} KB resident each");
    }
}
