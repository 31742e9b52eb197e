using System.Text;

namespace AsyncLint.Benchmarks;

/// <summary>Medians, ratios and the printed table; the same figures go to the JSON file.</summary>
internal sealed class BenchReport
{
    /// <summary>The targets (issues 7 and 16): all AsyncLint analyzers ≤ 0.06 of the compiler's time, ≤ 2× the null mirrors, 16× per-line cost ≤ 1.3× the 1× cost, editor p99 ≤ 1.2× without AsyncLint.</summary>
    public const double TargetRatioToCompiler = 0.06;
    public const double TargetRatioToNull = 2.0;
    public const double TargetScaling = 1.3;
    public const double TargetEditorP99 = 1.2;

    private readonly BenchOptions _options;
    private readonly List<string> _asyncLintGroups;
    private readonly List<object> _peers;
    private readonly List<ScaleResult> _scales = new();
    private readonly List<EditorResult> _editors = new();

    public BenchReport(BenchOptions options, List<string> asyncLintGroups, List<object> peers)
    {
        _options = options;
        _asyncLintGroups = asyncLintGroups;
        _peers = peers;
    }

    public double ElapsedSeconds { get; set; }

    /// <summary>An analyzer threw, the corpus did not compile, or an AsyncLint analyzer reported no time.</summary>
    public bool Failed => _scales.Any(s => s.Exceptions.Count > 0 || (s.RequireNoErrors && s.CompilerErrors > 0) || _asyncLintGroups.Any(g => !s.Groups.ContainsKey(g)));

    /// <remarks>Medians, and the minimum of the analyzer time and the wall time: on a shared machine the least disturbed round.</remarks>
    private sealed record VariantStats(string Variant, double WallMs, double CpuMs, double AnalyzerMs, double AllocatedMB, int Rounds, double MinWallMs = double.NaN, double MinAnalyzerMs = double.NaN);

    private sealed record GroupStats(string Group, string Variant, double ExecutionMs, int Diagnostics, double MinExecutionMs);

    private sealed record ScaleResult(
        string Label, int Scale, int Lines, int Files, bool RequireNoErrors, Dictionary<string, VariantStats> Variants, Dictionary<string, GroupStats> Groups,
        List<string> Exceptions, int CompilerErrors, List<VariantSample> Samples);

    private sealed record EditorResult(string Label, int Scale, int Lines, Dictionary<string, EditorSamples> Variants);

    public void AddScale(IBenchCorpus workload, List<VariantSample> samples, bool requireNoErrors = true)
    {
        var variants = samples.GroupBy(s => s.Variant).ToDictionary(
            g => g.Key,
            g => new VariantStats(g.Key, Median(g.Select(s => s.WallMs)), Median(g.Select(s => s.CpuMs)), Median(g.Select(s => s.ExecutionMs.Values.Sum())), Median(g.Select(s => s.AllocatedBytes / 1e6)), g.Count(),
                g.Min(s => s.WallMs), g.Min(s => s.ExecutionMs.Values.Sum())));
        var groups = new Dictionary<string, GroupStats>();
        foreach (var variant in samples.GroupBy(s => s.Variant))
        {
            foreach (var group in variant.SelectMany(s => s.ExecutionMs.Keys).Distinct())
            {
                groups[group] = new GroupStats(
                    group,
                    variant.Key,
                    Median(variant.Select(s => s.ExecutionMs.GetValueOrDefault(group))),
                    variant.Max(s => s.Diagnostics.GetValueOrDefault(group)),
                    variant.Min(s => s.ExecutionMs.GetValueOrDefault(group)));
            }
        }

        _scales.Add(new ScaleResult(
            workload.Label, workload.Scale, workload.Lines, workload.FileCount, requireNoErrors, variants, groups,
            samples.SelectMany(s => s.AnalyzerExceptions).Distinct().ToList(), samples.Max(s => s.CompilerErrors), samples));
    }

    public void AddEditor(IBenchCorpus corpus, Dictionary<string, EditorSamples> variants) =>
        _editors.Add(new EditorResult(corpus.Label, corpus.Scale, corpus.Lines, variants));

    public string Render()
    {
        var b = new StringBuilder();
        b.AppendLine("== Whole compilation (medians; sequential analysis; analyzer time = Roslyn's per-analyzer ExecutionTime) ==");
        foreach (var s in _scales)
        {
            var compiler = V(s, Harness.Compiler).WallMs;
            b.AppendLine($"-- {s.Label}: {s.Lines:N0} lines, {s.Files} files, compiler alone {compiler:N0} ms ({Per1k(compiler, s.Lines):N1} ms per 1,000 lines), {V(s, Harness.Compiler).Rounds} round(s)");
            var compilerCpu = V(s, Harness.Compiler).CpuMs;
            b.AppendLine($"   {"variant",-12}{"wall ms",10}{"CPU ms",10}{"CPU over compiler",20}{"analyzer ms",13}{"÷ compiler",12}{"alloc MB",10}");
            foreach (var v in s.Variants.Values.OrderBy(v => Order(v.Variant)))
            {
                var isCompiler = v.Variant == Harness.Compiler;
                var over = isCompiler ? "" : $"{v.CpuMs - compilerCpu:+#,0;-#,0;0} ({(v.CpuMs - compilerCpu) / compilerCpu:+0.00;-0.00;0})";
                var ratio = isCompiler ? "" : $"{v.AnalyzerMs / compiler:0.000}";
                b.AppendLine($"   {v.Variant,-12}{v.WallMs,10:N0}{v.CpuMs,10:N0}{over,20}{(isCompiler ? "" : v.AnalyzerMs.ToString("N1")),13}{ratio,12}{v.AllocatedMB,10:N0}");
            }

            b.AppendLine($"   {"analyzer (execution time)",-52}{"ms",9}{"÷ compiler",12}{"ms/1k lines",13}{"found",7}");
            foreach (var g in s.Groups.Values.OrderBy(g => Order(g.Variant)).ThenBy(g => g.Group, StringComparer.Ordinal))
            {
                b.AppendLine($"   {Trim(g.Group, 52),-52}{g.ExecutionMs,9:N1}{g.ExecutionMs / compiler,12:0.0000}{Per1k(g.ExecutionMs, s.Lines),13:N2}{g.Diagnostics,7}");
            }

            var asyncLint = V(s, Harness.AsyncLint);
            var nullMirror = V(s, Harness.Null);
            b.AppendLine($"   AsyncLint ÷ compiler: {asyncLint.AnalyzerMs / compiler:0.000} (target ≤ {TargetRatioToCompiler:0.00}) {Verdict(asyncLint.AnalyzerMs / compiler <= TargetRatioToCompiler)}; minimum over minimum {asyncLint.MinAnalyzerMs / V(s, Harness.Compiler).MinWallMs:0.000}");
            b.AppendLine($"   AsyncLint vs null mirrors: CPU over compiler {asyncLint.CpuMs - compilerCpu:N0} vs {nullMirror.CpuMs - compilerCpu:N0} ms = {RatioToNull(s):0.00}× (target ≤ {TargetRatioToNull:0.0}×; the driver's own cost is in both); rule logic = {asyncLint.CpuMs - nullMirror.CpuMs:N0} ms CPU, {asyncLint.AnalyzerMs:N1} vs {nullMirror.AnalyzerMs:N1} ms in callbacks");
            b.AppendLine($"   AsyncLint allocations (asynclint − null run): {Per1k((asyncLint.AllocatedMB - nullMirror.AllocatedMB) * 1e3, s.Lines):N0} KB per 1,000 lines");
            if (s.Variants.TryGetValue(Harness.Reference, out var reference))
            {
                b.AppendLine($"   this build vs the reference build: {asyncLint.AnalyzerMs:N1} vs {reference.AnalyzerMs:N1} ms in analyzers ({asyncLint.AnalyzerMs / reference.AnalyzerMs:0.00}×; minimum {asyncLint.MinAnalyzerMs:N1} vs {reference.MinAnalyzerMs:N1}, {asyncLint.MinAnalyzerMs / reference.MinAnalyzerMs:0.00}×), "
                    + $"CPU over the null mirrors {asyncLint.CpuMs - nullMirror.CpuMs:N0} vs {reference.CpuMs - nullMirror.CpuMs:N0} ms");
            }

            if (s.Groups.Values.Any(g => g.Variant == Harness.Peers))
            {
                var peerTotals = s.Groups.Values.Where(g => g.Variant == Harness.Peers).ToList();
                b.AppendLine("   side by side (analyzer time ÷ compiler): AsyncLint " + (asyncLint.AnalyzerMs / compiler).ToString("0.000") + "; "
                    + string.Join("; ", peerTotals.Select(p => p.Group + " " + (p.ExecutionMs / compiler).ToString("0.000"))));
            }

            foreach (var exception in s.Exceptions.Take(10))
            {
                b.AppendLine("   ANALYZER EXCEPTION: " + exception);
            }

            if (s.CompilerErrors > 0)
            {
                b.AppendLine(s.RequireNoErrors ? $"   CORPUS DOES NOT COMPILE: {s.CompilerErrors} error(s)" : $"   {s.CompilerErrors} compiler error(s) (the loader's fidelity: see the scan tool's projects table)");
            }
        }

        var generated = _scales.Where(s => s.Scale > 0).ToList();
        if (generated.Count > 1)
        {
            var first = generated[0];
            var last = generated[^1];
            b.AppendLine();
            b.AppendLine($"== Scaling: ms per 1,000 lines (execution time), {string.Join(" / ", generated.Select(s => s.Scale + "×"))}, and {last.Scale}× ÷ {first.Scale}× (target ≤ {TargetScaling}) ==");
            void Row(string name, Func<ScaleResult, double?> value, string format = "N2")
            {
                var values = generated.Select(s => value(s)).ToList();
                var growth = values[0] is > 0 && values[^1] is { } end ? end / values[0]!.Value : (double?)null;
                b.AppendLine($"   {Trim(name, 52),-52}{string.Join("", values.Select(v => (v is null ? "-" : v.Value.ToString(format)).PadLeft(10)))}{(growth is null ? "" : growth.Value.ToString("0.00")),9}");
            }

            Row("compiler (wall)", s => Per1k(V(s, Harness.Compiler).WallMs, s.Lines));
            Row("compiler (CPU)", s => Per1k(V(s, Harness.Compiler).CpuMs, s.Lines));
            Row("AsyncLint CPU over null mirrors", s => Per1k(V(s, Harness.AsyncLint).CpuMs - V(s, Harness.Null).CpuMs, s.Lines));
            Row("AsyncLint total", s => Per1k(V(s, Harness.AsyncLint).AnalyzerMs, s.Lines));
            Row("null mirrors total", s => Per1k(V(s, Harness.Null).AnalyzerMs, s.Lines));
            foreach (var group in _asyncLintGroups)
            {
                Row(group, s => s.Groups.TryGetValue(group, out var g) ? Per1k(g.ExecutionMs, s.Lines) : null);
            }

            Row("AsyncLint ÷ compiler (ratio, not per line)", s => V(s, Harness.AsyncLint).AnalyzerMs / V(s, Harness.Compiler).WallMs, "0.0000");
            Row("AsyncLint allocations, KB per 1,000 lines", s => Per1k((V(s, Harness.AsyncLint).AllocatedMB - V(s, Harness.Null).AllocatedMB) * 1e3, s.Lines));
        }

        foreach (var editor in _editors)
        {
            b.AppendLine();
            b.AppendLine($"== Editor: one document at a time (the compiler's diagnostics, then the analyzers' on the same semantic model), {editor.Variants.Values.First().WallMs.Count} documents of {editor.Label} ({editor.Lines:N0} lines), ms per document ==");
            b.AppendLine($"   {"variant",-12}{"wall p50",10}{"wall p99",10}{"analyzers p50",15}{"analyzers p99",15}{"p99 ÷ compiler",16}");
            var compilerP99 = Percentile(EditorWall(editor, Harness.Compiler), 99);
            foreach (var v in editor.Variants.Values.OrderBy(v => Order(v.Variant)))
            {
                var analyzers = v.Variant == Harness.Compiler ? $"{"",15}{"",15}" : $"{Percentile(v.AnalyzerMs, 50),15:N2}{Percentile(v.AnalyzerMs, 99),15:N2}";
                b.AppendLine($"   {v.Variant,-12}{Percentile(v.WallMs, 50),10:N2}{Percentile(v.WallMs, 99),10:N2}{analyzers}{Percentile(v.WallMs, 99) / compilerP99,16:0.00}");
            }

            var asyncLintP99 = Percentile(EditorWall(editor, Harness.AsyncLint), 99);
            var nullP99 = Percentile(EditorWall(editor, Harness.Null), 99);
            b.AppendLine($"   AsyncLint editor p99 ÷ the compiler alone: {asyncLintP99 / compilerP99:0.00}; ÷ the analyzer driver running the null mirrors: {asyncLintP99 / nullP99:0.00} (target ≤ {TargetEditorP99}) {Verdict(asyncLintP99 / nullP99 <= TargetEditorP99)}");
        }

        b.AppendLine();
        b.AppendLine($"total bench time {ElapsedSeconds:N0} s");
        return b.ToString();
    }

    public object ToJson() => new
    {
        options = new { _options.Quick, _options.Scales, _options.BaseLines, _options.Rounds, _options.PeerScales, _options.EditorDocuments, _options.EditorScale },
        host = new
        {
            dotnet = Environment.Version.ToString(),
            roslyn = typeof(Microsoft.CodeAnalysis.Compilation).Assembly.GetName().Version?.ToString(),
            cores = Environment.ProcessorCount,
            utc = DateTime.UtcNow,
        },
        targets = new { ratioToCompiler = TargetRatioToCompiler, ratioToNull = TargetRatioToNull, scaling = TargetScaling, editorP99 = TargetEditorP99 },
        asyncLintAnalyzers = _asyncLintGroups,
        peers = _peers,
        scales = _scales.Select(s => new
        {
            codebase = s.Scale == 0 ? s.Label : null,
            s.Scale,
            s.Lines,
            s.Files,
            compilerMs = V(s, Harness.Compiler).WallMs,
            variants = s.Variants.Values.Select(v => new { v.Variant, wallMs = v.WallMs, cpuMs = v.CpuMs, analyzerMs = v.AnalyzerMs, allocatedMB = v.AllocatedMB, v.Rounds, minWallMs = v.MinWallMs, minAnalyzerMs = v.MinAnalyzerMs }),
            minCompilerMs = V(s, Harness.Compiler).MinWallMs,
            asyncLintMinRatioToCompiler = V(s, Harness.AsyncLint).MinAnalyzerMs / V(s, Harness.Compiler).MinWallMs,
            analyzers = s.Groups.Values.Select(g => new
            {
                name = g.Group,
                g.Variant,
                executionMs = g.ExecutionMs,
                minExecutionMs = g.MinExecutionMs,
                ratioToCompiler = g.ExecutionMs / V(s, Harness.Compiler).WallMs,
                msPer1kLines = Per1k(g.ExecutionMs, s.Lines),
                diagnostics = g.Diagnostics,
            }),
            asyncLintRatioToCompiler = V(s, Harness.AsyncLint).AnalyzerMs / V(s, Harness.Compiler).WallMs,
            analyzerTypes = s.Samples.Where(x => x.Variant != Harness.Null).SelectMany(x => x.AnalyzerTypeMs.Keys.Select(type => (x.Variant, Type: type))).Distinct()
                .Select(k => new
                {
                    k.Variant,
                    name = k.Type,
                    executionMs = Median(s.Samples.Where(x => x.Variant == k.Variant).Select(x => x.AnalyzerTypeMs.GetValueOrDefault(k.Type))),
                    ratioToCompiler = Median(s.Samples.Where(x => x.Variant == k.Variant).Select(x => x.AnalyzerTypeMs.GetValueOrDefault(k.Type))) / V(s, Harness.Compiler).WallMs,
                }),
            asyncLintRatioToNullExecution = V(s, Harness.AsyncLint).AnalyzerMs / Math.Max(0.001, V(s, Harness.Null).AnalyzerMs),
            asyncLintRatioToNullCpuOverhead = RatioToNull(s),
            asyncLintAllocatedKBPer1kLines = Per1k((V(s, Harness.AsyncLint).AllocatedMB - V(s, Harness.Null).AllocatedMB) * 1e3, s.Lines),
            exceptions = s.Exceptions,
            s.CompilerErrors,
            samples = s.Samples,
        }),
        editor = _editors.Count == 0 ? null : EditorJson(_editors[0]),
        editors = _editors.Select(EditorJson),
        elapsedSeconds = ElapsedSeconds,
    };

    /// <summary>A variant's medians; NaN when the run left the variant out (--variants).</summary>
    private static VariantStats V(ScaleResult s, string variant) =>
        s.Variants.TryGetValue(variant, out var stats) ? stats : new VariantStats(variant, double.NaN, double.NaN, double.NaN, double.NaN, 0);

    private static List<double> EditorWall(EditorResult editor, string variant) =>
        editor.Variants.TryGetValue(variant, out var samples) ? samples.WallMs : new List<double>();

    private static object EditorJson(EditorResult editor) => new
    {
        codebase = editor.Scale == 0 ? editor.Label : null,
        editor.Scale,
        editor.Lines,
        asyncLintP99RatioToCompiler = Percentile(EditorWall(editor, Harness.AsyncLint), 99) / Percentile(EditorWall(editor, Harness.Compiler), 99),
        asyncLintP99RatioToNull = Percentile(EditorWall(editor, Harness.AsyncLint), 99) / Percentile(EditorWall(editor, Harness.Null), 99),
        variants = editor.Variants.Values.Select(v => new
        {
            v.Variant,
            wallP50 = Percentile(v.WallMs, 50),
            wallP99 = Percentile(v.WallMs, 99),
            analyzersP50 = v.AnalyzerMs.Count == 0 ? (double?)null : Percentile(v.AnalyzerMs, 50),
            analyzersP99 = v.AnalyzerMs.Count == 0 ? (double?)null : Percentile(v.AnalyzerMs, 99),
            v.WallMs,
            v.AnalyzerMs,
            v.Documents,
        }),
    };

    /// <summary>AsyncLint's CPU time over the compiler's, divided by the null mirrors' CPU time over the compiler's.</summary>
    private static double RatioToNull(ScaleResult s)
    {
        var compiler = V(s, Harness.Compiler).CpuMs;
        return (V(s, Harness.AsyncLint).CpuMs - compiler) / Math.Max(1, V(s, Harness.Null).CpuMs - compiler);
    }

    private static int Order(string variant) => variant switch
    {
        Harness.Compiler => 0,
        Harness.Null => 1,
        Harness.AsyncLint => 2,
        Harness.Reference => 3,
        _ => 4,
    };

    private static string Verdict(bool met) => met ? "met" : "NOT MET";

    private static string Trim(string text, int width) => text.Length <= width ? text : text.Substring(0, width - 1) + "…";

    private static double Per1k(double value, int lines) => value * 1000.0 / lines;

    internal static double Median(IEnumerable<double> values) => Percentile(values.ToList(), 50);

    internal static double Percentile(List<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.OrderBy(v => v).ToList();
        var rank = percentile / 100.0 * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }
}
