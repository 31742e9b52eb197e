using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AsyncLint.RealCode;

/// <summary>What a restore gave: compile-time reference assemblies and source-generator assemblies, and what it could not get.</summary>
public sealed record RestoredPackages(IReadOnlyList<string> CompileReferences, IReadOnlyList<string> AnalyzerAssemblies, IReadOnlyList<string> Missing, IReadOnlyList<string> Restored);

/// <summary>
/// Restores the packages a code base references into the machine's package cache through one throwaway project
/// (net10.0, every PackageReference of the scanned projects and their project references). The registry here serves
/// only some packages: a package it does not have (NU1101, NU1202…) is dropped and the restore retried; a version it
/// does not have (NU1102) floats to the newest served. The answer is cached per package list.
/// </summary>
public static class PackageRestore
{
    public static RestoredPackages Restore(IReadOnlyDictionary<string, string?> packages, string cacheRoot, TextWriter log)
    {
        var wanted = packages
            .Where(p => !p.Key.StartsWith("Microsoft.NET.Test.Sdk", StringComparison.OrdinalIgnoreCase))
            .OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(p => p.Key, p => NormalizeVersion(p.Value), StringComparer.OrdinalIgnoreCase);
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(";", wanted.Select(p => p.Key + "=" + p.Value))))).Substring(0, 16);
        var folder = Path.Combine(cacheRoot, "restore-" + key);
        var resultFile = Path.Combine(folder, "restored.json");
        if (File.Exists(resultFile))
        {
            var cached = JsonSerializer.Deserialize<RestoredPackages>(File.ReadAllText(resultFile));
            if (cached != null && cached.CompileReferences.All(File.Exists))
            {
                log.WriteLine($"packages: {cached.Restored.Count} restored, {cached.Missing.Count} not served (cached in {folder})");
                return cached;
            }
        }

        Directory.CreateDirectory(folder);
        var missing = new List<string>();
        JsonDocument? assets = null;
        for (var attempt = 0; attempt < 12; attempt++)
        {
            WriteProject(folder, wanted);
            var output = Run("dotnet", $"restore \"{Path.Combine(folder, "restore.csproj")}\" -p:NuGetAudit=false --ignore-failed-sources", folder);
            var assetsPath = Path.Combine(folder, "obj", "project.assets.json");
            if (!File.Exists(assetsPath))
            {
                log.WriteLine("packages: restore wrote no assets file; scanning with the framework only\n" + output);
                return new RestoredPackages(Array.Empty<string>(), Array.Empty<string>(), wanted.Keys.ToList(), Array.Empty<string>());
            }

            assets?.Dispose();
            assets = JsonDocument.Parse(File.ReadAllText(assetsPath));
            var changed = false;
            if (assets.RootElement.TryGetProperty("logs", out var logs))
            {
                foreach (var entry in logs.EnumerateArray())
                {
                    if (entry.GetProperty("level").GetString() != "Error" || !entry.TryGetProperty("libraryId", out var idElement))
                    {
                        continue;
                    }

                    var id = idElement.GetString()!;
                    var code = entry.GetProperty("code").GetString();
                    var match = wanted.Keys.FirstOrDefault(k => k.Equals(id, StringComparison.OrdinalIgnoreCase));
                    if (match is null)
                    {
                        continue;
                    }

                    if (code is "NU1102" or "NU1103" && wanted[match] != "*")
                    {
                        wanted[match] = "*";
                    }
                    else
                    {
                        wanted.Remove(match);
                        missing.Add(match);
                    }

                    changed = true;
                }
            }

            if (!changed)
            {
                break;
            }
        }

        var compile = new List<string>();
        var analyzers = new List<string>();
        var restored = new List<string>();
        if (assets != null)
        {
            var root = assets.RootElement;
            var packageFolder = root.GetProperty("packageFolders").EnumerateObject().First().Name;
            var libraries = root.GetProperty("libraries");
            foreach (var target in root.GetProperty("targets").EnumerateObject().First().Value.EnumerateObject())
            {
                if (target.Value.GetProperty("type").GetString() != "package")
                {
                    continue;
                }

                var path = libraries.GetProperty(target.Name).GetProperty("path").GetString()!;
                var packageDirectory = Path.Combine(packageFolder, path);
                restored.Add(target.Name);
                if (target.Value.TryGetProperty("compile", out var compileAssets))
                {
                    foreach (var file in compileAssets.EnumerateObject())
                    {
                        if (file.Name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                        {
                            compile.Add(Path.Combine(packageDirectory, file.Name));
                        }
                    }
                }

                analyzers.AddRange(GeneratorAssemblies(packageDirectory));
            }

            assets.Dispose();
        }

        var result = new RestoredPackages(compile, analyzers, missing.Distinct().OrderBy(m => m, StringComparer.OrdinalIgnoreCase).ToList(), restored);
        File.WriteAllText(resultFile, JsonSerializer.Serialize(result));
        log.WriteLine($"packages: {restored.Count} restored, {result.Missing.Count} not served: {string.Join(", ", result.Missing)}");
        return result;
    }

    /// <summary>The C# analyzer assemblies of a package, for the newest Roslyn folder the host can load.</summary>
    public static IEnumerable<string> GeneratorAssemblies(string packageDirectory)
    {
        var analyzersRoot = Path.Combine(packageDirectory, "analyzers", "dotnet");
        if (!Directory.Exists(analyzersRoot))
        {
            return Array.Empty<string>();
        }

        var roslynFolders = Directory.EnumerateDirectories(analyzersRoot, "roslyn*")
            .Select(d => (Dir: d, Version: Version.TryParse(Path.GetFileName(d).Substring("roslyn".Length), out var v) ? v : null))
            .Where(d => d.Version != null && d.Version <= typeof(Microsoft.CodeAnalysis.Compilation).Assembly.GetName().Version)
            .OrderByDescending(d => d.Version)
            .Select(d => Path.Combine(d.Dir, "cs"))
            .Where(Directory.Exists)
            .ToList();
        var folder = roslynFolders.FirstOrDefault() ?? Path.Combine(analyzersRoot, "cs");
        return Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.dll").ToList() : Array.Empty<string>();
    }

    private static string NormalizeVersion(string? version)
    {
        if (string.IsNullOrWhiteSpace(version) || version.Contains("$("))
        {
            return "*";
        }

        // Ranges such as [1.0,2.0) are kept; a plain version means "this or newer", as NuGet reads it.
        return version.Trim();
    }

    private static void WriteProject(string folder, IReadOnlyDictionary<string, string> packages)
    {
        var items = string.Join("\n", packages.Select(p => $"    <PackageReference Include=\"{p.Key}\" Version=\"{p.Value}\" />"));
        File.WriteAllText(Path.Combine(folder, "restore.csproj"), $"""
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <NoWarn>$(NoWarn);NU1603;NU1605;NU1608;NU1701;NU1900;NU1901;NU1902;NU1903;NU1904</NoWarn>
  </PropertyGroup>
  <ItemGroup>
{items}
  </ItemGroup>
</Project>
""");
        // Keep the code base's own Directory.Build.props and global.json out of the throwaway project.
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"), "<Project />");
    }

    private static string Run(string file, string arguments, string workingDirectory)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return stdout.Result + stderr.Result;
    }
}
