using System.Collections.Concurrent;
using System.Diagnostics;

namespace AsyncLint.Experiments;

/// <summary>
/// Measures one variant: wall-clock time, CPU time of the process, the distinct threads that ran the work, and the
/// largest number of those threads busy at the same moment.
/// </summary>
public sealed class Measurement
{
    private readonly ConcurrentDictionary<int, byte> _threads = new();
    private int _busy;
    private int _peakBusy;

    /// <summary>Call at the start of each unit of work, on the thread that runs it; dispose at its end.</summary>
    public IDisposable Enter()
    {
        _threads.TryAdd(Environment.CurrentManagedThreadId, 0);
        var busy = Interlocked.Increment(ref _busy);
        int peak;
        while (busy > (peak = Volatile.Read(ref _peakBusy)) && Interlocked.CompareExchange(ref _peakBusy, busy, peak) != peak)
        {
        }

        return new Exit(this);
    }

    public static async Task<Result> RunAsync(string name, Func<Measurement, Task> variant)
    {
        var measurement = new Measurement();
        var process = Process.GetCurrentProcess();
        var poolBefore = ThreadPool.ThreadCount;
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await variant(measurement);
        clock.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        return new Result(name, clock.Elapsed, cpu, measurement._threads.Count, measurement._peakBusy, ThreadPool.ThreadCount - poolBefore);
    }

    private sealed class Exit(Measurement owner) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref owner._busy);
    }
}

public sealed record Result(string Name, TimeSpan Wall, TimeSpan Cpu, int ThreadsUsed, int PeakBusy, int PoolGrowth)
{
    public static void PrintHeader()
    {
        Console.WriteLine($"| {"variant",-44} | {"wall ms",8} | {"CPU ms",8} | {"cores used",10} | {"threads used",12} | {"busy at once",12} | {"pool grew by",12} |");
        Console.WriteLine($"|{new string('-', 46)}|{new string('-', 9)}:|{new string('-', 9)}:|{new string('-', 11)}:|{new string('-', 13)}:|{new string('-', 13)}:|{new string('-', 13)}:|");
    }

    public void Print()
        => Console.WriteLine($"| {Name,-44} | {Wall.TotalMilliseconds,8:F0} | {Cpu.TotalMilliseconds,8:F0} | {CoresUsed,10:F2} | {ThreadsUsed,12} | {PeakBusy,12} | {PoolGrowth,12} |");

    /// <summary>CPU time over wall time: how many cores the variant kept busy on average.</summary>
    public double CoresUsed => Wall.TotalMilliseconds > 0 ? Cpu.TotalMilliseconds / Wall.TotalMilliseconds : 0;

    /// <summary>The row as the JSON result file holds it.</summary>
    public object ToJson() => new
    {
        variant = Name,
        wallMs = Math.Round(Wall.TotalMilliseconds, 1),
        cpuMs = Math.Round(Cpu.TotalMilliseconds, 1),
        coresUsed = Math.Round(CoresUsed, 3),
        threadsUsed = ThreadsUsed,
        busyAtOnce = PeakBusy,
        poolGrewBy = PoolGrowth,
    };

    /// <summary>Writes the rows of a cpu or io run to <c>--json PATH</c>.</summary>
    public static void WriteJson(Options options, string experiment, object parameters, IEnumerable<Result> rows)
        => JsonReport.Write(options.String("json"), new
        {
            experiment,
            command = "dotnet run -c Release --project samples/AsyncLint.Experiments -- " + experiment + " " + options,
            machine = MachineInfo.Now(),
            loadAverage = MachineInfo.LoadAverage(),
            parameters,
            rows = rows.Select(r => r.ToJson()),
        });
}
