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
    public double WallMs { get; init; }
    public double CpuMs { get; init; }
    public long AllocatedBytes { get; init; }
    public Dictionary<string, double> ExecutionMs { get; init; } = new();
    public Dictionary<string, int> Diagnostics { get; init; } = new();
    public int CompilerErrors { get; init; }
    public List<string> AnalyzerExceptions { get; init; } = new();
}

/// <summary>Per-document editor timings for one variant.</summary>
internal sealed class EditorSamples
{
    public required string Variant { get; init; }
    public List<double> WallMs { get; } = new();
    public List<double> AnalyzerMs { get; } = new();
}

/// <summary>The timed variants: the compiler alone, the null mirrors, AsyncLint, the peers.</summary>
internal sealed class Harness
{
    public const string Compiler = "compiler";
    public const string Null = "null";
    public const string AsyncLint = "asynclint";
    public const string Peers = "peers";

    private readonly CSharpCompilationOptions _options;
    private readonly AnalyzerOptions _analyzerOptions = new(ImmutableArray<AdditionalText>.Empty);

    public Harness(IEnumerable<AnalyzerSet> sets, IEnumerable<string> forcedRuleIds)
    {
        Sets = sets.ToDictionary(s => s.Name);
        _options = new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                concurrentBuild: false)
            .WithSpecificDiagnosticOptions(forcedRuleIds.Distinct().Select(id => KeyValuePair.Create(id, ReportDiagnostic.Warn)));
    }

    public Dictionary<string, AnalyzerSet> Sets { get; }

    public CSharpCompilationOptions Options => _options;

    public IEnumerable<string> Variants => new[] { Compiler }.Concat(Sets.Keys);

    public async Task<VariantSample> RunAsync(Workload workload, string variant)
    {
        var compilation = workload.Compile(_options);
        var exceptions = new List<string>();
        Settle();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
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
            withAnalyzers = compilation.WithAnalyzers(Sets[variant].Analyzers, Analysis(exceptions));
            diagnostics = await withAnalyzers.GetAllDiagnosticsAsync().ConfigureAwait(false);
        }

        stopwatch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var sample = new VariantSample
        {
            Variant = variant,
            WallMs = stopwatch.Elapsed.TotalMilliseconds,
            CpuMs = cpu.TotalMilliseconds,
            AllocatedBytes = allocated,
            CompilerErrors = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("CS", StringComparison.Ordinal)),
            AnalyzerExceptions = exceptions,
        };
        if (withAnalyzers != null)
        {
            var set = Sets[variant];
            var result = await withAnalyzers.GetAnalysisResultAsync(CancellationToken.None).ConfigureAwait(false);
            foreach (var analyzer in set.Analyzers)
            {
                var time = result.AnalyzerTelemetryInfo.TryGetValue(analyzer, out var telemetry) ? telemetry.ExecutionTime : TimeSpan.Zero;
                var group = set.GroupOf(analyzer);
                sample.ExecutionMs[group] = sample.ExecutionMs.GetValueOrDefault(group) + time.TotalMilliseconds;
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

        return sample;
    }

    /// <summary>
    /// The editor's cost: one document at a time, as the IDE asks for one open file's diagnostics. Each variant has
    /// its own compilation whose declarations are bound before timing starts; the documents are measured in turn,
    /// each variant on each document, in an order that rotates so that drift hits every variant alike.
    /// </summary>
    public async Task<Dictionary<string, EditorSamples>> RunEditorAsync(Workload workload, int documents)
    {
        var trees = workload.Trees;
        var step = Math.Max(1, (trees.Length - 1) / documents);
        var sample = Enumerable.Range(0, documents).Select(i => 1 + i * step).Where(i => i < trees.Length).Select(i => trees[i]).ToList();
        var warmTree = trees[0];

        var variants = Variants.ToList();
        var compilers = new Dictionary<string, Compilation>();
        var analyzers = new Dictionary<string, CompilationWithAnalyzers>();
        var results = variants.ToDictionary(v => v, v => new EditorSamples { Variant = v });
        foreach (var variant in variants)
        {
            var compilation = workload.Compile(_options);
            if (variant == Compiler)
            {
                compilation.GetDeclarationDiagnostics();
                compilation.GetSemanticModel(warmTree).GetDiagnostics();
                compilers[variant] = compilation;
            }
            else
            {
                var withAnalyzers = compilation.WithAnalyzers(Sets[variant].Analyzers, Analysis(new List<string>()));
                await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(withAnalyzers.Compilation.GetSemanticModel(warmTree), null, CancellationToken.None).ConfigureAwait(false);
                analyzers[variant] = withAnalyzers;
            }
        }

        for (var d = 0; d < sample.Count; d++)
        {
            var tree = sample[d];
            for (var k = 0; k < variants.Count; k++)
            {
                var variant = variants[(d + k) % variants.Count];
                if (variant == Compiler)
                {
                    var stopwatch = Stopwatch.StartNew();
                    compilers[variant].GetSemanticModel(tree).GetDiagnostics();
                    results[variant].WallMs.Add(stopwatch.Elapsed.TotalMilliseconds);
                }
                else
                {
                    var withAnalyzers = analyzers[variant];
                    var before = await ExecutionTimeAsync(withAnalyzers).ConfigureAwait(false);
                    var stopwatch = Stopwatch.StartNew();
                    await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(withAnalyzers.Compilation.GetSemanticModel(tree), null, CancellationToken.None).ConfigureAwait(false);
                    results[variant].WallMs.Add(stopwatch.Elapsed.TotalMilliseconds);
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

    private CompilationWithAnalyzersOptions Analysis(List<string> exceptions) => new(
        _analyzerOptions,
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
