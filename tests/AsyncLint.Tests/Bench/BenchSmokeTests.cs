using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using AsyncLint.Tests.Integration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncLint.Tests.Bench
{
    /// <summary>
    /// Keeps bench/AsyncLint.Benchmarks from rotting: runs it in quick mode on a small corpus and checks that it
    /// completes and reports a number for every AsyncLint analyzer and its null mirror. No timing is asserted:
    /// timings belong in the bench (docs/performance.md), not in a test.
    /// </summary>
    public sealed class BenchSmokeTests
    {
        [Fact]
        public void Quick_run_reports_every_AsyncLint_analyzer()
        {
            var json = Path.Combine(Path.GetTempPath(), "asynclint-bench-smoke-" + Guid.NewGuid().ToString("N") + ".json");
            try
            {
                // Peers are left out: restoring and loading five analyzer packages would take longer than the whole smoke test may.
                var run = DotNetCli.Run(
                    RepositoryPaths.Root,
                    Path.Combine(Path.GetTempPath(), "asynclint-bench-smoke-packages"),
                    BenchAssemblyPath(), "--quick", "--base-lines", "1200", "--no-peers", "--editor-docs", "3", "--json", json);

                Assert.True(run.ExitCode == 0, run.ToString());
                using var report = JsonDocument.Parse(File.ReadAllText(json));
                var scale = Assert.Single(report.RootElement.GetProperty("scales").EnumerateArray());
                Assert.Equal(0, scale.GetProperty("compilerErrors").GetInt32());
                Assert.Empty(scale.GetProperty("exceptions").EnumerateArray());

                var measured = scale.GetProperty("analyzers").EnumerateArray()
                    .Select(a => (Name: a.GetProperty("name").GetString()!, Variant: a.GetProperty("variant").GetString()!, Ms: a.GetProperty("executionMs").GetDouble()))
                    .ToList();
                var analyzerTypes = typeof(RuleIds).Assembly.GetTypes()
                    .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null)
                    .ToList();
                Assert.NotEmpty(analyzerTypes);
                foreach (var type in analyzerTypes)
                {
                    Assert.Contains(measured, m => m.Variant == "asynclint" && m.Name.EndsWith(" " + type.Name, StringComparison.Ordinal) && m.Ms >= 0);
                    Assert.Contains(measured, m => m.Variant == "null" && m.Name.EndsWith(" " + type.Name, StringComparison.Ordinal) && m.Ms >= 0);
                }

                Assert.True(scale.GetProperty("compilerMs").GetDouble() > 0);
                var editor = report.RootElement.GetProperty("editor").GetProperty("variants").EnumerateArray().ToList();
                Assert.Contains(editor, v => v.GetProperty("variant").GetString() == "asynclint" && v.GetProperty("wallMs").GetArrayLength() > 0);
            }
            finally
            {
                File.Delete(json);
            }
        }

        /// <summary>The bench built in the same configuration as this test assembly (the project reference builds it).</summary>
        private static string BenchAssemblyPath()
        {
            var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = testOutput.Parent!.Name;
            var path = Path.Combine(RepositoryPaths.Root, "bench", "AsyncLint.Benchmarks", "bin", configuration, testOutput.Name, "AsyncLint.Benchmarks.dll");
            Assert.True(File.Exists(path), "bench not built at " + path);
            return path;
        }
    }
}
