using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AsyncLint.Charts;

/// <summary>
/// The Markdown tables the pages quote, computed from the same JSON as the charts (median of the runs, lowest and
/// highest in brackets): <c>dotnet run --project tools/AsyncLint.Charts -- --tables</c>.
/// </summary>
public static class Tables
{
    public static string Render(string dataFolder)
    {
        var b = new StringBuilder();
        var web = Path.Combine(dataFolder, "web.json");
        if (File.Exists(web))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(web));
            b.AppendLine("web.json: every mode").AppendLine();
            Web(b, json.RootElement);
        }

        var starve = Path.Combine(dataFolder, "starve.json");
        if (File.Exists(starve))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(starve));
            b.AppendLine().AppendLine("starve.json").AppendLine();
            Starve(b, json.RootElement);
        }

        return b.ToString();
    }

    private static void Web(StringBuilder b, JsonElement root)
    {
        b.AppendLine("| server | load | req/s | p50 ms | p99 ms | unfinished | OS threads | working set MB | server CPU ms per 1,000 requests | load average |");
        b.AppendLine("|---|---|--:|--:|--:|--:|--:|--:|--:|---|");
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        foreach (var group in rows.GroupBy(r => (Mode: r.GetProperty("mode").GetString()!, Burst: r.GetProperty("burst").GetBoolean(), Clients: r.GetProperty("clients").GetInt32())))
        {
            var g = group.ToList();
            string S(Func<JsonElement, double> value, string format = "#,0") => Show(Spread.Of(g.Select(value)), format);
            string Latency(string name) => S(r => r.GetProperty(name + "Ms").GetDouble()) + (g.Any(r => r.GetProperty(name + "IsLowerBound").GetBoolean()) ? " (some: lower bounds)" : "");
            var loads = g.Select(r => r.GetProperty("loadAverageBefore").GetString()!.Split(' ')[0]).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
            b.Append(CultureInfo.InvariantCulture, $"| {group.Key.Mode} | {(group.Key.Burst ? "burst of " : "")}{group.Key.Clients:N0} ")
                .Append(CultureInfo.InvariantCulture, $"| {S(r => r.GetProperty("requestsPerSecond").GetDouble())} ")
                .Append(CultureInfo.InvariantCulture, $"| {Latency("p50")} | {Latency("p99")} ")
                .Append(CultureInfo.InvariantCulture, $"| {S(r => r.GetProperty("unfinished").GetInt32())} ")
                .Append(CultureInfo.InvariantCulture, $"| {S(r => r.GetProperty("peakOsThreads").GetInt32())} ")
                .Append(CultureInfo.InvariantCulture, $"| {S(r => r.GetProperty("peakWorkingSetMB").GetDouble())} ")
                .Append(CultureInfo.InvariantCulture, $"| {S(r => CpuPer1000(r))} ")
                .AppendLine(CultureInfo.InvariantCulture, $"| {loads.Min():0.#}–{loads.Max():0.#} |");
        }

        // What one more request in flight costs: the slope between the smallest and the largest steady load, per run.
        var steady = rows.Where(r => !r.GetProperty("burst").GetBoolean()).ToList();
        var levels = steady.Select(r => r.GetProperty("clients").GetInt32()).Distinct().Order().ToList();
        if (levels.Count < 2)
        {
            return;
        }

        var (low, high) = (levels[0], levels[^1]);
        b.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"| server | OS threads added per client, {low:N0} → {high:N0} clients | working set added per client, KB | server CPU ms per 1,000 requests at {high:N0} |");
        b.AppendLine("|---|--:|--:|--:|");
        foreach (var mode in steady.GroupBy(r => r.GetProperty("mode").GetString()!))
        {
            var perRun = mode.GroupBy(r => r.GetProperty("run").GetInt32())
                .Select(run => (Low: run.SingleOrDefault(r => r.GetProperty("clients").GetInt32() == low), High: run.SingleOrDefault(r => r.GetProperty("clients").GetInt32() == high)))
                .Where(p => p.Low.ValueKind == JsonValueKind.Object && p.High.ValueKind == JsonValueKind.Object)
                .ToList();
            var threads = Spread.Of(perRun.Select(p => (p.High.GetProperty("peakOsThreads").GetDouble() - p.Low.GetProperty("peakOsThreads").GetDouble()) / (high - low)));
            var memory = Spread.Of(perRun.Select(p => (p.High.GetProperty("peakWorkingSetMB").GetDouble() - p.Low.GetProperty("peakWorkingSetMB").GetDouble()) * 1024 / (high - low)));
            var cpu = Spread.Of(perRun.Select(p => CpuPer1000(p.High)));
            b.AppendLine(CultureInfo.InvariantCulture, $"| {mode.Key} | {Show(threads, "0.00")} | {Show(memory, "#,0")} | {Show(cpu, "#,0")} |");
        }
    }

    /// <summary>The server's CPU time per 1,000 completed requests (NaN when none completed).</summary>
    private static double CpuPer1000(JsonElement row)
    {
        var completed = row.GetProperty("completed").GetInt32();
        return completed == 0 ? double.NaN : row.GetProperty("serverCpuMs").GetDouble() * 1000 / completed;
    }

    private static void Starve(StringBuilder b, JsonElement root)
    {
        b.AppendLine("| wait | pool minimum | time until all finished, ms | peak pool threads | peak OS threads |");
        b.AppendLine("|---|---|--:|--:|--:|");
        foreach (var group in root.GetProperty("rows").EnumerateArray().GroupBy(r => (Code: r.GetProperty("code").GetString(), Pool: r.GetProperty("pool").GetString(), Min: r.GetProperty("minWorkerThreads").GetInt32())))
        {
            var g = group.ToList();
            b.AppendLine(CultureInfo.InvariantCulture, $"| `{group.Key.Code}` | {(group.Key.Pool == "default" ? "default (" + group.Key.Min + ")" : group.Key.Min.ToString(CultureInfo.InvariantCulture))} | {Show(Spread.Of(g.Select(r => r.GetProperty("wallMs").GetDouble())), "#,0")} | {Show(Spread.Of(g.Select(r => (double)r.GetProperty("peakPoolThreads").GetInt32())), "#,0")} | {Show(Spread.Of(g.Select(r => (double)r.GetProperty("peakOsThreads").GetInt32())), "#,0")} |");
        }
    }

    private static string Show(Spread s, string format)
        => s.Runs == 0 || double.IsNaN(s.Median) ? "–"
            : s.Runs == 1 || s.Min == s.Max ? s.Median.ToString(format, CultureInfo.InvariantCulture)
            : $"{s.Median.ToString(format, CultureInfo.InvariantCulture)} ({s.Min.ToString(format, CultureInfo.InvariantCulture)}–{s.Max.ToString(format, CultureInfo.InvariantCulture)})";
}
