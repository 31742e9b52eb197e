using AsyncLint.RealCode;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AsyncLint.Benchmarks;

/// <summary>
/// A pinned real code base (tools/AsyncLint.RealCode/codebases.json) compiled by the scan tool's loader: every selected
/// project is one unit, compiled afresh for each timed run with its own options, references and generated sources.
/// </summary>
internal sealed class RealCodebase : IBenchCorpus
{
    private RealCodebase(string label, IReadOnlyList<LoadedProject> projects)
    {
        Label = label;
        Projects = projects;
        Units = projects.Select(p => new BenchUnit(
            p.Model.Name,
            apply => p.Fresh().WithOptions(apply((CSharpCompilationOptions)p.Compilation.Options)),
            p.AnalyzerOptions)).ToList();
        var handWritten = projects.SelectMany(p => p.Compilation.SyntaxTrees.Where(t => !LoadedProject.IsGenerated(t))).ToList();
        FileCount = handWritten.Count;
        Lines = handWritten.Sum(t => t.GetText().Lines.Count);
    }

    public string Label { get; }

    public int Scale => 0;

    public int Lines { get; }

    public int FileCount { get; }

    public IReadOnlyList<LoadedProject> Projects { get; }

    public IReadOnlyList<BenchUnit> Units { get; }

    public static RealCodebase Load(string name, string mirror, TextWriter log)
    {
        var codebase = Codebase.Find(name);
        var cache = new LoadOptions { Root = "/" }.CacheDirectory;
        var root = codebase.Extract(mirror, cache);
        var loader = new CodebaseLoader(new LoadOptions { Root = root, Only = codebase.Only, Exclude = codebase.Exclude, CacheDirectory = cache }, log);
        var projects = loader.Load(CancellationToken.None);
        foreach (var project in projects)
        {
            var errors = project.Compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
            log.WriteLine($"  {project.Model.Name} ({project.Model.TargetFramework}): {project.Compilation.SyntaxTrees.Count()} trees, {errors} compiler error(s)");
        }

        return new RealCodebase(codebase.Name, projects);
    }

    /// <summary>The largest hand-written files: what an editor pays most for.</summary>
    public IReadOnlyList<(BenchUnit Unit, SyntaxTree Tree)> EditorDocuments(int count) =>
        Projects.SelectMany((p, i) => p.Compilation.SyntaxTrees.Where(t => !LoadedProject.IsGenerated(t)).Select(t => (Unit: Units[i], Tree: t)))
            .OrderByDescending(d => d.Tree.Length)
            .ThenBy(d => d.Tree.FilePath, StringComparer.Ordinal)
            .Take(count)
            .ToList();
}

/// <summary>
/// What a code base's compilations cost regardless of their size: each project's options, references and analyzer options
/// with one small file instead of its sources (an async method awaiting a task, so that every analyzer starts and
/// registers its actions). The analyzers' time on it is their per-compilation work: type resolution, context building,
/// option reading, registrations, compilation-end actions with nothing to do.
/// </summary>
internal sealed class FixedCostCorpus : IBenchCorpus
{
    private const string Probe = """
        using System.Threading.Tasks;

        internal static class FixedCostProbe
        {
            internal static async Task RunAsync()
            {
                await Task.Delay(1).ConfigureAwait(false);
            }
        }
        """;

    public FixedCostCorpus(RealCodebase codebase)
    {
        Label = codebase.Label + "-fixed";
        Units = codebase.Projects.Select(p =>
        {
            var tree = CSharpSyntaxTree.ParseText(Probe, (CSharpParseOptions)p.Compilation.SyntaxTrees.First().Options, path: "/fixed-cost/FixedCostProbe.cs");
            return new BenchUnit(
                p.Model.Name,
                apply => CSharpCompilation.Create(p.Compilation.AssemblyName, new[] { tree }, p.Compilation.References, apply((CSharpCompilationOptions)p.Compilation.Options)),
                p.AnalyzerOptions);
        }).ToList();
        Lines = Probe.Split('\n').Length * Units.Count;
    }

    public string Label { get; }

    public int Scale => 0;

    public int Lines { get; }

    public int FileCount => Units.Count;

    public IReadOnlyList<BenchUnit> Units { get; }

    public IReadOnlyList<(BenchUnit Unit, SyntaxTree Tree)> EditorDocuments(int count) => Array.Empty<(BenchUnit, SyntaxTree)>();
}
