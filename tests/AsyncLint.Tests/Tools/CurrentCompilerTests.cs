using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using AsyncLint.Tests.Integration;

namespace AsyncLint.Tests.Tools
{
    /// <summary>
    /// The rule tests compile with the Roslyn the analyzers are built against (4.8), which predates params collections: on
    /// .NET 10 references it still binds <c>Task.WhenAll(a, b)</c> to <c>params Task[]</c>. A current compiler binds it to
    /// <c>params ReadOnlySpan&lt;Task&gt;</c>, the shape that used to lose the proof that <c>a</c> and <c>b</c> are complete.
    /// The scan tool runs on a current compiler, so this test compiles a small .NET 10 project with it and checks the
    /// completion proofs there: nothing reported after <c>await Task.WhenAll(a, b)</c> or <c>Task.WaitAll(a, b)</c>, and
    /// a task left out of them still reported.
    /// </summary>
    public sealed class CurrentCompilerTests
    {
        [Fact]
        public void WhenAll_and_WaitAll_of_two_tasks_prove_completion_with_a_current_compiler()
        {
            var root = Path.Combine(Path.GetTempPath(), "asynclint-current-compiler-" + Guid.NewGuid().ToString("N"));
            var json = Path.Combine(root, "scan.json");
            try
            {
                ScanToolTests.Write(root, "App/App.csproj", """
                    <Project Sdk="Microsoft.NET.Sdk">
                      <PropertyGroup>
                        <TargetFramework>net10.0</TargetFramework>
                        <ImplicitUsings>enable</ImplicitUsings>
                      </PropertyGroup>
                    </Project>
                    """);
                ScanToolTests.Write(root, "App/Queries.cs", """
                    namespace App;

                    public class Queries
                    {
                        public async Task<int> BothAsync(Func<Task<int>> start)
                        {
                            var a = start();
                            var b = start();
                            await Task.WhenAll(a, b);
                            return a.Result + b.Result;
                        }

                        public async Task<int> OneAsync(Func<Task<int>> start)
                        {
                            var a = start();
                            var b = start();
                            await Task.WhenAll(a);
                            return a.Result + b.Result;
                        }

                        public int AfterWaitAll(Func<Task<int>> start)
                        {
                            var a = start();
                            var b = start();
                            Task.WaitAll(a, b);
                            return a.Result + b.Result;
                        }
                    }
                    """);

                var run = DotNetCli.Run(root, Path.Combine(Path.GetTempPath(), "asynclint-scan-smoke-packages"), ScanToolTests.ScanAssemblyPath(), root, "--no-restore", "--json", json);

                Assert.True(run.ExitCode == 0, run.ToString());
                using var report = JsonDocument.Parse(File.ReadAllText(json));
                Assert.Equal(0, Assert.Single(report.RootElement.GetProperty("projects").EnumerateArray()).GetProperty("compilerErrors").GetInt32());
                var findings = report.RootElement.GetProperty("findings").EnumerateArray()
                    .Select(f => (Id: f.GetProperty("id").GetString(), Line: f.GetProperty("line").GetInt32(), Message: f.GetProperty("message").GetString()))
                    .Where(f => f.Id is "ASYNC101" or "ASYNC104")
                    .OrderBy(f => f.Line)
                    .ToList();
                Assert.Collection(
                    findings,
                    f => Assert.Equal(("ASYNC101", 18), (f.Id, f.Line)),
                    f => Assert.Equal(("ASYNC104", 25), (f.Id, f.Line)));
                Assert.StartsWith("'b.Result'", findings[0].Message);
            }
            finally
            {
                if (Directory.Exists(root))
                {
                    Directory.Delete(root, recursive: true);
                }
            }
        }
    }
}
