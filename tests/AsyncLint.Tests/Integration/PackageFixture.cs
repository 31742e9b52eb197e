using System;
using System.IO;

namespace AsyncLint.Tests.Integration
{
    /// <summary>
    /// Packs AsyncLint once per test run into a private feed, with a version no other run uses, and an isolated
    /// package cache, so a consumer restore can never pick up a stale AsyncLint from the machine's cache.
    /// </summary>
    public sealed class PackageFixture : IDisposable
    {
        public PackageFixture()
        {
            WorkFolder = Path.Combine(Path.GetTempPath(), "asynclint-it-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            FeedFolder = Path.Combine(WorkFolder, "feed");
            PackagesFolder = Path.Combine(WorkFolder, "packages");
            Directory.CreateDirectory(FeedFolder);
            Directory.CreateDirectory(PackagesFolder);
            Version = "0.0.0-it." + DateTime.UtcNow.ToString("yyyyMMddHHmmss") + "." + Environment.ProcessId;

            var pack = DotNetCli.Run(
                RepositoryPaths.Root,
                PackagesFolder,
                "pack",
                Path.Combine("src", "AsyncLint.Package", "AsyncLint.Package.csproj"),
                "-c", "Release",
                "-o", FeedFolder,
                "-p:Version=" + Version,
                "-nodeReuse:false");
            PackOutput = pack;
            PackagePath = Path.Combine(FeedFolder, "AsyncLint." + Version + ".nupkg");
            if (pack.ExitCode != 0 || !File.Exists(PackagePath))
            {
                throw new InvalidOperationException("dotnet pack failed: " + pack);
            }
        }

        public string WorkFolder { get; }

        public string FeedFolder { get; }

        public string PackagesFolder { get; }

        public string Version { get; }

        public string PackagePath { get; }

        public DotNetCli.Result PackOutput { get; }

        /// <summary>Writes a throwaway consumer project that references the packed AsyncLint from the private feed only.</summary>
        public string CreateConsumer(string name, string source, string? editorConfig = null, string properties = "")
        {
            var folder = Path.Combine(WorkFolder, name);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "Consumer.csproj"), $@"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>{properties}
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include=""AsyncLint"" Version=""{Version}"" PrivateAssets=""all"" />
  </ItemGroup>
</Project>
");
            File.WriteAllText(Path.Combine(folder, "NuGet.config"), $@"<?xml version=""1.0"" encoding=""utf-8""?>
<configuration>
  <packageSources>
    <clear />
    <add key=""asynclint-local"" value=""{FeedFolder}"" />
  </packageSources>
</configuration>
");
            // Keep the consumer out of the repository's Directory.Build.props and .editorconfig.
            File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />\n");
            File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"), "<Project />\n");
            File.WriteAllText(Path.Combine(folder, ".editorconfig"), "root = true\n" + (editorConfig ?? string.Empty));
            File.WriteAllText(Path.Combine(folder, "Consumer.cs"), source);
            return folder;
        }

        public DotNetCli.Result Build(string folder, params string[] extraArguments)
        {
            var arguments = new System.Collections.Generic.List<string> { "build", "-nodeReuse:false", "-p:UseSharedCompilation=false" };
            arguments.AddRange(extraArguments);
            return DotNetCli.Run(folder, PackagesFolder, arguments.ToArray());
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(WorkFolder, recursive: true);
            }
            catch (IOException)
            {
                // a build server may still hold a file for a moment; the temp folder is cleaned by the OS later
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
