using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AsyncLint.Tests.Integration;
using Microsoft.CodeAnalysis;

namespace AsyncLint.Tests.Catalog
{
    /// <summary>
    /// Every analyzer at once over the sample project (vs-threading's MultiAnalyzerTests is the model): each line whose
    /// comment claims a rule gets exactly that finding, every other line none, and no line gets findings from two rules
    /// (one call, one finding: the rule that explains it best). The docs' compilable examples get the same check, one
    /// block at a time, in <see cref="DocsTests"/>.
    /// </summary>
    public sealed class MultiAnalyzerTests
    {
        [Fact]
        public async Task Samples_get_exactly_the_findings_their_comments_claim_one_per_line()
        {
            var folder = Path.Combine(RepositoryPaths.Root, "samples", "AsyncLint.Samples");
            var files = Directory.GetFiles(folder, "*.cs")
                .OrderBy(f => f, System.StringComparer.Ordinal)
                .Select(f => (Path: Path.GetFileName(f), Code: File.ReadAllText(f)))
                .ToList();
            var compilation = ExampleCode.Compile(files, "AsyncLint.Samples");

            // As the sample's build compiles it: its <NoWarn> reaches the analyzers too (ASYNC404 honours a suppressed CS1998).
            var project = File.ReadAllText(Path.Combine(folder, "AsyncLint.Samples.csproj"));
            var noWarn = System.Text.RegularExpressions.Regex.Matches(project, "<NoWarn>([^<]*)</NoWarn>")
                .SelectMany(m => m.Groups[1].Value.Split(';'))
                .Select(id => id.Trim())
                .Where(id => id.StartsWith("CS", System.StringComparison.Ordinal));
            compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
                noWarn.ToDictionary(id => id, _ => ReportDiagnostic.Suppress)));
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
            Assert.True(errors.Count == 0, "the samples do not compile:\n" + string.Join("\n", errors));

            var reported = await ExampleCode.ReportedAsync(compilation);
            var claimed = ExampleCode.Claims(files);

            var missing = claimed.Where(c => !reported.Any(r => r.Path == c.Path && r.Line == c.Line && r.Id == c.Id))
                .Select(c => $"{c.Path}:{c.Line + 1} claims {c.Id} but AsyncLint does not report it");
            var unclaimed = reported.Where(r => !claimed.Contains((r.Path, r.Line, r.Id)))
                .Select(r => $"{r.Path}:{r.Line + 1} gets {r.Id} ({r.Message}) but the line has no '// {r.Id}' comment");
            var twice = reported.GroupBy(r => (r.Path, r.Line)).Where(g => g.Count() > 1)
                .Select(g => $"{g.Key.Path}:{g.Key.Line + 1} gets {g.Count()} findings: {string.Join(", ", g.Select(r => r.Id))}");
            var problems = missing.Concat(unclaimed).Concat(twice).ToList();
            Assert.True(problems.Count == 0, string.Join("\n", problems));
            // Every code rule shows in the samples (ASYNC0xx are about configuration and the baseline, not code).
            var notShown = CatalogTests.AllRuleIds().Where(id => !id.StartsWith("ASYNC0", System.StringComparison.Ordinal) && !claimed.Any(c => c.Id == id)).ToList();
            Assert.True(notShown.Count == 0, "the samples show no finding of " + string.Join(", ", notShown));
        }
    }
}
