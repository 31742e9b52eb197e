using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using AsyncLint.Tests.Integration;

namespace AsyncLint.Tests.Tools
{
    /// <summary>
    /// tools/AsyncLint.Scan over a small code base written to a temp folder: two projects, a project reference across
    /// them, properties from Directory.Build.props, an internal member made visible with an InternalsVisibleTo item and
    /// implicit usings. It must compile it without errors (so the reader follows what MSBuild would) and report the
    /// findings AsyncLint makes there, with file:line, in the text and the JSON.
    /// </summary>
    public sealed class ScanToolTests
    {
        [Fact]
        public void Scans_a_multi_project_code_base_and_reports_per_rule()
        {
            var root = Path.Combine(Path.GetTempPath(), "asynclint-scan-smoke-" + Guid.NewGuid().ToString("N"));
            var json = Path.Combine(root, "scan.json");
            try
            {
                Write(root, "Directory.Build.props", """
                    <Project>
                      <PropertyGroup>
                        <TargetFramework>net10.0</TargetFramework>
                        <ImplicitUsings>enable</ImplicitUsings>
                        <Nullable>enable</Nullable>
                      </PropertyGroup>
                    </Project>
                    """);
                Write(root, "src/Core/Core.csproj", """
                    <Project Sdk="Microsoft.NET.Sdk">
                      <ItemGroup>
                        <InternalsVisibleTo Include="App" />
                      </ItemGroup>
                    </Project>
                    """);
                Write(root, "src/Core/Store.cs", """
                    namespace Core;

                    public class Store
                    {
                        internal async Task<string> LoadAsync()
                        {
                            await Task.Delay(1);
                            return "x";
                        }

                        internal string Load() => LoadAsync().Result;
                    }
                    """);
                Write(root, "src/App/App.csproj", """
                    <Project Sdk="Microsoft.NET.Sdk">
                      <ItemGroup>
                        <ProjectReference Include="..\Core\Core.csproj" />
                        <Compile Remove="Excluded/**" />
                      </ItemGroup>
                    </Project>
                    """);
                Write(root, "src/App/Service.cs", """
                    namespace App;

                    public class Service
                    {
                        public async Task<int> RunAsync()
                        {
                            await Task.Yield();
                            Thread.Sleep(10);
                            return new Core.Store().LoadAsync().Result.Length;
                        }
                    }
                    """);
                Write(root, "src/App/Excluded/Broken.cs", "this file is not compiled (Compile Remove)");

                var run = DotNetCli.Run(root, Path.Combine(Path.GetTempPath(), "asynclint-scan-smoke-packages"), ScanAssemblyPath(), root, "--only", "src/App", "--no-restore", "--json", json);

                Assert.True(run.ExitCode == 0, run.ToString());
                Assert.Contains("src/App/Service.cs:8:", run.Output);
                Assert.Contains("== ASYNC102: 1", run.Output);
                using var report = JsonDocument.Parse(File.ReadAllText(json));
                var project = Assert.Single(report.RootElement.GetProperty("projects").EnumerateArray());
                Assert.Equal("App", project.GetProperty("name").GetString());
                Assert.Equal(0, project.GetProperty("compilerErrors").GetInt32());
                var findings = report.RootElement.GetProperty("findings").EnumerateArray()
                    .Select(f => (Id: f.GetProperty("id").GetString(), Path: f.GetProperty("path").GetString(), Line: f.GetProperty("line").GetInt32()))
                    .ToList();
                Assert.Contains(("ASYNC102", "src/App/Service.cs", 8), findings);
                Assert.Contains(("ASYNC101", "src/App/Service.cs", 9), findings);

                // Only the projects under --only are reported: Core's ASYNC104 is compiled, as a reference, not reported.
                Assert.DoesNotContain(findings, f => f.Path!.StartsWith("src/Core", StringComparison.Ordinal));
                Assert.Equal(findings.Count, report.RootElement.GetProperty("total").GetInt32());
            }
            finally
            {
                if (Directory.Exists(root))
                {
                    Directory.Delete(root, recursive: true);
                }
            }
        }

        internal static void Write(string root, string relativePath, string text)
        {
            var path = Path.Combine(root, relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        /// <summary>The scan tool built in the same configuration as this test assembly (the project reference builds it).</summary>
        internal static string ScanAssemblyPath()
        {
            var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = testOutput.Parent!.Name;
            var path = Path.Combine(RepositoryPaths.Root, "tools", "AsyncLint.Scan", "bin", configuration, testOutput.Name, "AsyncLint.Scan.dll");
            Assert.True(File.Exists(path), "scan tool not built at " + path);
            return path;
        }
    }
}
