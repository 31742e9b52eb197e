using System.Diagnostics;
using System.Globalization;
using AsyncLint.Charts;

namespace AsyncLint.Experiments;

/// <summary>
/// Thread-pool starvation without a server: 100 work items started together on the pool, each waiting 50 ms —
/// awaited, blocked in <c>Thread.Sleep</c>, or blocked in <c>Task.Delay(50).Wait()</c> (sync over async) — with the
/// pool's default minimum and with a minimum raised above the concurrency. Each measurement runs in a fresh process,
/// so no variant inherits threads that an earlier one made the pool create.
/// </summary>
public sealed class StarveExperiment : IExperiment
{
    private static readonly string[] Waits = { "await", "sleep", "wait" };

    public string Description => "N concurrent waits on the pool: await vs Thread.Sleep vs Task.Delay().Wait(), default minimum vs a raised one (a fresh process each)";

    public string Usage => "--units 100 --delay-ms 50 --min-threads 200 --repeat 3 --json PATH";

    public async Task RunAsync(Options options)
    {
        var units = options.Int("units", 100);
        var delay = options.Int("delay-ms", 50);
        if (options.String("child") is { } wait)
        {
            Console.WriteLine(Child(wait, units, delay, options.Int("min-threads", 0)));
            return;
        }

        var machine = MachineInfo.Now();
        var raised = options.Int("min-threads", 200);
        var repeat = options.Int("repeat", 3);
        Console.WriteLine($"# {units} work items queued together, each waiting {delay} ms; a fresh process per measurement; {repeat} run(s) each, round-robin");
        var rows = new List<StarveRow>();
        for (var run = 1; run <= repeat; run++)
        {
            foreach (var w in Waits)
            {
                foreach (var min in new[] { 0, raised })
                {
                    var before = MachineInfo.LoadAverage();
                    var line = await ChildProcess.RunAsync(
                        new[] { "starve", "--child", w, "--units", Text(units), "--delay-ms", Text(delay), "--min-threads", Text(min) },
                        TimeSpan.FromMinutes(2));
                    var f = line.Split(' ');
                    rows.Add(new StarveRow(run, w, Code(w, delay), min == 0 ? "default" : "minimum " + min, int.Parse(f[0], CultureInfo.InvariantCulture),
                        double.Parse(f[1], CultureInfo.InvariantCulture), int.Parse(f[2], CultureInfo.InvariantCulture), int.Parse(f[3], CultureInfo.InvariantCulture), before, MachineInfo.LoadAverage()));
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine($"| {"wait",-26} | {"pool minimum",-14} | {"wall ms: median (min-max)",26} | {"peak pool threads",17} | {"peak OS threads",15} |");
        Console.WriteLine($"|{new string('-', 28)}|{new string('-', 16)}|{new string('-', 27)}:|{new string('-', 18)}:|{new string('-', 16)}:|");
        foreach (var group in rows.GroupBy(r => (r.Code, r.Pool)))
        {
            Console.WriteLine($"| {group.Key.Code,-26} | {group.Key.Pool,-14} | {Spread.Of(group.Select(r => r.WallMs)),26} | {Spread.Of(group.Select(r => (double)r.PeakPoolThreads)),17} | {Spread.Of(group.Select(r => (double)r.PeakOsThreads)),15} |");
        }

        JsonReport.Write(options.String("json"), new
        {
            experiment = "starve",
            command = "dotnet run -c Release --project samples/AsyncLint.Experiments -- starve " + options,
            machine,
            finishedUtc = DateTime.UtcNow,
            units,
            delayMs = delay,
            rows,
        });
    }

    private static string Code(string wait, int delay) => wait switch
    {
        "await" => $"await Task.Delay({delay})",
        "sleep" => $"Thread.Sleep({delay})",
        _ => $"Task.Delay({delay}).Wait()",
    };

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>One measurement, in this (child) process: "minimum wallMs peakPoolThreads peakOsThreads".</summary>
    private static string Child(string wait, int units, int delay, int minThreads)
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        if (minThreads > 0)
        {
            ThreadPool.SetMinThreads(minThreads, io);
            workers = minThreads;
        }

        Task.Delay(1).Wait(); // the timer machinery and the pool are up before the clock starts (no other work is queued yet)
        Func<Task> work = wait switch
        {
            "await" => async () => await Task.Delay(delay),
            "sleep" => () =>
            {
                Thread.Sleep(delay); // blocks a pool thread on purpose: the measured case
                return Task.CompletedTask;
            },
            "wait" => () =>
            {
                Task.Delay(delay).Wait(); // sync over async on a pool thread on purpose: the measured case
                return Task.CompletedTask;
            },
            _ => throw new ArgumentException("unknown wait " + wait),
        };

        var peakPool = ThreadPool.ThreadCount;
        var peakOs = ProcessStatus.Read().OsThreads;
        var done = false;
        var sampler = new Thread(() =>
        {
            while (!Volatile.Read(ref done))
            {
                peakPool = Math.Max(peakPool, ThreadPool.ThreadCount);
                peakOs = Math.Max(peakOs, ProcessStatus.Read().OsThreads);
                Thread.Sleep(2); // a dedicated sampling thread, not the pool
            }
        }) { IsBackground = true };
        sampler.Start();

        var clock = Stopwatch.StartNew();
        Task.WhenAll(Enumerable.Range(0, units).Select(_ => Task.Run(work))).Wait(); // the main thread is not a pool thread
        clock.Stop();
        Volatile.Write(ref done, true);
        sampler.Join();
        return string.Format(CultureInfo.InvariantCulture, "{0} {1:F1} {2} {3}", workers, clock.Elapsed.TotalMilliseconds, peakPool, peakOs);
    }

    private sealed record StarveRow(int Run, string Wait, string Code, string Pool, int MinWorkerThreads, double WallMs, int PeakPoolThreads, int PeakOsThreads, string? LoadAverageBefore, string? LoadAverageAfter);
}
