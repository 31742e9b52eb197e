using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AsyncLint.Scan;

/// <summary>One AsyncLint diagnostic, as the scan reports it.</summary>
internal sealed record Finding(string Id, string Severity, string Project, string Path, int Line, int Column, int EndLine, int EndColumn, string Message, bool Suppressed);

/// <summary>How faithfully one project compiled, and what AsyncLint said of it.</summary>
internal sealed class ProjectResult
{
    public required string Name { get; init; }
    public required string Path { get; init; }
    public required string TargetFramework { get; init; }
    public int Files { get; set; }
    public int Lines { get; set; }
    public int GeneratedFiles { get; set; }
    public int CompilerErrors { get; set; }
    public Dictionary<string, int> ErrorCodes { get; set; } = new();

    /// <summary>Names the compiler could not resolve (CS0246, CS0234, CS0103), with how often: what a missing reference costs.</summary>
    public Dictionary<string, int> Unresolved { get; set; } = new();
    public List<Finding> Findings { get; } = new();
    public Dictionary<string, double> AnalyzerMs { get; set; } = new();
    public double CompileMs { get; set; }
    public List<string> AnalyzerExceptions { get; } = new();
}

/// <summary>Compiles the scanned projects (and what they reference) and runs every AsyncLint analyzer over them.</summary>
internal sealed class Scanner
{
    private readonly ScanOptions _options;
    private readonly TextWriter _log;
    private readonly Dictionary<string, ProjectModel> _models = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Compilation?> _compilations = new(StringComparer.Ordinal);
    private IReadOnlyList<MetadataReference> _packageReferences = Array.Empty<MetadataReference>();
    private ImmutableArray<ISourceGenerator> _generators = ImmutableArray<ISourceGenerator>.Empty;
    private readonly Dictionary<string, IReadOnlyList<ISourceGenerator>> _builtGenerators = new(StringComparer.Ordinal);

    public Scanner(ScanOptions options, TextWriter log)
    {
        _options = options;
        _log = log;
    }

    public RestoredPackages? Packages { get; private set; }

    public IReadOnlyList<string> GeneratorNames { get; private set; } = Array.Empty<string>();

    public async Task<List<ProjectResult>> RunAsync(ImmutableArray<DiagnosticAnalyzer> analyzers, bool concurrent, CancellationToken cancellationToken)
    {
        var selected = SelectProjects();
        if (selected.Count == 0)
        {
            throw new InvalidOperationException("no .csproj found under " + string.Join(", ", _options.Only.DefaultIfEmpty(_options.Root)));
        }

        foreach (var project in selected)
        {
            LoadClosure(project);
        }

        if (Packages is null)
        {
            var packages = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var model in _models.Values)
            {
                foreach (var (id, version) in model.PackageReferences)
                {
                    packages.TryAdd(id, version);
                }
            }

            Packages = _options.Restore
                ? PackageRestore.Restore(packages, _options.CacheDirectory, _log)
                : new RestoredPackages(Array.Empty<string>(), Array.Empty<string>(), packages.Keys.ToList(), Array.Empty<string>());
            _packageReferences = Deduplicate(Packages.CompileReferences.Concat(_options.ReferenceDirectories.SelectMany(d => Directory.EnumerateFiles(d, "*.dll", SearchOption.AllDirectories))))
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
            LoadGenerators();
        }

        var results = new List<ProjectResult>();
        foreach (var project in selected)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var model = _models[project];
            var watch = Stopwatch.StartNew();
            var compilation = Compile(project);
            if (compilation is null)
            {
                continue;
            }

            var result = new ProjectResult { Name = model.Name, Path = Relative(project), TargetFramework = model.TargetFramework };
            result.Files = compilation.SyntaxTrees.Count(t => !IsGenerated(t));
            result.GeneratedFiles = compilation.SyntaxTrees.Count(IsGenerated);
            result.Lines = compilation.SyntaxTrees.Where(t => !IsGenerated(t)).Sum(t => t.GetText(cancellationToken).Lines.Count);
            _log.WriteLine($"{model.Name} ({model.TargetFramework}): {result.Files} files, {result.Lines:N0} lines; analyzing{(concurrent ? "" : " sequentially")}…");

            var exceptions = new ConcurrentBag<string>();
            var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new ScanConfigOptionsProvider(model, _options.Settings)),
                onAnalyzerException: (ex, analyzer, _) => exceptions.Add(analyzer.GetType().Name + ": " + ex.GetType().Name + ": " + ex.Message + " " + ex.StackTrace?.Split('\n').FirstOrDefault()?.Trim()),
                concurrentAnalysis: concurrent,
                logAnalyzerExecutionTime: _options.Timing,
                reportSuppressedDiagnostics: true));
            var all = await withAnalyzers.GetAllDiagnosticsAsync(cancellationToken);
            result.CompileMs = watch.Elapsed.TotalMilliseconds;
            foreach (var diagnostic in all)
            {
                if (diagnostic.Severity == DiagnosticSeverity.Error && !diagnostic.Id.StartsWith("ASYNC", StringComparison.Ordinal))
                {
                    if (result.CompilerErrors++ < _options.ShowErrors)
                    {
                        _log.WriteLine("  error: " + diagnostic);
                    }

                    result.ErrorCodes[diagnostic.Id] = result.ErrorCodes.GetValueOrDefault(diagnostic.Id) + 1;
                    if (diagnostic.Id is "CS0246" or "CS0234" or "CS0103" && diagnostic.Location.IsInSource)
                    {
                        var name = diagnostic.Location.SourceTree!.GetText(cancellationToken).ToString(diagnostic.Location.SourceSpan);
                        result.Unresolved[name] = result.Unresolved.GetValueOrDefault(name) + 1;
                    }
                    else if (diagnostic.Id == "CS0012" && System.Text.RegularExpressions.Regex.Match(diagnostic.GetMessage(), "assembly '([^,']+)") is { Success: true } assembly)
                    {
                        var name = "assembly " + assembly.Groups[1].Value;
                        result.Unresolved[name] = result.Unresolved.GetValueOrDefault(name) + 1;
                    }

                    continue;
                }

                if (diagnostic.Id == "AD0001")
                {
                    result.AnalyzerExceptions.Add(diagnostic.GetMessage());
                    continue;
                }

                if (!diagnostic.Id.StartsWith("ASYNC", StringComparison.Ordinal) || !diagnostic.Location.IsInSource)
                {
                    continue;
                }

                var span = diagnostic.Location.GetLineSpan();
                result.Findings.Add(new Finding(
                    diagnostic.Id,
                    diagnostic.Severity.ToString(),
                    model.Name,
                    Relative(span.Path),
                    span.StartLinePosition.Line + 1,
                    span.StartLinePosition.Character + 1,
                    span.EndLinePosition.Line + 1,
                    span.EndLinePosition.Character + 1,
                    diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
                    diagnostic.IsSuppressed));
            }

            result.AnalyzerExceptions.AddRange(exceptions);
            if (_options.Timing)
            {
                foreach (var analyzer in analyzers)
                {
                    var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, cancellationToken);
                    result.AnalyzerMs[analyzer.GetType().Name] = telemetry.ExecutionTime.TotalMilliseconds;
                }
            }

            result.Findings.Sort(FindingOrder.Instance);
            results.Add(result);
            _log.WriteLine($"  {result.Findings.Count} finding(s), {result.CompilerErrors} compiler error(s), {watch.Elapsed.TotalSeconds:N1} s");
        }

        return results;
    }

    /// <summary>The projects to report on: every .csproj under the --only folders (default: the root), minus --exclude.</summary>
    private List<string> SelectProjects()
    {
        var roots = _options.Only.Count > 0 ? _options.Only.Select(o => Path.GetFullPath(Path.Combine(_options.Root, o))) : new[] { _options.Root };
        return roots
            .SelectMany(r => File.Exists(r) && r.EndsWith(".csproj", StringComparison.Ordinal) ? new[] { r }
                : Directory.Exists(r) ? Directory.EnumerateFiles(r, "*.csproj", SearchOption.AllDirectories) : Array.Empty<string>())
            .Select(Path.GetFullPath)
            .Where(p => !_options.Exclude.Any(e => Relative(p).Contains(e, StringComparison.OrdinalIgnoreCase)))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();
    }

    private void LoadClosure(string projectPath)
    {
        if (_models.ContainsKey(projectPath) || !File.Exists(projectPath))
        {
            return;
        }

        var model = ProjectModel.Load(projectPath, _options.Root, _options.TargetFramework);
        _models[projectPath] = model;
        foreach (var reference in model.ProjectReferences.Concat(model.AnalyzerProjectReferences))
        {
            LoadClosure(reference);
        }
    }

    /// <summary>Compiles a project after its project references (a cycle or a missing project is skipped).</summary>
    private Compilation? Compile(string projectPath)
    {
        if (_compilations.TryGetValue(projectPath, out var existing))
        {
            return existing;
        }

        _compilations[projectPath] = null;
        if (!_models.TryGetValue(projectPath, out var model))
        {
            return null;
        }

        // As MSBuild does: the whole closure of project references, not only the direct ones.
        var references = new List<MetadataReference>(FrameworkReferences(model.UsesAspNetCore || ReferenceClosure(projectPath).Any(p => _models[p].UsesAspNetCore)));
        foreach (var reference in ReferenceClosure(projectPath))
        {
            if (Compile(reference) is { } dependency)
            {
                references.Add(dependency.ToMetadataReference());
            }
        }

        // Assemblies the framework (or a project reference) already provides win over package copies of them.
        var referencedNames = new HashSet<string>(references.OfType<PortableExecutableReference>().Select(r => Path.GetFileNameWithoutExtension(r.FilePath!)), StringComparer.OrdinalIgnoreCase);
        references.AddRange(_packageReferences.OfType<PortableExecutableReference>().Where(r => !referencedNames.Contains(Path.GetFileNameWithoutExtension(r.FilePath!))));

        var symbols = TargetFrameworks.Symbols(model.TargetFramework).Concat(new[] { "TRACE", "RELEASE" }).Concat(model.DefineConstants).Distinct();
        var parseOptions = new CSharpParseOptions(LanguageVersionOf(model.LangVersion), DocumentationMode.None, SourceCodeKind.Regular, symbols);
        var trees = model.SourceFiles
            .AsParallel().AsOrdered()
            .Select(file => CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(file), System.Text.Encoding.UTF8), parseOptions, file))
            .ToList();
        if (GlobalUsings(model) is { Length: > 0 } usings)
        {
            trees.Add(CSharpSyntaxTree.ParseText(usings, parseOptions, Path.Combine(model.Directory, "obj", model.Name + ".GlobalUsings.g.cs")));
        }

        var options = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: model.Nullable switch
            {
                "enable" => NullableContextOptions.Enable,
                "annotations" => NullableContextOptions.Annotations,
                "warnings" => NullableContextOptions.Warnings,
                _ => NullableContextOptions.Disable,
            },
            allowUnsafe: model.AllowUnsafe,
            concurrentBuild: true)
            .WithSpecificDiagnosticOptions(model.NoWarn.Select(id => KeyValuePair.Create(id, ReportDiagnostic.Suppress)));
        if (model.StrongNameKeyFile is { } keyFile)
        {
            // The public key makes InternalsVisibleTo("Name, PublicKey=…") between the code base's projects hold.
            options = options.WithCryptoKeyFile(keyFile).WithPublicSign(true).WithStrongNameProvider(new DesktopStrongNameProvider());
        }

        Compilation compilation = CSharpCompilation.Create(model.AssemblyName, trees, references, options);
        if (model.InternalsVisibleTo.Count > 0)
        {
            // As the SDK does: a friend without a Key of its own is taken to share the project's signing key.
            var ownKey = compilation.Assembly.Identity.PublicKey;
            var attributes = string.Concat(model.InternalsVisibleTo.Select(friend =>
            {
                var key = friend.Key ?? (ownKey.IsDefaultOrEmpty ? null : Convert.ToHexString(ownKey.ToArray()).ToLowerInvariant());
                return $"[assembly: global::System.Runtime.CompilerServices.InternalsVisibleTo(\"{friend.Name}{(key is null ? "" : ", PublicKey=" + key)}\")]\n";
            }));
            compilation = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(attributes, parseOptions, Path.Combine(model.Directory, "obj", model.Name + ".AssemblyInfo.g.cs")));
        }

        // Every generator runs on every project, as in a build that references them: one whose attributes a project does
        // not use generates nothing there.
        var generators = _generators.AddRange(model.AnalyzerProjectReferences.SelectMany(GeneratorsBuiltFrom));
        if (!generators.IsEmpty)
        {
            var driver = CSharpGeneratorDriver.Create(generators, parseOptions: parseOptions, optionsProvider: new ScanConfigOptionsProvider(model, _options.Settings));
            driver.RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var generatorDiagnostics);
            foreach (var problem in generatorDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Take(3))
            {
                _log.WriteLine($"  generator: {problem.Id}: {problem.GetMessage()}");
            }

            compilation = generated;
        }

        _compilations[projectPath] = compilation;
        return compilation;
    }

    /// <summary>A source generator built in the repository (<c>OutputItemType="Analyzer"</c>): compiled, emitted with its resources and its packages beside it, loaded.</summary>
    private IEnumerable<ISourceGenerator> GeneratorsBuiltFrom(string projectPath)
    {
        if (!_builtGenerators.TryGetValue(projectPath, out var generators))
        {
            _builtGenerators[projectPath] = generators = BuildGenerators(projectPath);
        }

        return generators;
    }

    private IReadOnlyList<ISourceGenerator> BuildGenerators(string projectPath)
    {
        if (Compile(projectPath) is not { } compilation || !_models.TryGetValue(projectPath, out var model))
        {
            return Array.Empty<ISourceGenerator>();
        }

        var folder = Path.Combine(_options.CacheDirectory, "generators", model.Name + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        Directory.CreateDirectory(folder);
        var rootNamespace = model.Properties.TryGetValue("RootNamespace", out var ns) && ns.Length > 0 ? ns : model.AssemblyName;
        var resources = model.EmbeddedResources.Select(file => new ResourceDescription(
            rootNamespace + "." + Path.GetRelativePath(model.Directory, file).Replace('/', '.'),
            () => File.OpenRead(file),
            isPublic: true));
        var output = Path.Combine(folder, model.AssemblyName + ".dll");
        using (var stream = File.Create(output))
        {
            var emitted = compilation.Emit(stream, manifestResources: resources);
            if (!emitted.Success)
            {
                _log.WriteLine($"generator project {model.Name} did not compile ({emitted.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error)} errors): its generated code is missing");
                return Array.Empty<ISourceGenerator>();
            }
        }

        foreach (var reference in _packageReferences.OfType<PortableExecutableReference>())
        {
            var name = Path.GetFileNameWithoutExtension(reference.FilePath!);
            if (model.PackageReferences.Keys.Any(p => p.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                File.Copy(reference.FilePath!, Path.Combine(folder, Path.GetFileName(reference.FilePath!)), overwrite: true);
            }
        }

        try
        {
            var generators = new AnalyzerFileReference(output, new AnalyzerAssemblyLoader()).GetGenerators(LanguageNames.CSharp);
            _log.WriteLine($"generator project {model.Name}: {generators.Length} generator(s)");
            return generators;
        }
        catch (Exception ex)
        {
            _log.WriteLine($"generator project {model.Name} not loaded: {ex.Message}");
            return Array.Empty<ISourceGenerator>();
        }
    }

    private IEnumerable<string> ReferenceClosure(string projectPath)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(_models.TryGetValue(projectPath, out var root) ? root.ProjectReferences : Array.Empty<string>());
        while (stack.Count > 0)
        {
            var next = stack.Pop();
            if (next == projectPath || !seen.Add(next) || !_models.TryGetValue(next, out var model))
            {
                continue;
            }

            foreach (var reference in model.ProjectReferences)
            {
                stack.Push(reference);
            }
        }

        return seen.Where(_models.ContainsKey).OrderBy(p => p, StringComparer.Ordinal);
    }

    private void LoadGenerators()
    {
        var generators = new List<ISourceGenerator>();
        var names = new List<string>();
        var loader = new AnalyzerAssemblyLoader();
        var files = FrameworkPacks(aspNet: true).SelectMany(pack => Directory.Exists(Path.Combine(pack, "analyzers", "dotnet", "cs"))
                ? Directory.EnumerateFiles(Path.Combine(pack, "analyzers", "dotnet", "cs"), "*.dll")
                : Enumerable.Empty<string>())
            .Concat(Packages?.AnalyzerAssemblies ?? Array.Empty<string>())
            .Concat(_options.GeneratorDirectories.SelectMany(d => Directory.EnumerateFiles(d, "*.dll", SearchOption.AllDirectories)));
        foreach (var file in files.Distinct(StringComparer.Ordinal))
        {
            try
            {
                var reference = new AnalyzerFileReference(file, loader);
                var found = reference.GetGenerators(LanguageNames.CSharp);
                if (!found.IsEmpty)
                {
                    generators.AddRange(found);

                    names.Add(Path.GetFileNameWithoutExtension(file));
                }
            }
            catch (Exception ex)
            {
                _log.WriteLine($"generator {Path.GetFileName(file)} not loaded: {ex.Message}");
            }
        }

        _generators = generators.ToImmutableArray();
        GeneratorNames = names;
    }

    private static string GlobalUsings(ProjectModel model)
    {
        var usings = new List<(string Name, string? Alias, bool Static)>();
        if (model.ImplicitUsings)
        {
            foreach (var name in new[] { "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks" })
            {
                usings.Add((name, null, false));
            }

            if (model.UsesAspNetCore)
            {
                foreach (var name in new[]
                {
                    "System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http",
                    "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection",
                    "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
                })
                {
                    usings.Add((name, null, false));
                }
            }
        }

        usings.AddRange(model.Usings);
        return string.Concat(usings.Distinct().Select(u =>
            u.Alias != null ? $"global using {u.Alias} = global::{u.Name};\n"
            : u.Static ? $"global using static global::{u.Name};\n"
            : $"global using global::{u.Name};\n"));
    }

    private static LanguageVersion LanguageVersionOf(string value) =>
        string.IsNullOrEmpty(value) ? LanguageVersion.Latest
        : LanguageVersionFacts.TryParse(value, out var version) ? version
        : LanguageVersion.Latest;

    private static readonly ConcurrentDictionary<bool, IReadOnlyList<MetadataReference>> FrameworkCache = new();

    private static IReadOnlyList<MetadataReference> FrameworkReferences(bool aspNet) =>
        FrameworkCache.GetOrAdd(aspNet, a => FrameworkPacks(a)
            .SelectMany(pack => Directory.EnumerateDirectories(Path.Combine(pack, "ref")).SelectMany(d => Directory.EnumerateFiles(d, "*.dll")))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList());

    /// <summary>The newest Microsoft.NETCore.App.Ref (and Microsoft.AspNetCore.App.Ref) pack of the SDK running the scan.</summary>
    private static IEnumerable<string> FrameworkPacks(bool aspNet)
    {
        var dotnetRoot = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(typeof(object).Assembly.Location)))!;
        foreach (var name in aspNet ? new[] { "Microsoft.NETCore.App.Ref", "Microsoft.AspNetCore.App.Ref" } : new[] { "Microsoft.NETCore.App.Ref" })
        {
            var packs = Path.Combine(Path.GetDirectoryName(dotnetRoot)!, "packs", name);
            if (!Directory.Exists(packs))
            {
                packs = Path.Combine(dotnetRoot, "packs", name);
            }

            var newest = Directory.Exists(packs)
                ? Directory.EnumerateDirectories(packs).OrderByDescending(d => Version.TryParse(Path.GetFileName(d), out var v) ? v : new Version(0, 0)).FirstOrDefault()
                : null;
            if (newest != null)
            {
                yield return newest;
            }
        }
    }

    /// <summary>Keeps one file per assembly name, the highest assembly version (as the SDK's conflict resolution does).</summary>
    private static IEnumerable<string> Deduplicate(IEnumerable<string> paths)
    {
        var best = new Dictionary<string, (string Path, Version Version)>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in paths.Distinct(StringComparer.Ordinal))
        {
            if (!File.Exists(path))
            {
                continue;
            }

            var (name, version) = AssemblyIdentity(path);
            if (name is null)
            {
                continue;
            }

            if (!best.TryGetValue(name, out var current) || version > current.Version)
            {
                best[name] = (path, version);
            }
        }

        return best.Select(b => b.Value.Path).OrderBy(p => p, StringComparer.Ordinal);
    }

    private static (string? Name, Version Version) AssemblyIdentity(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return (null, new Version());
            }

            var reader = pe.GetMetadataReader();
            if (!reader.IsAssembly)
            {
                return (null, new Version());
            }

            var definition = reader.GetAssemblyDefinition();
            return (reader.GetString(definition.Name), definition.Version);
        }
        catch (BadImageFormatException)
        {
            return (null, new Version());
        }
    }

    private static bool IsGenerated(SyntaxTree tree) =>
        tree.FilePath.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase) || !tree.FilePath.StartsWith("/", StringComparison.Ordinal);

    public string Relative(string path) =>
        path.StartsWith(_options.Root, StringComparison.Ordinal) ? path.Substring(_options.Root.Length).TrimStart('/') : path;

    /// <summary>Loads analyzer assemblies each into the default context, once (generators only: AsyncLint is referenced directly).</summary>
    private sealed class AnalyzerAssemblyLoader : IAnalyzerAssemblyLoader
    {
        private readonly ConcurrentDictionary<string, Assembly> _loaded = new(StringComparer.Ordinal);

        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => _loaded.GetOrAdd(fullPath, p => Assembly.LoadFrom(p));
    }
}

/// <summary>Findings in path, line, column, ID order: the order the report prints and the determinism check compares.</summary>
internal sealed class FindingOrder : IComparer<Finding>
{
    public static readonly FindingOrder Instance = new();

    public int Compare(Finding? x, Finding? y)
    {
        var c = string.CompareOrdinal(x!.Path, y!.Path);
        if (c == 0) c = x.Line.CompareTo(y.Line);
        if (c == 0) c = x.Column.CompareTo(y.Column);
        if (c == 0) c = string.CompareOrdinal(x.Id, y.Id);
        if (c == 0) c = string.CompareOrdinal(x.Message, y.Message);
        return c;
    }
}

/// <summary>
/// The analyzer options a build would pass: the MSBuild facts the package makes compiler-visible (build_property.*), and
/// the user's --set key=value pairs (asynclint.* options), the same for every file.
/// </summary>
internal sealed class ScanConfigOptionsProvider : AnalyzerConfigOptionsProvider
{
    private readonly DictionaryOptions _options;

    public ScanConfigOptionsProvider(ProjectModel model, IReadOnlyDictionary<string, string> settings)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["build_property.TargetFramework"] = model.TargetFramework,
            ["build_property.TargetFrameworks"] = string.Join(";", model.TargetFrameworks),
            ["build_property.OutputType"] = model.Properties.TryGetValue("OutputType", out var outputType) ? outputType : "Library",
            ["build_property.IsTestProject"] = model.IsTestProject ? "true" : "",
            ["build_property.UseWPF"] = model.Properties.TryGetValue("UseWPF", out var wpf) ? wpf : "",
            ["build_property.UseWindowsForms"] = model.Properties.TryGetValue("UseWindowsForms", out var winForms) ? winForms : "",
            ["build_property.UsingMicrosoftNETSdkWeb"] = model.Sdk.Contains("Web", StringComparison.OrdinalIgnoreCase) ? "true" : "",
            ["build_property.ProjectDir"] = model.Directory + "/",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        _options = new DictionaryOptions(values);
    }

    public override AnalyzerConfigOptions GlobalOptions => _options;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

    private sealed class DictionaryOptions : AnalyzerConfigOptions
    {
        private readonly Dictionary<string, string> _values;

        public DictionaryOptions(Dictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);

        public override IEnumerable<string> Keys => _values.Keys;
    }
}
