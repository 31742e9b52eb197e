using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncLint.Benchmarks;

/// <summary>A measured set of analyzers, grouped under the names the report shows (an AsyncLint analyzer, a peer…).</summary>
/// <remarks><paramref name="CountedIds"/>: the rule IDs whose diagnostics are counted (null: all the set supports).</remarks>
internal sealed record AnalyzerSet(string Name, ImmutableArray<DiagnosticAnalyzer> Analyzers, Func<DiagnosticAnalyzer, string> GroupOf, ISet<string>? CountedIds);

/// <summary>
/// One compilation the harness times: <paramref name="Create"/> makes it afresh (nothing bound yet) with the harness's
/// options applied to the unit's own; <paramref name="AnalyzerConfig"/> is what a build would pass the analyzers.
/// </summary>
internal sealed record BenchUnit(string Name, Func<Func<CSharpCompilationOptions, CSharpCompilationOptions>, Compilation> Create, AnalyzerConfigOptionsProvider? AnalyzerConfig);

/// <summary>What one row of the report measures: the generated corpus at one scale, or a real code base (all its projects).</summary>
internal interface IBenchCorpus
{
    /// <summary>"4×" for the generated corpus, the code base's name for real code.</summary>
    string Label { get; }

    /// <summary>The generated corpus's scale; 0 for real code.</summary>
    int Scale { get; }

    /// <summary>Lines of the hand-written sources (generated files are compiled and analyzed but not counted).</summary>
    int Lines { get; }

    int FileCount { get; }

    IReadOnlyList<BenchUnit> Units { get; }

    /// <summary>The documents editor mode measures, each with the unit it belongs to.</summary>
    IReadOnlyList<(BenchUnit Unit, SyntaxTree Tree)> EditorDocuments(int count);
}

/// <summary>The corpus of one size, parsed once; every timed variant compiles it afresh from the same trees.</summary>
internal sealed class Workload : IBenchCorpus
{
    private Workload(int scale, IReadOnlyList<CorpusFile> files, ImmutableArray<SyntaxTree> trees, int lines)
    {
        Scale = scale;
        Files = files;
        Trees = trees;
        Lines = lines;
    }

    public int Scale { get; }
    public IReadOnlyList<CorpusFile> Files { get; }
    public ImmutableArray<SyntaxTree> Trees { get; }
    public int Lines { get; }

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    public string Label => Scale + "×";

    public int FileCount => Trees.Length;

    public IReadOnlyList<BenchUnit> Units => _units ??= new[] { new BenchUnit("Corpus" + Scale, apply => Compile(apply(BaseOptions)), null) };

    private BenchUnit[]? _units;

    /// <summary>The corpus's own options: a nullable-enabled library.</summary>
    public static CSharpCompilationOptions BaseOptions { get; } = new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    /// <summary>Evenly spread over the corpus, the first file left out (it warms the compilation up).</summary>
    public IReadOnlyList<(BenchUnit Unit, SyntaxTree Tree)> EditorDocuments(int count)
    {
        var unit = Units[0];
        var step = Math.Max(1, (Trees.Length - 1) / count);
        return Enumerable.Range(0, count).Select(i => 1 + i * step).Where(i => i < Trees.Length).Select(i => (unit, Trees[i])).ToList();
    }

    public static Workload Create(int scale, int baseLines)
    {
        var files = CorpusGenerator.Generate(scale * baseLines);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, path: f.Path)).ToImmutableArray();
        return new Workload(scale, files, trees, files.Sum(f => f.Lines));
    }

    /// <summary>A fresh compilation: no binding done yet, so each variant pays the compiler's full work.</summary>
    public CSharpCompilation Compile(CSharpCompilationOptions options) =>
        CSharpCompilation.Create("Corpus" + Scale, Trees, References.Value, options);

    public static Lazy<ImmutableArray<MetadataReference>> References { get; } = new(LoadReferences);

    /// <summary>The reference pack of the running .NET (what a build compiles against); the runtime's own assemblies if no pack is installed.</summary>
    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory();
        var version = Path.GetFileName(runtimeDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        var tfm = "net" + Environment.Version.Major + "." + Environment.Version.Minor;
        var candidates = Directory.Exists(packs)
            ? Directory.GetDirectories(packs).OrderByDescending(d => d == Path.Combine(packs, version)).ThenByDescending(d => d, StringComparer.Ordinal)
                .Select(d => Path.Combine(d, "ref", tfm)).Where(Directory.Exists)
            : Enumerable.Empty<string>();
        var folder = candidates.FirstOrDefault();
        var paths = folder != null
            ? Directory.GetFiles(folder, "*.dll")
            : ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
                .ToArray();
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }
}

/// <summary>AsyncLint's analyzers, found by reflection so that every rule merged later is measured without a change here.</summary>
internal static class AsyncLintAnalyzers
{
    public static Assembly Assembly { get; } = typeof(AsyncLint.RuleIds).Assembly;

    public static ImmutableArray<DiagnosticAnalyzer> Discover() => Discover(Assembly);

    /// <summary>
    /// The analyzers of another build of AsyncLint (say, main's, before an optimization), loaded beside this one in its
    /// own load context: the same run then times both on the same compilations, interleaved, under the same load.
    /// </summary>
    public static ImmutableArray<DiagnosticAnalyzer> DiscoverReference(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, "AsyncLint.dll") : path;
        var context = new Peers.PeerLoadContext("reference AsyncLint", Path.GetDirectoryName(Path.GetFullPath(file))!);
        return Discover(context.LoadFromAssemblyPath(Path.GetFullPath(file)));
    }

    private static ImmutableArray<DiagnosticAnalyzer> Discover(Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)
                && t.GetCustomAttributes<DiagnosticAnalyzerAttribute>(inherit: false).Any(a => a.Languages.Contains(LanguageNames.CSharp)))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    public static string Label(DiagnosticAnalyzer analyzer) =>
        string.Join("/", analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal))
        + " " + analyzer.GetType().Name;
}
