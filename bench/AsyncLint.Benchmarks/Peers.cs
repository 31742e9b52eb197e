using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncLint.Benchmarks;

/// <summary>A peer analyzer package and the async rules of it that the bench forces on and measures.</summary>
internal sealed record PeerPackage(string Name, string PackageId, string Version, string[] RuleIds);

/// <summary>The analyzers of one peer that report at least one of its async rules.</summary>
internal sealed record LoadedPeer(PeerPackage Package, IReadOnlyList<DiagnosticAnalyzer> Analyzers, string Folder);

/// <summary>
/// Restores the peers into a throwaway project (in a temp folder, with its own NuGet.config on the default source),
/// loads each package's C# analyzer folder into its own AssemblyLoadContext (Roslyn itself comes from the host) and
/// keeps only the analyzers that support one of the peer's async rules. A peer that cannot be had is skipped with a note.
/// </summary>
internal static class Peers
{
    public static readonly PeerPackage[] All =
    {
        new("vs-threading", "Microsoft.VisualStudio.Threading.Analyzers", "18.12.1",
            new[] { "VSTHRD002", "VSTHRD003", "VSTHRD100", "VSTHRD101", "VSTHRD103", "VSTHRD104", "VSTHRD105", "VSTHRD110", "VSTHRD112", "VSTHRD114", "VSTHRD200" }),
        new("AsyncFixer", "AsyncFixer", "2.1.0",
            new[] { "AsyncFixer01", "AsyncFixer02", "AsyncFixer03", "AsyncFixer04", "AsyncFixer05", "AsyncFixer06" }),
        new("Meziantou", "Meziantou.Analyzer", "3.0.321",
            new[] { "MA0004", "MA0022", "MA0032", "MA0040", "MA0042", "MA0045", "MA0079", "MA0080", "MA0100", "MA0129", "MA0134", "MA0147", "MA0155" }),
        new("CA (NetAnalyzers)", "Microsoft.CodeAnalysis.NetAnalyzers", "11.0.100",
            // The SDK's async rules: the four of the first comparison (CA1849, CA2012, CA2024, CA2025) plus the Task.WhenAll/WaitAll
            // with one task pair (CA1842/CA1843), ConfigureAwait (CA2007) and forwarding the token (CA2016). The JSON splits the
            // time per analyzer class, so that either set can be read from it.
            new[] { "CA1842", "CA1843", "CA1849", "CA2007", "CA2012", "CA2016", "CA2024", "CA2025" }),
        new("Sonar", "SonarAnalyzer.CSharp", "9.32.0.97167",
            new[] { "S3168", "S4261", "S4462", "S6966" }),
    };

    public static List<LoadedPeer> Load(TextWriter log, Version hostRoslyn)
    {
        var loaded = new List<LoadedPeer>();
        string? packagesRoot;
        try
        {
            packagesRoot = Restore(log);
        }
        catch (Exception ex)
        {
            log.WriteLine("peers: restore failed, skipping all peers: " + ex.Message);
            return loaded;
        }

        if (packagesRoot is null)
        {
            return loaded;
        }

        foreach (var peer in All)
        {
            try
            {
                var packageFolder = Path.Combine(packagesRoot, peer.PackageId.ToLowerInvariant(), peer.Version.ToLowerInvariant());
                var folder = AnalyzerFolder(packageFolder, hostRoslyn);
                if (folder is null)
                {
                    log.WriteLine($"peers: {peer.Name}: no C# analyzer folder in {packageFolder}, skipped");
                    continue;
                }

                var analyzers = LoadAnalyzers(peer, folder);
                if (analyzers.Count == 0)
                {
                    log.WriteLine($"peers: {peer.Name}: no analyzer for its async rules in {folder}, skipped");
                    continue;
                }

                loaded.Add(new LoadedPeer(peer, analyzers, folder));
            }
            catch (Exception ex)
            {
                log.WriteLine($"peers: {peer.Name}: could not be loaded ({ex.GetType().Name}: {ex.Message}), skipped");
            }
        }

        return loaded;
    }

    private static string? Restore(TextWriter log)
    {
        var folder = Path.Combine(Path.GetTempPath(), "asynclint-bench-peers");
        Directory.CreateDirectory(folder);
        var references = string.Join("\n", All.Select(p => $"    <PackageReference Include=\"{p.PackageId}\" Version=\"{p.Version}\" />"));
        var project = $"""
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>netstandard2.0</TargetFramework>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
{references}
  </ItemGroup>
</Project>
""";
        var projectPath = Path.Combine(folder, "peers.csproj");
        var assets = Path.Combine(folder, "obj", "project.assets.json");
        var upToDate = File.Exists(projectPath) && File.ReadAllText(projectPath) == project && File.Exists(assets);
        if (!upToDate)
        {
            File.WriteAllText(projectPath, project);
            File.WriteAllText(Path.Combine(folder, "NuGet.config"), """
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
  </packageSources>
</configuration>
""");
            // Directory.Build.* of an enclosing folder must not leak in.
            File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />");
            File.WriteAllText(Path.Combine(folder, "Directory.Build.targets"), "<Project />");
            File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"), "<Project />");
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "restore", projectPath, "-nodeReuse:false" })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            start.Environment.Remove("MSBuildExtensionsPath");
            start.Environment.Remove("MSBuildSDKsPath");
            start.Environment.Remove("MSBUILD_EXE_PATH");
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
            {
                process.Kill(entireProcessTree: true);
                log.WriteLine("peers: restore timed out, skipping peers");
                return null;
            }

            if (process.ExitCode != 0 || !File.Exists(assets))
            {
                log.WriteLine("peers: restore failed, skipping peers:\n" + output.Result + error.Result);
                return null;
            }
        }

        using var document = JsonDocument.Parse(File.ReadAllText(assets));
        foreach (var property in document.RootElement.GetProperty("packageFolders").EnumerateObject())
        {
            return property.Name;
        }

        return null;
    }

    /// <summary>The package's C# analyzer folder: the newest analyzers/dotnet/roslynX.Y/cs the host can load, else the usual spots.</summary>
    internal static string? AnalyzerFolder(string packageFolder, Version hostRoslyn)
    {
        var analyzers = Path.Combine(packageFolder, "analyzers");
        if (!Directory.Exists(analyzers))
        {
            return null;
        }

        var versioned = Directory.Exists(Path.Combine(analyzers, "dotnet"))
            ? Directory.GetDirectories(Path.Combine(analyzers, "dotnet"), "roslyn*")
                .Select(d => (Folder: Path.Combine(d, "cs"), Version: Version.TryParse(Path.GetFileName(d).Substring("roslyn".Length), out var v) ? v : null))
                .Where(x => x.Version != null && x.Version <= hostRoslyn && Directory.Exists(x.Folder))
                .OrderByDescending(x => x.Version)
                .Select(x => x.Folder)
                .FirstOrDefault()
            : null;
        return versioned
            ?? new[] { Path.Combine(analyzers, "dotnet", "cs"), Path.Combine(analyzers, "cs"), Path.Combine(analyzers, "dotnet"), analyzers }
                .FirstOrDefault(d => Directory.Exists(d) && Directory.GetFiles(d, "*.dll").Length > 0);
    }

    private static List<DiagnosticAnalyzer> LoadAnalyzers(PeerPackage peer, string folder)
    {
        var context = new PeerLoadContext(peer.Name, folder);
        var wanted = new HashSet<string>(peer.RuleIds, StringComparer.Ordinal);
        var analyzers = new List<DiagnosticAnalyzer>();
        foreach (var path in Directory.GetFiles(folder, "*.dll").OrderBy(p => p, StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (name.Contains("CodeFix", StringComparison.OrdinalIgnoreCase) || name.Contains("VisualBasic", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            Assembly assembly;
            try
            {
                assembly = context.LoadFromAssemblyPath(path);
            }
            catch (BadImageFormatException)
            {
                continue;
            }

            foreach (var type in LoadableTypes(assembly))
            {
                if (type.IsAbstract || !typeof(DiagnosticAnalyzer).IsAssignableFrom(type) || type.GetConstructor(Type.EmptyTypes) is null)
                {
                    continue;
                }

                var attribute = type.GetCustomAttributes<DiagnosticAnalyzerAttribute>(inherit: false).FirstOrDefault();
                if (attribute is null || !attribute.Languages.Contains(LanguageNames.CSharp))
                {
                    continue;
                }

                try
                {
                    var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(type)!;
                    if (analyzer.SupportedDiagnostics.Any(d => wanted.Contains(d.Id)))
                    {
                        analyzers.Add(analyzer);
                    }
                }
                catch (Exception)
                {
                    // An analyzer that cannot be created in this host is not one a build would run either.
                }
            }
        }

        return analyzers;
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.Where(t => t != null)!;
        }
    }

    internal sealed class PeerLoadContext : AssemblyLoadContext
    {
        private readonly string _folder;

        public PeerLoadContext(string name, string folder)
            : base("peer:" + name)
            => _folder = folder;

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            // Roslyn and the BCL are the host's, as in a real compiler host; everything else the peer ships is its own.
            if (assemblyName.Name is not { } name
                || name is "Microsoft.CodeAnalysis" or "Microsoft.CodeAnalysis.CSharp" or "netstandard"
                || name.StartsWith("System.", StringComparison.Ordinal))
            {
                return null;
            }

            var candidate = Path.Combine(_folder, assemblyName.Name + ".dll");
            return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
        }
    }
}
