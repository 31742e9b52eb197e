using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncLint.Benchmarks;

/// <summary>One timed run of one variant over one corpus.</summary>
internal sealed class VariantSample
{
    public required string Variant { get; init; }
    public double WallMs { get; set; }
    public double CpuMs { get; set; }
    public long AllocatedBytes { get; set; }

    /// <summary>
    /// The time the runtime paused the process for garbage collections during the run, and the collections per generation:
    /// a blocking collection stops every thread, so it lands in whichever analyzer callback was running.
    /// </summary>
    public double GcPauseMs { get; set; }
    public int Gen0Collections { get; set; }
    public int Gen1Collections { get; set; }
    public int Gen2Collections { get; set; }
    public Dictionary<string, double> ExecutionMs { get; init; } = new();

    /// <summary>Execution time per analyzer class (a peer's total is split over its analyzers here).</summary>
    public Dictionary<string, double> AnalyzerTypeMs { get; init; } = new();
    public Dictionary<string, int> Diagnostics { get; init; } = new();
    public int CompilerErrors { get; set; }
    public List<string> AnalyzerExceptions { get; init; } = new();
}

/// <summary>Per-document editor timings for one variant.</summary>
internal sealed class EditorSamples
{
    public required string Variant { get; init; }
    public List<double> WallMs { get; } = new();
    public List<double> AnalyzerMs { get; } = new();
    public List<string> Documents { get; } = new();
}

/// <summary>The timed variants: the compiler alone, the null mirrors, AsyncLint, the peers.</summary>
internal sealed class Harness
{
    public const string Compiler = "compiler";
    public const string Null = "null";
    public const string AsyncLint = "asynclint";
    public const string Peers = "peers";
    public const string Reference = "reference";

    private readonly Dictionary<string, ReportDiagnostic> _ruleOptions;

    /// <param name="forcedRuleIds">the rules measured: on, as warnings, whatever the code base's own settings say.</param>
    /// <param name="silencedRuleIds">the other rules of the measured analyzers: off, so that only the rules compared are reported.</param>
    public Harness(IEnumerable<AnalyzerSet> sets, IEnumerable<string> forcedRuleIds, IEnumerable<string>? silencedRuleIds = null)
    {
        Sets = sets.ToDictionary(s => s.Name);
        _ruleOptions = new Dictionary<string, ReportDiagnostic>(StringComparer.Ordinal);
        foreach (var id in silencedRuleIds ?? Enumerable.Empty<string>())
        {
            _ruleOptions[id] = ReportDiagnostic.Suppress;
        }

        foreach (var id in forcedRuleIds)
        {
            _ruleOptions[id] = ReportDiagnostic.Warn;
        }
    }

    public Dictionary<string, AnalyzerSet> Sets { get; }

    public IEnumerable<string> Variants => new[] { Compiler }.Concat(Sets.Keys);

    /// <summary>
    /// The harness's options over a unit's own: a single-threaded compiler (its time is then its own work, comparable to
    /// the analyzers' execution times) and the measured rules forced on.
    /// </summary>
    public CSharpCompilationOptions Apply(CSharpCompilationOptions options) =>
        options.WithConcurrentBuild(false).WithSpecificDiagnosticOptions(options.SpecificDiagnosticOptions.SetItems(_ruleOptions));

    /// <summary>One variant over every unit of the corpus, each unit compiled afresh; times and counts summed over the units.</summary>
    public async Task<VariantSample> RunAsync(IBenchCorpus corpus, string variant)
    {
        var sample = new VariantSample { Variant = variant };
        foreach (var unit in corpus.Units)
        {
            await RunUnitAsync(unit, variant, sample).ConfigureAwait(false);
        }

        return sample;
    }

    private async Task RunUnitAsync(BenchUnit unit, string variant, VariantSample sample)
    {
        var compilation = unit.Create(Apply);
        Settle();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var pauseBefore = GC.GetTotalPauseDuration();
        var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        ImmutableArray<Diagnostic> diagnostics;
        CompilationWithAnalyzers? withAnalyzers = null;
        if (variant == Compiler)
        {
            diagnostics = compilation.GetDiagnostics();
        }
        else
        {
            withAnalyzers = compilation.WithAnalyzers(Sets[variant].Analyzers, Analysis(unit, sample.AnalyzerExceptions));
            diagnostics = await withAnalyzers.GetAllDiagnosticsAsync().ConfigureAwait(false);
        }

        stopwatch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        sample.WallMs += stopwatch.Elapsed.TotalMilliseconds;
        sample.CpuMs += cpu.TotalMilliseconds;
        sample.AllocatedBytes += allocated;
        sample.GcPauseMs += (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds;
        sample.Gen0Collections += GC.CollectionCount(0) - gen0;
        sample.Gen1Collections += GC.CollectionCount(1) - gen1;
        sample.Gen2Collections += GC.CollectionCount(2) - gen2;
        sample.CompilerErrors += diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("CS", StringComparison.Ordinal));
        if (withAnalyzers != null)
        {
            var set = Sets[variant];
            var result = await withAnalyzers.GetAnalysisResultAsync(CancellationToken.None).ConfigureAwait(false);
            foreach (var analyzer in set.Analyzers)
            {
                var time = result.AnalyzerTelemetryInfo.TryGetValue(analyzer, out var telemetry) ? telemetry.ExecutionTime : TimeSpan.Zero;
                var group = set.GroupOf(analyzer);
                sample.ExecutionMs[group] = sample.ExecutionMs.GetValueOrDefault(group) + time.TotalMilliseconds;
                var type = analyzer.GetType().Name;
                sample.AnalyzerTypeMs[type] = sample.AnalyzerTypeMs.GetValueOrDefault(type) + time.TotalMilliseconds;
                sample.Diagnostics.TryAdd(group, 0);
            }

            var groupOfId = GroupsById(set);
            foreach (var diagnostic in diagnostics)
            {
                if (groupOfId.TryGetValue(diagnostic.Id, out var group))
                {
                    sample.Diagnostics[group]++;
                }
            }
        }
    }

    /// <summary>
    /// The editor's cost: one document at a time, as the IDE asks for one open file's diagnostics: the compiler's
    /// (binding the document) and, in an analyzer variant, the analyzers' on the same semantic model. Each variant has
    /// its own compilations whose declarations are bound, and whose analyzers have started, before timing starts; the
    /// documents are measured in turn, each variant on each document, in an order that rotates so that drift hits
    /// every variant alike.
    /// </summary>
    public async Task<Dictionary<string, EditorSamples>> RunEditorAsync(IBenchCorpus corpus, int documents)
    {
        var sample = corpus.EditorDocuments(documents);
        var variants = Variants.ToList();
        var compilations = new Dictionary<(string Variant, BenchUnit Unit), Compilation>();
        var analyzers = new Dictionary<(string Variant, BenchUnit Unit), CompilationWithAnalyzers>();
        var results = variants.ToDictionary(v => v, v => new EditorSamples { Variant = v });
        foreach (var variant in variants)
        {
            foreach (var unit in sample.Select(d => d.Unit).Distinct())
            {
                var compilation = unit.Create(Apply);
                var warmTree = compilation.SyntaxTrees.First(t => !sample.Any(d => d.Tree.FilePath == t.FilePath));
                if (variant != Compiler)
                {
                    // The analyzers' compilation (it carries the driver's event queue and semantic model cache) is the one
                    // the compiler's diagnostics come from too, so that both share one semantic model per document, as in the IDE.
                    var withAnalyzers = compilation.WithAnalyzers(Sets[variant].Analyzers, Analysis(unit, new List<string>()));
                    compilation = withAnalyzers.Compilation;
                    analyzers[(variant, unit)] = withAnalyzers;
                }

                compilation.GetDeclarationDiagnostics();
                var warmModel = compilation.GetSemanticModel(warmTree);
                warmModel.GetDiagnostics();
                if (analyzers.GetValueOrDefault((variant, unit)) is { } started)
                {
                    await started.GetAnalyzerSemanticDiagnosticsAsync(warmModel, null, CancellationToken.None).ConfigureAwait(false);
                }

                compilations[(variant, unit)] = compilation;
            }
        }

        for (var d = 0; d < sample.Count; d++)
        {
            var (unit, parsed) = sample[d];
            for (var k = 0; k < variants.Count; k++)
            {
                var variant = variants[(d + k) % variants.Count];
                var compilation = compilations[(variant, unit)];
                var tree = compilation.SyntaxTrees.First(t => t.FilePath == parsed.FilePath);
                var withAnalyzers = analyzers.GetValueOrDefault((variant, unit));
                var before = withAnalyzers is null ? 0 : await ExecutionTimeAsync(withAnalyzers).ConfigureAwait(false);
                var stopwatch = Stopwatch.StartNew();
                var model = compilation.GetSemanticModel(tree);
                model.GetDiagnostics();
                if (withAnalyzers != null)
                {
                    await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, null, CancellationToken.None).ConfigureAwait(false);
                }

                results[variant].WallMs.Add(stopwatch.Elapsed.TotalMilliseconds);
                results[variant].Documents.Add(Path.GetFileName(tree.FilePath));
                if (withAnalyzers != null)
                {
                    results[variant].AnalyzerMs.Add(await ExecutionTimeAsync(withAnalyzers).ConfigureAwait(false) - before);
                }
            }
        }

        return results;
    }

    private static async Task<double> ExecutionTimeAsync(CompilationWithAnalyzers withAnalyzers)
    {
        var total = 0.0;
        foreach (var analyzer in withAnalyzers.Analyzers)
        {
            total += (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).ConfigureAwait(false)).ExecutionTime.TotalMilliseconds;
        }

        return total;
    }

    private static CompilationWithAnalyzersOptions Analysis(BenchUnit unit, List<string> exceptions) => new(
        unit.AnalyzerConfig is null ? new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty) : new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, unit.AnalyzerConfig),
        onAnalyzerException: (exception, analyzer, _) =>
        {
            lock (exceptions)
            {
                exceptions.Add(analyzer.GetType().Name + ": " + exception.GetType().Name + ": " + exception.Message);
            }
        },
        // Sequential analysis: the execution times are then each analyzer's own, not inflated by contention on a shared 2-core machine.
        concurrentAnalysis: false,
        logAnalyzerExecutionTime: true,
        reportSuppressedDiagnostics: false);

    private static Dictionary<string, string> GroupsById(AnalyzerSet set)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var analyzer in set.Analyzers)
        {
            foreach (var descriptor in analyzer.SupportedDiagnostics.Where(d => set.CountedIds is null || set.CountedIds.Contains(d.Id)))
            {
                map.TryAdd(descriptor.Id, set.GroupOf(analyzer));
            }
        }

        return map;
    }

    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
