using System.Text.Json;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace AsyncLint.Charts;

/// <summary>
/// The charts of samples/AsyncLint.Experiments' results: the web server comparison (web.json), thread-pool
/// starvation without a server (starve.json), and the CPU-bound and I/O-bound jobs (cpu.json, io.json).
/// </summary>
internal static class ExperimentCharts
{
    public static IEnumerable<Chart> All()
    {
        yield return new Chart("web-throughput.svg", "web.json", root => WebSteady(root, "Throughput against concurrent clients", "throughput", "requests/s", r => r.GetProperty("requestsPerSecond").GetDouble(), ideal: true, floor: 1));
        yield return new Chart("web-latency.svg", "web.json", root => WebSteady(root, "Latency (99th percentile) against concurrent clients", "p99 latency", "ms", r => r.GetProperty("p99Ms").GetDouble(), ideal: false, floor: 10));
        yield return new Chart("web-threads.svg", "web.json", root => WebSteady(root, "Server threads (peak) against concurrent clients", "OS threads of the server", "threads", r => r.GetProperty("peakOsThreads").GetDouble(), ideal: false, floor: 1));
        yield return new Chart("web-memory.svg", "web.json", root => WebSteady(root, "Server memory (peak working set) against concurrent clients", "working set", "MB", r => r.GetProperty("peakWorkingSetMB").GetDouble(), ideal: false, floor: 1));
        yield return new Chart("web-burst.svg", "web.json", WebBurst);
        yield return new Chart("starve.svg", "starve.json", Starve);
        yield return new Chart("cpu.svg", "cpu.json", root => Jobs(root, "16 CPU-bound jobs: wall time and processor time", jobs => $"{jobs.GetProperty("jobs").GetInt32()} jobs of {jobs.GetProperty("iterations").GetInt32():N0} iterations; best of {jobs.GetProperty("repeat").GetInt32()} runs per variant", log: false));
        yield return new Chart("io.svg", "io.json", root => Jobs(root, "Waits of 100 ms: blocking vs awaited", p => $"{p.GetProperty("waits").GetInt32()} waits of {p.GetProperty("delayMs").GetInt32()} ms ('one by one' rows: {p.GetProperty("oneByOneWaits").GetInt32()}); 1 run per variant", log: true));
    }

    /// <summary>One line per server mode: a figure against the number of concurrent clients (steady load, not the burst).</summary>
    private static PlotModel WebSteady(JsonElement root, string title, string what, string unit, Func<JsonElement, double> value, bool ideal, double floor)
    {
        var rows = root.GetProperty("rows").EnumerateArray().Where(r => !r.GetProperty("burst").GetBoolean()).ToList();
        var runs = root.GetProperty("runs").GetInt32();
        var delay = root.GetProperty("delayMs").GetInt32();
        var notes = new List<string> { $"each request waits {delay} ms", Plot.RunsPerPoint(runs) };
        if (what == "p99 latency" && rows.Any(r => r.GetProperty("p99IsLowerBound").GetBoolean()))
        {
            notes.Add("top points: lower bounds (unanswered when cancelled)");
        }

        if (rows.Any(r => value(r) < floor))
        {
            notes.Add($"below {Plot.Format(floor)} drawn at {Plot.Format(floor)}");
        }

        var model = Plot.Model(title, string.Join("; ", notes), LegendPosition.TopLeft);
        model.Axes.Add(Plot.LogAxis(AxisPosition.Bottom, "concurrent clients", "clients"));
        var y = Plot.LogAxis(AxisPosition.Left, what, unit);
        y.Minimum = floor;
        model.Axes.Add(y);
        var modes = root.GetProperty("modes").EnumerateArray().ToList();
        for (var i = 0; i < modes.Count; i++)
        {
            var name = modes[i].GetProperty("name").GetString()!;
            var points = rows.Where(r => r.GetProperty("mode").GetString() == name)
                .GroupBy(r => r.GetProperty("clients").GetInt32())
                .Select(g => ((double)g.Key, Spread.Of(g.Select(value))))
                .ToList();
            Plot.AddLineWithBand(model, ModeLabel(modes[i]), Plot.Palette[i % Plot.Palette.Length], points, floor: floor);
        }

        if (ideal)
        {
            var levels = rows.Select(r => r.GetProperty("clients").GetInt32()).Distinct().Order().ToList();
            Plot.AddLineWithBand(model, $"ideal: clients × 1000 / {delay} ms", OxyColors.Gray, levels.Select(c => ((double)c, new Spread(c * 1000.0 / delay, c * 1000.0 / delay, c * 1000.0 / delay, 1))).ToList(), LineStyle.Dash);
        }

        return model;
    }

    /// <summary>The burst: how long until every request of the burst was answered, and its p50 and p99, per mode.</summary>
    private static PlotModel WebBurst(JsonElement root)
    {
        var rows = root.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("burst").GetBoolean()).ToList();
        var runs = root.GetProperty("runs").GetInt32();
        var clients = rows.Select(r => r.GetProperty("clients").GetInt32()).DefaultIfEmpty().Max();
        var modes = root.GetProperty("modes").EnumerateArray().ToList();
        var model = Plot.Model(
            $"A burst: {clients:N0} requests at once on open connections",
            $"each request waits {root.GetProperty("delayMs").GetInt32()} ms; median of {runs} run(s) per bar; no 'all answered' bar: some unanswered when cancelled",
            LegendPosition.BottomCenter);
        model.Axes.Add(Plot.Categories("server", modes.Select(ModeLabel)));
        var axis = Plot.LogAxis(AxisPosition.Bottom, "latency", "ms");
        model.Axes.Add(axis);
        var figures = new (string Title, Func<JsonElement, double> Value)[]
        {
            ("p50 latency", r => r.GetProperty("p50Ms").GetDouble()),
            ("p99 latency", r => r.GetProperty("p99Ms").GetDouble()),
            ("all answered", r => r.GetProperty("completed").GetInt32() == r.GetProperty("clients").GetInt32() ? r.GetProperty("elapsedMs").GetDouble() : double.NaN),
        };
        for (var f = 0; f < figures.Length; f++)
        {
            var series = new BarSeries { Title = figures[f].Title, FillColor = Plot.Palette[f], BaseValue = 10, StrokeThickness = 0 };
            foreach (var mode in modes)
            {
                var spread = Spread.Of(rows.Where(r => r.GetProperty("mode").GetString() == mode.GetProperty("name").GetString()).Select(figures[f].Value));
                series.Items.Add(new BarItem(double.IsNaN(spread.Median) ? 10 : Math.Max(10, spread.Median)));
            }

            model.Series.Add(series);
        }

        return model;
    }

    private static PlotModel Starve(JsonElement root)
    {
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        var runs = rows.Select(r => r.GetProperty("run").GetInt32()).Distinct().Count();
        var model = Plot.Model(
            $"{root.GetProperty("units").GetInt32()} work items started together, each waiting {root.GetProperty("delayMs").GetInt32()} ms",
            $"time until all finished; a fresh process per measurement; median of {runs} run(s) per bar",
            LegendPosition.BottomCenter);
        var codes = rows.Select(r => r.GetProperty("code").GetString()!).Distinct().ToList();
        model.Axes.Add(Plot.Categories("how each work item waits", codes));
        model.Axes.Add(Plot.LogAxis(AxisPosition.Bottom, "time until all 100 finished", "ms"));
        var pools = rows.Select(r => (r.GetProperty("pool").GetString()!, r.GetProperty("minWorkerThreads").GetInt32())).Distinct().ToList();
        for (var p = 0; p < pools.Count; p++)
        {
            var label = pools[p].Item1 == "default" ? $"default pool minimum ({pools[p].Item2} threads)" : $"pool minimum raised to {pools[p].Item2}";
            var series = new BarSeries { Title = label, FillColor = Plot.Palette[p], BaseValue = 10, StrokeThickness = 0 };
            foreach (var code in codes)
            {
                var spread = Spread.Of(rows.Where(r => r.GetProperty("code").GetString() == code && r.GetProperty("pool").GetString() == pools[p].Item1).Select(r => r.GetProperty("wallMs").GetDouble()));
                series.Items.Add(new BarItem(spread.Median));
            }

            model.Series.Add(series);
        }

        return model;
    }

    /// <summary>The cpu and io results: wall time and processor time per variant.</summary>
    private static PlotModel Jobs(JsonElement root, string title, Func<JsonElement, string> subtitle, bool log)
    {
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        var load = root.TryGetProperty("loadAverage", out var l) ? "; load average at the end " + l.GetString() : string.Empty;
        var model = Plot.Model(title, subtitle(root.GetProperty("parameters")) + load, LegendPosition.BottomCenter);
        model.Axes.Add(Plot.Categories("variant", rows.Select(r => r.GetProperty("variant").GetString()!)));
        model.Axes.Add(log ? Plot.LogAxis(AxisPosition.Bottom, "time", "ms") : Plot.LinearAxis(AxisPosition.Bottom, "time", "ms"));
        var figures = new[] { ("wall time", "wallMs"), ("processor time (all threads)", "cpuMs") };
        for (var f = 0; f < figures.Length; f++)
        {
            var series = new BarSeries { Title = figures[f].Item1, FillColor = Plot.Palette[f], StrokeThickness = 0, BaseValue = log ? 1 : 0 };
            series.Items.AddRange(rows.Select(r => new BarItem(Math.Max(log ? 1 : 0, r.GetProperty(figures[f].Item2).GetDouble()))));
            model.Series.Add(series);
        }

        if (log)
        {
            model.Annotations.Add(Plot.VerticalMarker(root.GetProperty("parameters").GetProperty("delayMs").GetInt32(), "one wait"));
        }

        return model;
    }

    private static string ModeLabel(JsonElement mode)
    {
        var code = mode.GetProperty("code").GetString();
        return mode.GetProperty("name").GetString() switch
        {
            "async" => "async: " + code,
            "sync" => "sync: " + code + ", threads sized",
            "wait-sized" => code + ", threads sized",
            _ => code + ", default pool",
        };
    }
}
