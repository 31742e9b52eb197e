using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AsyncLint.Benchmarks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

var total = Stopwatch.StartNew();
var log = Console.Out;
var realCode = options.Codebases.Length > 0;
log.WriteLine(realCode
    ? $"AsyncLint bench on real code: {string.Join(", ", options.Codebases)}, {options.Rounds} round(s), editor {(options.EditorDocuments > 0 ? "the " + options.EditorDocuments + " largest files" : "off")}, peers {(options.Peers ? "on" : "off")}"
    : $"AsyncLint bench: scales {string.Join(",", options.Scales)} × {options.BaseLines} lines, {options.Rounds} round(s), "
        + $"editor {(options.EditorDocuments > 0 ? options.EditorDocuments + " documents at " + options.EditorScale + "×" : "off")}, "
        + $"peers {(options.Peers ? "at " + string.Join(",", options.PeerScales) + "×" : "off")}");
log.WriteLine($"host: .NET {Environment.Version}, Roslyn {typeof(Compilation).Assembly.GetName().Version}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

// AsyncLint, found by reflection.
var asyncLint = AsyncLintAnalyzers.Discover();
var labels = asyncLint.ToDictionary(a => a, AsyncLintAnalyzers.Label);
log.WriteLine($"AsyncLint: {asyncLint.Length} analyzer(s): {string.Join(", ", labels.Values)}");

// The corpora, in the order they are measured: the generated corpus at each scale, or the real code bases (loaded when their turn comes).
var corpora = realCode
    ? options.Codebases.Select(name => new Lazy<IBenchCorpus>(() =>
    {
        log.WriteLine($"loading {name}…");
        var codebase = RealCodebase.Load(name, options.Mirror, log);
        return options.FixedCost ? new FixedCostCorpus(codebase) : (IBenchCorpus)codebase;
    })).ToList()
    : options.Scales.Select(scale => new Lazy<IBenchCorpus>(() => Workload.Create(scale, options.BaseLines))).ToList();

// The null mirrors: what each AsyncLint analyzer registers, recorded against a real compilation, registered again with empty callbacks.
var recordingUnit = corpora[0].Value.Units[0];
var recordingOptions = recordingUnit.AnalyzerConfig is null
    ? new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty)
    : new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, recordingUnit.AnalyzerConfig);
var recordingCompilation = recordingUnit.Create(o => o);
var mirrors = asyncLint.Select(a =>
{
    var registrations = Registrations.Record(a, recordingCompilation, recordingOptions);
    log.WriteLine($"  {labels[a]}: {registrations}");
    return new NullMirrorAnalyzer(labels[a], registrations);
}).ToImmutableArray();

var sets = new List<AnalyzerSet>
{
    new(Harness.Null, mirrors.CastArray<DiagnosticAnalyzer>(), a => "null " + ((NullMirrorAnalyzer)a).MirrorOf, null),
    new(Harness.AsyncLint, asyncLint, a => labels[a], null),
};
if (options.LazyAsync105)
{
    // Issue 14, item 6: the same rules with ASYNC105 reported per document from lazy summaries (LazyTransitiveBlocking.cs).
    var lazy = asyncLint.Select(a => a is AsyncLint.Rules.TransitiveBlockingAnalyzer ? new LazyTransitiveBlockingAnalyzer() : a).ToImmutableArray();
    sets.Add(new("asynclint-lazy105", lazy, a => a is LazyTransitiveBlockingAnalyzer ? "ASYNC105 LazyTransitiveBlockingAnalyzer" : labels[a], null));
}

if (options.ReferenceBuild != null)
{
    var reference = AsyncLintAnalyzers.DiscoverReference(options.ReferenceBuild);
    log.WriteLine($"reference build {options.ReferenceBuild}: {reference.Length} analyzer(s)");
    sets.Add(new(Harness.Reference, reference, a => "reference " + AsyncLintAnalyzers.Label(a), null));
}

var forced = asyncLint.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToList();
var silenced = new List<string>();

var peerInfo = new List<object>();
if (options.Peers)
{
    var hostRoslyn = typeof(Compilation).Assembly.GetName().Version!;
    var loaded = Peers.Load(log, new Version(hostRoslyn.Major, hostRoslyn.Minor))
        .Where(p => options.PeerNames.Length == 0 || options.PeerNames.Any(n => p.Package.Name.StartsWith(n, StringComparison.OrdinalIgnoreCase)))
        .ToList();
    var peerOf = new Dictionary<DiagnosticAnalyzer, string>();
    foreach (var peer in loaded)
    {
        log.WriteLine($"peer {peer.Package.Name} {peer.Package.Version}: {peer.Analyzers.Count} analyzer(s) for {string.Join(",", peer.Package.RuleIds)} from {peer.Folder}");
        foreach (var analyzer in peer.Analyzers)
        {
            peerOf[analyzer] = peer.Package.Name;
        }

        forced.AddRange(peer.Package.RuleIds);
        // The peer analyzers' other rules are off: a user who wants only the async rules turns the rest off too.
        silenced.AddRange(peer.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Where(id => !peer.Package.RuleIds.Contains(id)));
        peerInfo.Add(new { peer.Package.Name, peer.Package.PackageId, peer.Package.Version, peer.Package.RuleIds, Analyzers = peer.Analyzers.Select(a => a.GetType().FullName).ToList() });
    }

    if (peerOf.Count > 0)
    {
        sets.Add(new(Harness.Peers, peerOf.Keys.ToImmutableArray(), a => peerOf[a], loaded.SelectMany(p => p.Package.RuleIds).ToHashSet()));
    }
}

var harness = new Harness(sets, forced, silenced);
var report = new BenchReport(options, labels.Values.ToList(), peerInfo);

// Warm-up: JIT the compiler, the driver and every analyzer once, untimed (not in quick mode: it runs once, cold).
if (!options.Quick)
{
    log.WriteLine("warm-up…");
    // Tiered compilation keeps recompiling hot code for a while: on real code (larger than the 1× corpus) every variant
    // runs --warmup times (default 2) before the first timed round.
    for (var warm = 0; warm < (realCode ? options.Warmup : 1); warm++)
    {
        foreach (var variant in harness.Variants.Where(v => options.Variants.Length == 0 || options.Variants.Contains(v)))
        {
            await harness.RunAsync(corpora[0].Value, variant);
        }
    }
}

foreach (var lazy in corpora)
{
    var corpus = lazy.Value;
    var variants = harness.Variants.Where(v => (v != Harness.Peers || realCode || options.PeerScales.Contains(corpus.Scale))
        && (options.Variants.Length == 0 || options.Variants.Contains(v))).ToList();
    var rounds = options.RoundsFor(corpus.Scale);
    log.WriteLine($"{corpus.Label}: {corpus.Lines:N0} lines in {corpus.FileCount} files, {corpus.Units.Count} compilation(s); {rounds} round(s) of {string.Join(", ", variants)}");
    var samples = new List<VariantSample>();
    for (var round = 0; round < rounds; round++)
    {
        // Interleaved: every round runs every variant, starting one further along, so that drift on a shared machine hits all alike.
        for (var k = 0; k < variants.Count; k++)
        {
            var variant = variants[(round + k) % variants.Count];
            var sample = await harness.RunAsync(corpus, variant);
            samples.Add(sample);
            log.WriteLine($"  round {round + 1} {variant,-10} {sample.WallMs,10:N0} ms wall, {sample.CpuMs,10:N0} ms CPU, {sample.ExecutionMs.Values.Sum(),8:N0} ms in analyzers, {sample.AllocatedBytes / 1e6,8:N0} MB, GC {sample.GcPauseMs,6:N0} ms paused ({sample.Gen0Collections}/{sample.Gen1Collections}/{sample.Gen2Collections})");
            foreach (var exception in sample.AnalyzerExceptions.Distinct().Take(5))
            {
                log.WriteLine("    ANALYZER EXCEPTION " + exception);
            }

            if (sample.CompilerErrors > 0 && !realCode)
            {
                log.WriteLine($"    {sample.CompilerErrors} compiler error(s) in the corpus: the generator is broken");
            }
        }
    }

    report.AddScale(corpus, samples, requireNoErrors: !realCode);
    if (realCode && options.EditorDocuments > 0)
    {
        log.WriteLine($"editor: the {options.EditorDocuments} largest files of {corpus.Label}");
        report.AddEditor(corpus, await harness.RunEditorAsync(corpus, options.EditorDocuments));
    }

    // What is measured so far, in case a long run is cut short on a busy machine.
    report.ElapsedSeconds = total.Elapsed.TotalSeconds;
    log.WriteLine(report.Render());
    WriteJson();
}

if (!realCode && options.EditorDocuments > 0)
{
    var editorCorpus = corpora.Select(c => c.Value).FirstOrDefault(c => c.Scale == options.EditorScale) ?? Workload.Create(options.EditorScale, options.BaseLines);
    log.WriteLine($"editor: {options.EditorDocuments} documents of the {options.EditorScale}× corpus ({editorCorpus.Lines:N0} lines)");
    report.AddEditor(editorCorpus, await harness.RunEditorAsync(editorCorpus, options.EditorDocuments));
}

report.ElapsedSeconds = total.Elapsed.TotalSeconds;
var table = report.Render();
log.WriteLine();
log.WriteLine(table);
WriteJson();
log.WriteLine("JSON: " + Path.GetFullPath(options.JsonPath));
return report.Failed ? 1 : 0;

void WriteJson()
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.JsonPath))!);
    File.WriteAllText(options.JsonPath, JsonSerializer.Serialize(report.ToJson(), new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
}

internal sealed class BenchOptions
{
    public const string Usage = """
Usage: dotnet run -c Release --project bench/AsyncLint.Benchmarks -- [options]
  --quick               the smallest scale once, no warm-up, 5 editor documents (what the smoke test runs)
  --scales 1,4,16       corpus sizes as multiples of the base
  --base-lines 25000    lines of the 1× corpus
  --rounds 5            timed rounds at 1× (fewer at larger scales: at most 3 at 4×, 2 above)
  --peer-scales 1,4     scales at which the peers run too (all scales: --peer-scales all)
  --no-peers            do not restore or run the peer analyzers
  --lazy-async105       add a variant with ASYNC105 reported per document from lazy summaries (issue 14, item 6)
  --editor-docs 50      documents in editor mode (0: off)
  --editor-scale 16     corpus size for editor mode
  --json PATH           where to write the JSON (default bench/results/bench.json under the repository)
Real code (instead of the generated corpus):
  --codebase a,b        the pinned code bases of tools/AsyncLint.RealCode/codebases.json (mqttnet, rabbitmq, redis,
                        npgsql, bitwarden, jellyfin), each compiled as the scan tool does; 3 rounds unless --rounds;
                        editor mode on the --editor-docs (default 20) largest files of each
  --mirror DIR          where the fetched bare git dirs are (default /work/.mirror)
  --reference-build DIR another build of AsyncLint (its folder or AsyncLint.dll, e.g. main's) timed as the variant
                        "reference" in the same run: before/after an optimization under the same load
  --warmup 2            untimed runs of every variant before the first round (real code)
  --peers CA,Sonar      only the peers whose name starts with one of these (vs-threading, AsyncFixer, Meziantou, CA, Sonar)
  --variants a,b        run only these of compiler, null, asynclint, peers, reference (e.g. to profile one; the report then
                        lacks the ratios that need the others)
  --fixed-cost          each project of the code bases with one small file instead of its sources (same options,
                        references and analyzer options): what every variant pays per compilation whatever its size
""";

    public bool Help { get; private set; }
    public bool Quick { get; private set; }
    public int[] Scales { get; private set; } = { 1, 4, 16 };
    public int BaseLines { get; private set; } = 25_000;
    public int Rounds { get; private set; } = 5;
    public bool Peers { get; private set; } = true;
    public bool LazyAsync105 { get; private set; }
    public int[] PeerScales { get; private set; } = { 1, 4 };
    public int EditorDocuments { get; private set; } = 50;
    public int EditorScale { get; private set; } = 16;
    public string JsonPath { get; private set; } = DefaultJsonPath();
    public string[] Codebases { get; private set; } = Array.Empty<string>();
    public string Mirror { get; private set; } = "/work/.mirror";
    public string[] Variants { get; private set; } = Array.Empty<string>();
    public string? ReferenceBuild { get; private set; }
    public int Warmup { get; private set; } = 2;
    public string[] PeerNames { get; private set; } = Array.Empty<string>();
    public bool FixedCost { get; private set; }

    /// <summary>Rounds at a scale of the generated corpus (0: real code, which runs --rounds, 3 by default).</summary>
    public int RoundsFor(int scale) => Quick ? 1 : scale <= 1 ? Rounds : scale <= 4 ? Math.Min(Rounds, 3) : Math.Min(Rounds, 2);

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        var explicitEditorScale = false;
        var explicitPeerScales = false;
        var explicitEditorDocs = false;
        var explicitRounds = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException("missing value after " + args[i]);
            switch (args[i])
            {
                case "--help" or "-h": o.Help = true; break;
                case "--quick": o.Quick = true; break;
                case "--scales": o.Scales = Ints(Next()); break;
                case "--base-lines": o.BaseLines = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--rounds": o.Rounds = int.Parse(Next(), CultureInfo.InvariantCulture); explicitRounds = true; break;
                case "--no-peers": o.Peers = false; break;
                case "--lazy-async105": o.LazyAsync105 = true; break;
                case "--peer-scales":
                    var value = Next();
                    if (value == "all") { o.AllPeerScales = true; } else { o.PeerScales = Ints(value); explicitPeerScales = true; }
                    break;
                case "--editor-docs": o.EditorDocuments = int.Parse(Next(), CultureInfo.InvariantCulture); explicitEditorDocs = true; break;
                case "--editor-scale": o.EditorScale = int.Parse(Next(), CultureInfo.InvariantCulture); explicitEditorScale = true; break;
                case "--json": o.JsonPath = Next(); break;
                case "--codebase" or "--codebases": o.Codebases = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--mirror": o.Mirror = Next(); break;
                case "--reference-build": o.ReferenceBuild = Next(); break;
                case "--warmup": o.Warmup = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--peers": o.PeerNames = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--fixed-cost": o.FixedCost = true; break;
                case "--variants": o.Variants = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                default: throw new ArgumentException("unknown option " + args[i]);
            }
        }

        if (o.Quick)
        {
            o.Scales = new[] { o.Scales.Min() };
            if (!explicitEditorScale) o.EditorScale = o.Scales[0];
            if (!explicitEditorDocs) o.EditorDocuments = 5;
            if (!explicitPeerScales) o.PeerScales = o.Scales;
        }

        if (o.Codebases.Length > 0)
        {
            if (!explicitRounds) o.Rounds = 3;
            if (!explicitEditorDocs || o.FixedCost) o.EditorDocuments = o.FixedCost ? 0 : 20;
            o.Scales = new[] { 0 };
            if (o.JsonPath == DefaultJsonPath()) o.JsonPath = Path.Combine(Path.GetDirectoryName(o.JsonPath)!, "realcode-" + string.Join("-", o.Codebases) + ".json");
        }

        if (o.AllPeerScales)
        {
            o.PeerScales = o.Scales;
        }

        if (o.Scales.Length == 0 || (o.Codebases.Length == 0 && o.Scales.Any(s => s < 1)) || o.BaseLines < 100 || o.Rounds < 1)
        {
            throw new ArgumentException("scales must be ≥ 1, base lines ≥ 100, rounds ≥ 1");
        }

        return o;
    }

    private bool AllPeerScales { get; set; }

    private static int[] Ints(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => int.Parse(s.TrimEnd('x', '×'), CultureInfo.InvariantCulture)).Distinct().OrderBy(s => s).ToArray();

    private static string DefaultJsonPath()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AsyncLint.sln")))
            {
                return Path.Combine(directory.FullName, "bench", "results", "bench.json");
            }
        }

        return Path.Combine(Environment.CurrentDirectory, "bench.json");
    }
}
