using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AsyncLint.Experiments;

/// <summary>
/// What every result file records about the machine: timings depend on what else the cores were doing, so the load
/// average is read before and after each measurement and kept beside its figures.
/// </summary>
public sealed record MachineInfo(string Runtime, string Os, string Architecture, int LogicalCores, DateTime StartedUtc)
{
    public static MachineInfo Now() => new(
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.OSDescription,
        RuntimeInformation.ProcessArchitecture.ToString(),
        Environment.ProcessorCount,
        DateTime.UtcNow);

    /// <summary>"1.23 0.98 0.75" (the 1, 5 and 15 minute load averages) on Linux; null elsewhere.</summary>
    public static string? LoadAverage()
        => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;

    /// <summary>The first figure of <see cref="LoadAverage"/>: how many runnable processes, on average, over the last minute.</summary>
    public static double? LoadAverage1()
        => LoadAverage() is { } load ? double.Parse(load.Split(' ')[0], CultureInfo.InvariantCulture) : null;
}

/// <summary>Writes a result as indented JSON (camelCase, invariant), the input of the chart step (tools/AsyncLint.Charts).</summary>
public static class JsonReport
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes <paramref name="report"/> to <paramref name="path"/> when one was given (<c>--json PATH</c>).</summary>
    public static void Write(string? path, object report)
    {
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, JsonSerializer.Serialize(report, Options) + "\n");
        Console.WriteLine("# wrote " + full);
    }
}

/// <summary>Process facts read from /proc/self/status on Linux (elsewhere from <see cref="Process"/>, less cheaply).</summary>
public readonly record struct ProcessStatus(int OsThreads, long ResidentBytes, long VirtualBytes)
{
    public static ProcessStatus Read()
    {
        if (!File.Exists("/proc/self/status"))
        {
            using var process = Process.GetCurrentProcess();
            return new ProcessStatus(process.Threads.Count, process.WorkingSet64, process.VirtualMemorySize64);
        }

        int threads = 0;
        long rss = 0, vsize = 0;
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                threads = int.Parse(line.AsSpan(8).Trim(), CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line.AsSpan(6)) * 1024;
            }
            else if (line.StartsWith("VmSize:", StringComparison.Ordinal))
            {
                vsize = Kilobytes(line.AsSpan(7)) * 1024;
            }
        }

        return new ProcessStatus(threads, rss, vsize);
    }

    private static long Kilobytes(ReadOnlySpan<char> field)
    {
        field = field.Trim();
        var end = field.IndexOf(' ');
        return long.Parse(end < 0 ? field : field[..end], CultureInfo.InvariantCulture);
    }
}

/// <summary>Runs this program again as a child process (a fresh runtime: its own thread pool, its own minimums).</summary>
public static class ChildProcess
{
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot locate this program");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (string.Equals(Path.GetFileNameWithoutExtension(self), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            // Started as "dotnet AsyncLint.Experiments.dll": start the child the same way.
            start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>Runs the child to its end and returns the last line it printed (its result).</summary>
    public static async Task<string> RunAsync(IEnumerable<string> arguments, TimeSpan timeout)
    {
        using var process = Process.Start(StartInfo(arguments)) ?? throw new InvalidOperationException("could not start a child process");
        using var cancel = new CancellationTokenSource(timeout);
        var output = await process.StandardOutput.ReadToEndAsync(cancel.Token);
        await process.WaitForExitAsync(cancel.Token);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
            ?? throw new InvalidOperationException("the child process printed nothing");
    }
}
