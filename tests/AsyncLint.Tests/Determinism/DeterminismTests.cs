using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AsyncLint.Tests.Catalog;
using AsyncLint.Tests.Integration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncLint.Tests.Determinism
{
    /// <summary>
    /// A build analyzes concurrently; an IDE, a CI run and a SARIF baseline must all see the same findings. Every
    /// AsyncLint analyzer runs over a multi-file project — the samples (every rule fires there) plus files written so that
    /// ASYNC105 has many callers, shared blocking helpers and chains of equal length to choose between — several times
    /// with concurrent analysis and once without, each time on a fresh compilation (so no per-compilation cache is
    /// shared), and every diagnostic must be the same: ID, file, position and message.
    /// </summary>
    public sealed class DeterminismTests
    {
        [Fact]
        public async Task Concurrent_and_sequential_runs_report_the_same_diagnostics_and_messages()
        {
            var files = Sources();
            var sequential = await AnalyzeAsync(files, concurrent: false);

            Assert.Contains(sequential, d => d.StartsWith(RuleIds.TransitiveBlocking, StringComparison.Ordinal));
            Assert.True(sequential.Select(d => d.Substring(0, 8)).Distinct().Count() >= 12, "the project should exercise most rules:\n" + string.Join("\n", sequential));

            for (var run = 0; run < 4; run++)
            {
                var concurrent = await AnalyzeAsync(files, concurrent: true);
                var onlySequential = sequential.Except(concurrent).ToList();
                var onlyConcurrent = concurrent.Except(sequential).ToList();
                Assert.True(
                    onlySequential.Count == 0 && onlyConcurrent.Count == 0,
                    "run " + run + " differs from the sequential run\nonly sequential:\n" + string.Join("\n", onlySequential) + "\nonly concurrent:\n" + string.Join("\n", onlyConcurrent));
            }
        }

        private static async Task<List<string>> AnalyzeAsync(IReadOnlyList<(string Path, string Code)> files, bool concurrent)
        {
            var compilation = ExampleCode.Compile(files, "Determinism");
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, "the project does not compile:\n" + string.Join("\n", errors));

            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: null,
                concurrentAnalysis: concurrent,
                logAnalyzerExecutionTime: false);
            var diagnostics = await compilation.WithAnalyzers(CatalogTests.AllAnalyzers().ToImmutableArray(), options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
            return diagnostics
                .Select(d => d.Id + " " + d.Location.GetLineSpan() + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))
                .OrderBy(d => d, StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>The samples (every rule fires there) and the generated callers of shared blocking helpers.</summary>
        private static IReadOnlyList<(string Path, string Code)> Sources()
        {
            var samples = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "samples", "AsyncLint.Samples"), "*.cs")
                .OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => (Path.GetFileName(f), File.ReadAllText(f)));
            var generated = Enumerable.Range(0, 24).Select(i => ("Callers" + i + ".cs", SharedHelperCallers(i)));
            return samples.Concat(generated).Append(("SharedHelpers.cs", SharedHelpers)).ToList();
        }

        /// <summary>Blocking helpers with several chains of the same length below each entry, declared in no particular order.</summary>
        private const string SharedHelpers = @"
namespace Determinism;

public static class Helpers
{
    public static void Entry(int n) { Zeta(n); Beta(n); Alpha(n); Gamma(n); }

    public static void Zeta(int n) => Thread.Sleep(n);

    public static void Beta(int n) => Task.Delay(n).Wait();

    public static void Alpha(int n) => Task.Delay(n).GetAwaiter().GetResult();

    public static void Gamma(int n) => File.ReadAllText(n.ToString());

    public static string Load(string path) { Cache(path); Read(path); return path; }

    private static void Read(string path) => File.ReadAllBytes(path);

    private static void Cache(string path) => new SemaphoreSlim(1).Wait();

    // A cycle, with blocking on both sides of it.
    public static void Ping(int n) { if (n > 0) Pong(n - 1); Thread.Sleep(n); }

    public static void Pong(int n) { if (n > 1) Ping(n - 1); Task.Delay(n).Wait(); }
}";

        private static string SharedHelperCallers(int index)
        {
            var code = new StringBuilder();
            code.AppendLine("namespace Determinism;");
            code.AppendLine("public class Callers" + index);
            code.AppendLine("{");
            code.AppendLine("    private static void Local" + index + "() { Helpers.Entry(" + index + "); Helpers.Load(\"x\"); }");
            code.AppendLine("    public async Task RunAsync()");
            code.AppendLine("    {");
            code.AppendLine("        await Task.Yield();");
            code.AppendLine("        Helpers.Entry(" + index + ");");
            code.AppendLine("        Local" + index + "();");
            code.AppendLine("        Helpers.Load(\"" + index + "\");");
            code.AppendLine("        if (" + index + " % 2 == 0) Helpers.Ping(" + index + "); else Helpers.Pong(" + index + ");");
            code.AppendLine("    }");
            code.AppendLine("}");
            return code.ToString();
        }
    }
}
