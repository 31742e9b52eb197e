using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AsyncLint.RealCode;

/// <summary>What to load: a code base's root, which of its projects, and how to restore and configure them.</summary>
public sealed class LoadOptions
{
    public required string Root { get; init; }
    public IReadOnlyList<string> Only { get; init; } = Array.Empty<string>();
    public IReadOnlyList<string> Exclude { get; init; } = Array.Empty<string>();
    public bool Restore { get; init; } = true;
    public IReadOnlyList<string> ReferenceDirectories { get; init; } = Array.Empty<string>();
    public IReadOnlyList<string> GeneratorDirectories { get; init; } = Array.Empty<string>();
    public string? TargetFramework { get; init; }
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
    public string CacheDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "asynclint-scan");
}

/// <summary>
/// One project of a code base, ready to compile: its parsed (and generated) trees, references and options. <see cref="Compilation"/>
/// is the one the loader built (its project references hold it); <see cref="Fresh"/> makes a new one with nothing bound
/// yet, for a measurement that must pay the compiler's whole work.
/// </summary>
public sealed class LoadedProject
{
    public required ProjectModel Model { get; init; }
    public required string RelativePath { get; init; }
    public required Compilation Compilation { get; init; }
    public required AnalyzerConfigOptionsProvider AnalyzerOptions { get; init; }

    public Compilation Fresh() => CSharpCompilation.Create(Compilation.AssemblyName, Compilation.SyntaxTrees, Compilation.References, (CSharpCompilationOptions)Compilation.Options);

    public static bool IsGenerated(SyntaxTree tree) =>
        tree.FilePath.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase) || !tree.FilePath.StartsWith("/", StringComparison.Ordinal);
}

/// <summary>
/// Compiles the projects of a real code base (and what they reference) the way its build would, without MSBuild: see
/// tools/AsyncLint.Scan/README.md for what it follows and what it does not.
/// </summary>
public sealed class CodebaseLoader
{
    private readonly LoadOptions _options;
    private readonly TextWriter _log;
    private readonly Dictionary<string, ProjectModel> _models = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Compilation?> _compilations = new(StringComparer.Ordinal);
    private IReadOnlyList<MetadataReference> _packageReferences = Array.Empty<MetadataReference>();
    private ImmutableArray<ISourceGenerator> _generators = ImmutableArray<ISourceGenerator>.Empty;
    private readonly Dictionary<string, IReadOnlyList<ISourceGenerator>> _builtGenerators = new(StringComparer.Ordinal);

    public CodebaseLoader(LoadOptions options, TextWriter log)
    {
        _options = options;
        _log = log;
    }

    public RestoredPackages? Packages { get; private set; }

    public IReadOnlyList<string> GeneratorNames { get; private set; } = Array.Empty<string>();

    /// <summary>The selected projects (every .csproj under the Only folders, minus Exclude), compiled in dependency order.</summary>
    public IReadOnlyList<LoadedProject> Load(CancellationToken cancellationToken)
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

        var loaded = new List<LoadedProject>();
        foreach (var project in selected)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Compile(project) is { } compilation)
            {
                var model = _models[project];
                loaded.Add(new LoadedProject { Model = model, RelativePath = Relative(project), Compilation = compilation, AnalyzerOptions = new ProjectOptionsProvider(model, _options.Settings) });
            }
        }

        return loaded;
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
            var driver = CSharpGeneratorDriver.Create(generators, parseOptions: parseOptions, optionsProvider: new ProjectOptionsProvider(model, _options.Settings));
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

