using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using AsyncLint.RealCode;
using AsyncLint.Scan;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

ScanOptions options;
try
{
    options = ScanOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(ScanOptions.Usage);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(ScanOptions.Usage);
    return 0;
}

var log = Console.Error;
var total = Stopwatch.StartNew();
var analyzers = typeof(AsyncLint.RuleIds).Assembly.GetTypes()
    .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)
        && t.GetCustomAttributes<DiagnosticAnalyzerAttribute>(inherit: false).Any(a => a.Languages.Contains(LanguageNames.CSharp)))
    .OrderBy(t => t.Name, StringComparer.Ordinal)
    .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
    .ToImmutableArray();
log.WriteLine($"AsyncLint scan of {options.Root}{(options.Only.Count > 0 ? " (" + string.Join(", ", options.Only) + ")" : "")}: {analyzers.Length} analyzers, Roslyn {typeof(Compilation).Assembly.GetName().Version}");

var scanner = new Scanner(options, log);
var results = await scanner.RunAsync(analyzers, concurrent: !options.Sequential, CancellationToken.None);
var report = new ScanReport(options, results, scanner);

List<string>? determinism = null;
if (options.CheckDeterminism)
{
    log.WriteLine("determinism: the same projects again, " + (options.Sequential ? "concurrently" : "sequentially") + "…");
    var again = await new Scanner(options, log).RunAsync(analyzers, concurrent: options.Sequential, CancellationToken.None);
    determinism = ScanReport.Differences(results, again);
    report.Determinism = determinism;
}

List<string>? fixes = null;
if (options.Fixes != null)
{
    log.WriteLine("fixes: " + string.Join(", ", options.Fixes) + "…");
    fixes = await new FixCheck(scanner.Projects, options.Settings, log).RunAsync(analyzers, options.Fixes, options.FixLimit, CancellationToken.None);
}

List<string>? chains = null;
if (options.EditorChains > 0)
{
    log.WriteLine($"editor chains: {options.EditorChains} documents…");
    chains = EditorChainsCheck.Run(scanner.Projects, options.EditorChains, CancellationToken.None);
}

report.ElapsedSeconds = total.Elapsed.TotalSeconds;
Console.Out.Write(report.RenderText());
if (chains != null)
{
    Console.Out.WriteLine("== ASYNC105 in the editor ==");
    Console.Out.WriteLine(string.Join("\n", chains));
}

if (fixes != null)
{
    Console.Out.WriteLine("== Code fixes ==");
    Console.Out.WriteLine(string.Join("\n", fixes));
}
if (options.JsonPath != null)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.JsonPath))!);
    File.WriteAllText(options.JsonPath, JsonSerializer.Serialize(report.ToJson(), new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
    log.WriteLine("JSON: " + Path.GetFullPath(options.JsonPath));
}

return results.Any(r => r.AnalyzerExceptions.Count > 0) || determinism is { Count: > 0 } ? 1 : 0;

/// <summary>The command line.</summary>
internal sealed class ScanOptions
{
    public const string Usage = """
Usage: dotnet run -c Release --project tools/AsyncLint.Scan -- <root> [options]
       dotnet run -c Release --project tools/AsyncLint.Scan -- --codebase <name> --mirror <folder of fetched git dirs> [options]

  <root>                   a checkout of a C# code base (Directory.Build.props etc. are read from here down)
  --only <folder>          scan only the projects under this folder of the root (repeatable); the projects they
                           reference are compiled too, as references, but not reported on
  --exclude <text>         skip projects whose path contains this text (repeatable)
  --codebase <name>        one of the code bases in tools/AsyncLint.RealCode/codebases.json: extracts its pinned commit
                           from <mirror>/<owner>+<repo>/repo (a bare git dir, as the fetch tool leaves it) and sets
                           --only/--exclude as listed there
  --mirror <folder>        where the bare git dirs are (default /work/.mirror)
  --no-restore             do not restore the code base's NuGet packages (framework reference packs only)
  --refs <folder>          more reference DLLs (repeatable)
  --generators <folder>    more source-generator DLLs (repeatable)
  --tfm <tfm>              the target framework to pick in multi-targeted projects (default: the newest .NET one)
  --set key=value          an analyzer option for every file, as .editorconfig would give it (repeatable)
  --sequential             analyze without concurrency (a build analyzes concurrently)
  --determinism            analyze twice, concurrently and sequentially, and list every difference (exit 1 if any)
  --timing                 per-analyzer execution time
  --errors N               print the first N compiler errors of each project (to see what a missing reference costs)
  --sample N               print N findings drawn at random (with --seed) with the code around them, for review
  --seed S                 the seed of --sample (default 1)
  --rules ID,ID            report only these rule IDs
  --fixes ID,ID            ask each finding of these rules for its code fixes (timed), apply the first (timed, at most
                           --fix-limit per rule) and recompile: coverage, cost and fixes that add a compiler error
  --fix-limit N            how many fixes per rule to apply (default 50)
  --editor-chains N        for N documents, each in a fresh compilation: the compiler's diagnostics of the document
                           vs ASYNC105 asked from it with the lazy, cold "may block" summaries (docs/performance.md)
  --json <file>            write everything as JSON
  --cache <folder>         where restores and extracted code bases are kept (default: $TMPDIR/asynclint-scan)
""";

    public bool Help { get; private set; }
    public string Root { get; private set; } = "";
    public List<string> Only { get; } = new();
    public List<string> Exclude { get; } = new();
    public bool Restore { get; private set; } = true;
    public List<string> ReferenceDirectories { get; } = new();
    public List<string> GeneratorDirectories { get; } = new();
    public string? TargetFramework { get; private set; }
    public Dictionary<string, string> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);
    public bool Sequential { get; private set; }
    public bool CheckDeterminism { get; private set; }
    public bool Timing { get; private set; }
    public int ShowErrors { get; private set; }
    public int Sample { get; private set; }
    public int Seed { get; private set; } = 1;
    public HashSet<string>? Rules { get; private set; }
    public string? JsonPath { get; private set; }
    public List<string>? Fixes { get; private set; }
    public int FixLimit { get; private set; } = 50;
    public int EditorChains { get; private set; }
    public string CacheDirectory { get; private set; } = Path.Combine(Path.GetTempPath(), "asynclint-scan");
    public Codebase? Codebase { get; private set; }

    /// <summary>What the loader needs of these options.</summary>
    public LoadOptions Load => new()
    {
        Root = Root,
        Only = Only,
        Exclude = Exclude,
        Restore = Restore,
        ReferenceDirectories = ReferenceDirectories,
        GeneratorDirectories = GeneratorDirectories,
        TargetFramework = TargetFramework,
        Settings = Settings,
        CacheDirectory = CacheDirectory,
    };

    public static ScanOptions Parse(string[] args)
    {
        var o = new ScanOptions();
        string? codebase = null;
        var mirror = "/work/.mirror";
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException("missing value after " + args[i]);
            switch (args[i])
            {
                case "--help" or "-h": o.Help = true; break;
                case "--only": o.Only.Add(Next()); break;
                case "--exclude": o.Exclude.Add(Next()); break;
                case "--codebase": codebase = Next(); break;
                case "--mirror": mirror = Next(); break;
                case "--no-restore": o.Restore = false; break;
                case "--refs": o.ReferenceDirectories.Add(Path.GetFullPath(Next())); break;
                case "--generators": o.GeneratorDirectories.Add(Path.GetFullPath(Next())); break;
                case "--tfm": o.TargetFramework = Next(); break;
                case "--set":
                    var pair = Next();
                    var eq = pair.IndexOf('=');
                    if (eq <= 0) throw new ArgumentException("--set wants key=value: " + pair);
                    o.Settings[pair.Substring(0, eq).Trim()] = pair.Substring(eq + 1).Trim();
                    break;
                case "--sequential": o.Sequential = true; break;
                case "--determinism": o.CheckDeterminism = true; break;
                case "--timing": o.Timing = true; break;
                case "--errors": o.ShowErrors = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--sample": o.Sample = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--seed": o.Seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--rules": o.Rules = new HashSet<string>(Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase); break;
                case "--json": o.JsonPath = Next(); break;
                case "--fixes": o.Fixes = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(); break;
                case "--fix-limit": o.FixLimit = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--editor-chains": o.EditorChains = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--cache": o.CacheDirectory = Path.GetFullPath(Next()); break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal) || o.Root.Length > 0)
                    {
                        throw new ArgumentException("unknown argument " + args[i]);
                    }

                    o.Root = Path.GetFullPath(args[i]).TrimEnd('/');
                    break;
            }
        }

        if (o.Help)
        {
            return o;
        }

        if (codebase != null)
        {
            o.Codebase = Codebase.Find(codebase);
            o.Root = o.Codebase.Extract(mirror, o.CacheDirectory);
            o.Only.AddRange(o.Codebase.Only);
            o.Exclude.AddRange(o.Codebase.Exclude);
        }

        if (o.Root.Length == 0 || !Directory.Exists(o.Root))
        {
            throw new ArgumentException("give a folder of C# sources, or --codebase");
        }

        return o;
    }
}

