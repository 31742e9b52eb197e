using System.Text.Json;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace AsyncLint.Charts;

/// <summary>The charts of docs/performance.md, from the JSON that bench/AsyncLint.Benchmarks writes (bench.json).</summary>
internal static class BenchCharts
{
    public static IEnumerable<Chart> All()
    {
        yield return new Chart("bench-cost.svg", "bench.json", Cost);
        yield return new Chart("bench-rules.svg", "bench.json", Rules);
    }

    /// <summary>Analyzer time over the compiler's time: AsyncLint, its do-nothing mirrors, each peer; one bar per corpus size.</summary>
    private static PlotModel Cost(JsonElement root)
    {
        var scales = root.GetProperty("scales").EnumerateArray().ToList();
        var peers = scales.SelectMany(s => s.GetProperty("analyzers").EnumerateArray())
            .Where(a => a.GetProperty("variant").GetString() == "peers")
            .Select(a => a.GetProperty("name").GetString()!)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var rules = root.GetProperty("asyncLintAnalyzers").GetArrayLength();
        var categories = new List<string> { $"AsyncLint ({rules} analyzers)", "do-nothing mirrors of AsyncLint" };
        categories.AddRange(peers.Select(p => p + " (its async rules)"));

        var model = Plot.Model(
            "What the analyzers cost: their execution time ÷ the compiler's time",
            $"{Host(root)}; {Rounds(scales)}; bars start at 0.001",
            LegendPosition.BottomCenter);
        model.Axes.Add(Plot.Categories("analyzers", categories));
        model.Axes.Add(Plot.LogAxis(AxisPosition.Bottom, "analyzer time ÷ compiler time", "ratio"));
        for (var i = 0; i < scales.Count; i++)
        {
            var scale = scales[i];
            var compiler = scale.GetProperty("compilerMs").GetDouble();
            double Variant(string name) => scale.GetProperty("variants").EnumerateArray()
                .Where(v => v.GetProperty("variant").GetString() == name)
                .Select(v => v.GetProperty("analyzerMs").GetDouble() / compiler)
                .DefaultIfEmpty(double.NaN)
                .First();
            double Peer(string name) => scale.GetProperty("analyzers").EnumerateArray()
                .Where(a => a.GetProperty("variant").GetString() == "peers" && a.GetProperty("name").GetString() == name)
                .Select(a => a.GetProperty("ratioToCompiler").GetDouble())
                .DefaultIfEmpty(double.NaN)
                .First();

            var series = new BarSeries { Title = ScaleLabel(scale), FillColor = Plot.Palette[i % Plot.Palette.Length], BaseValue = 0.001, StrokeThickness = 0 };
            foreach (var value in new[] { Variant("asynclint"), Variant("null") }.Concat(peers.Select(Peer)))
            {
                // A size at which the peers did not run has no bar for them (NaN is not drawn).
                series.Items.Add(new BarItem(double.IsNaN(value) ? double.NaN : Math.Max(0.001, value)));
            }

            model.Series.Add(series);
        }

        var target = root.GetProperty("targets").GetProperty("ratioToCompiler").GetDouble();
        model.Annotations.Add(Plot.VerticalMarker(target, $"AsyncLint's target: ≤ {target:0.00}"));
        return model;
    }

    /// <summary>Each AsyncLint analyzer's execution time per 1,000 lines, one bar per corpus size.</summary>
    private static PlotModel Rules(JsonElement root)
    {
        var scales = root.GetProperty("scales").EnumerateArray().ToList();
        var analyzers = root.GetProperty("asyncLintAnalyzers").EnumerateArray().Select(a => a.GetString()!).Order(StringComparer.Ordinal).ToList();
        var model = Plot.Model(
            "AsyncLint, rule by rule: execution time per 1,000 lines",
            $"{Host(root)}; {Rounds(scales)}",
            LegendPosition.BottomCenter);
        model.Axes.Add(Plot.Categories("analyzer", analyzers));
        model.Axes.Add(Plot.LinearAxis(AxisPosition.Bottom, "execution time per 1,000 lines", "ms"));
        for (var i = 0; i < scales.Count; i++)
        {
            var scale = scales[i];
            var series = new BarSeries { Title = ScaleLabel(scale), FillColor = Plot.Palette[i % Plot.Palette.Length], StrokeThickness = 0 };
            foreach (var analyzer in analyzers)
            {
                var value = scale.GetProperty("analyzers").EnumerateArray()
                    .Where(a => a.GetProperty("variant").GetString() == "asynclint" && a.GetProperty("name").GetString() == analyzer)
                    .Select(a => a.GetProperty("msPer1kLines").GetDouble())
                    .DefaultIfEmpty(double.NaN)
                    .First();
                series.Items.Add(new BarItem(value));
            }

            model.Series.Add(series);
        }

        return model;
    }

    private static string ScaleLabel(JsonElement scale)
        => $"{scale.GetProperty("scale").GetInt32()}×: {scale.GetProperty("lines").GetInt32():N0} lines";

    private static string Host(JsonElement root)
    {
        var host = root.GetProperty("host");
        return $".NET {host.GetProperty("dotnet").GetString()}, Roslyn {host.GetProperty("roslyn").GetString()}, {host.GetProperty("cores").GetInt32()} cores, {host.GetProperty("utc").GetDateTime():yyyy-MM-dd}";
    }

    /// <summary>"median of 3, 3 and 2 rounds per bar" (rounds per corpus size).</summary>
    private static string Rounds(List<JsonElement> scales)
    {
        var rounds = scales.Select(s => s.GetProperty("variants").EnumerateArray().First().GetProperty("rounds").GetInt32()).ToList();
        return rounds.Distinct().Count() == 1
            ? $"median of {rounds[0]} round(s) per bar"
            : "median of " + string.Join(", ", rounds.Take(rounds.Count - 1)) + " and " + rounds[^1] + " rounds per bar (by size)";
    }
}
