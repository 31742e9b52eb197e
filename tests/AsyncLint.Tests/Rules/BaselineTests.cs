using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncLint.Baseline;
using AsyncLint.Rules;
using AsyncLint.Tests.Verifiers;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace AsyncLint.Tests.Rules
{
    /// <summary>
    /// The baseline's fingerprints and its suppressor. The round trip through a real build (the MSBuild task writes the
    /// file from the compiler's SARIF log) is in Integration/AdoptionTests.
    /// </summary>
    public class BaselineTests
    {
        private const string Orders = @"using System.Threading.Tasks;

public class Orders
{
    public async Task<int> CountAsync(Task<int[]> pending)
    {
        await Task.Yield();
        return {|#0:pending.Result|}.Length;
    }

    public async Task<int> TotalAsync(Task<int[]> pending)
    {
        await Task.Yield();
        return {|#1:pending.Result|}.Length;
    }
}
";

        private static string Baseline(params string[] entries)
            => "{\n  \"version\": 1,\n  \"findings\": [\n" + string.Join(",\n", entries) + "\n  ]\n}\n";

        private static string Entry(string code, int occurrence = 1, string rule = "ASYNC101", string path = "Test0.cs")
            => "    { \"rule\": \"" + rule + "\", \"path\": \"" + path + "\", \"code\": \"" + code + "\", \"occurrence\": " + occurrence + " }";

        [Fact]
        public Task An_accepted_finding_is_suppressed_and_an_identical_second_one_is_not()
            => new SuppressorTest
            {
                TestCode = Orders.Replace("{|#0:pending.Result|}", "pending.Result").Replace("{|#1:pending.Result|}", "pending.Result"),
                Baseline = Baseline(Entry("return pending.Result.Length;")),
                ExpectedDiagnostics =
                {
                    // Both lines read the same; the first in the file is occurrence 1.
                    CSharpAnalyzerVerifier<BlockingWaitAnalyzer>.Diagnostic("ASYNC101").WithSpan(8, 24, 8, 30).WithMessage(null).WithIsSuppressed(true),
                    CSharpAnalyzerVerifier<BlockingWaitAnalyzer>.Diagnostic("ASYNC101").WithSpan(14, 24, 14, 30).WithMessage(null).WithIsSuppressed(false),
                },
            }.RunAsync();

        [Fact]
        public Task Both_occurrences_accepted_survive_lines_added_above()
            => new SuppressorTest
            {
                TestCode = "// a new first line\n\n" + Orders.Replace("{|#0:pending.Result|}", "pending.Result").Replace("{|#1:pending.Result|}", "pending.Result"),
                Baseline = Baseline(Entry("return pending.Result.Length;"), Entry("return pending.Result.Length;", 2)),
                ExpectedDiagnostics =
                {
                    CSharpAnalyzerVerifier<BlockingWaitAnalyzer>.Diagnostic("ASYNC101").WithSpan(10, 24, 10, 30).WithMessage(null).WithIsSuppressed(true),
                    CSharpAnalyzerVerifier<BlockingWaitAnalyzer>.Diagnostic("ASYNC101").WithSpan(16, 24, 16, 30).WithMessage(null).WithIsSuppressed(true),
                },
            }.RunAsync();

        [Fact]
        public Task Another_rule_path_or_text_is_not_accepted()
            => new SuppressorTest
            {
                TestCode = Orders.Replace("{|#0:pending.Result|}", "pending.Result").Replace("{|#1:pending.Result|}", "pending.Result"),
                Baseline = Baseline(
                    Entry("return pending.Result.Length;", rule: "ASYNC104"),
                    Entry("return pending.Result.Length;", path: "Other.cs"),
                    Entry("return pending.Result.Count;")),
                ExpectedDiagnostics =
                {
                    CSharpAnalyzerVerifier<BlockingWaitAnalyzer>.Diagnostic("ASYNC101").WithSpan(8, 24, 8, 30).WithMessage(null).WithIsSuppressed(false),
                    CSharpAnalyzerVerifier<BlockingWaitAnalyzer>.Diagnostic("ASYNC101").WithSpan(14, 24, 14, 30).WithMessage(null).WithIsSuppressed(false),
                },
            }.RunAsync();

        [Fact]
        public Task The_build_that_writes_the_baseline_suppresses_every_finding()
            => new SuppressorTest
            {
                TestCode = Orders.Replace("{|#0:pending.Result|}", "pending.Result").Replace("{|#1:pending.Result|}", "pending.Result"),
                Updating = true,
                ExpectedDiagnostics =
                {
                    CSharpAnalyzerVerifier<BlockingWaitAnalyzer>.Diagnostic("ASYNC101").WithSpan(8, 24, 8, 30).WithMessage(null).WithIsSuppressed(true),
                    CSharpAnalyzerVerifier<BlockingWaitAnalyzer>.Diagnostic("ASYNC101").WithSpan(14, 24, 14, 30).WithMessage(null).WithIsSuppressed(true),
                },
            }.RunAsync();

        [Fact]
        public void The_file_is_sorted_stable_and_reads_back()
        {
            var entries = new[]
            {
                new BaselineEntry("ASYNC104", "b/Z.cs", "x.Wait();", 1),
                new BaselineEntry("ASYNC101", "b/Z.cs", "return t.Result;", 2),
                new BaselineEntry("ASYNC101", "a.cs", "say(\"hi\\\");", 1),
                new BaselineEntry("ASYNC101", "b/Z.cs", "return t.Result;", 1),
            };

            var text = BaselineFile.Format(entries);
            Assert.Equal(text, BaselineFile.Format(entries.Reverse()));
            var lines = text.Split('\n');
            Assert.Contains("\"path\": \"a.cs\"", lines[4]);
            Assert.Contains("\"occurrence\": 1", lines[5]);
            Assert.Contains("\"occurrence\": 2", lines[6]);
            Assert.Contains("ASYNC104", lines[7]);

            Assert.True(BaselineFile.TryParse(text, out var read, out var error), error);
            Assert.Equal(entries.OrderBy(e => e.Path, System.StringComparer.Ordinal).ThenBy(e => e.Rule, System.StringComparer.Ordinal).ThenBy(e => e.Occurrence), read);
            Assert.Equal(new[] { 5, 6, 7, 8 }, read.Select(e => e.FileLine));
            Assert.Equal("say(\"hi\\\");", read[0].Code);
        }

        [Theory]
        [InlineData("  return   pending.Result ;\t", "return pending.Result ;")]
        [InlineData("\treturn x;", "return x;")]
        [InlineData("", "")]
        public void Code_is_trimmed_and_inner_whitespace_made_one_space(string line, string expected)
            => Assert.Equal(expected, BaselineFile.NormalizeCode(line));

        [Theory]
        [InlineData("/src/app", "/src/app/Orders/Api.cs", "Orders/Api.cs")]
        [InlineData("/src/app/", "/src/app/Api.cs", "Api.cs")]
        [InlineData("/src/app", "/src/shared/Linked.cs", "../shared/Linked.cs")]
        [InlineData(@"C:\src\app", @"c:\SRC\app\Orders\Api.cs", "Orders/Api.cs")]
        public void Paths_are_relative_to_the_baseline_with_slashes(string baseDirectory, string file, string expected)
            => Assert.Equal(expected, BaselineFile.RelativePath(baseDirectory, file));

        [Fact]
        public void Lines_break_where_the_compiler_breaks_them()
        {
            var text = "a\r\nb\rc\nd\u2028e";
            Assert.Equal(new[] { "a", "b", "c", "d", "e" }, Enumerable.Range(0, 5).Select(i => BaselineFile.LineAt(text, i)));
            Assert.Null(BaselineFile.LineAt(text, 5));
        }

        [Fact]
        public void Occurrences_count_identical_lines_from_the_top_of_each_file()
        {
            var findings = new[]
            {
                (new BaselineFinding("ASYNC101", "A.cs", "return t.Result;", 20, 4), "third"),
                (new BaselineFinding("ASYNC101", "A.cs", "return t.Result;", 3, 9), "first"),
                (new BaselineFinding("ASYNC101", "B.cs", "return t.Result;", 1, 1), "other file"),
                (new BaselineFinding("ASYNC101", "A.cs", "return t.Result;", 3, 20), "second, same line"),
            };

            var numbered = BaselineFile.Fingerprint(findings).ToDictionary(x => x.Item, x => x.Entry.Occurrence);
            Assert.Equal(new Dictionary<string, int> { ["first"] = 1, ["second, same line"] = 2, ["third"] = 3, ["other file"] = 1 }, numbered);
        }

        [Theory]
        [InlineData("{ \"version\": 2, \"findings\": [] }", "expected \"version\": 1")]
        [InlineData("{ \"version\": 1 }", "expected a \"findings\" array")]
        [InlineData("{ \"version\": 1, \"findings\": [ { \"rule\": \"ASYNC101\" } ] }", "finding 1 needs \"rule\", \"path\", \"code\" (strings) and \"occurrence\" (a number from 1)")]
        [InlineData("{ \"version\": 1,\n \"findings\": [ }", "line 2: unexpected character '}'")]
        public void A_malformed_file_says_what_is_wrong(string text, string expected)
        {
            Assert.False(BaselineFile.TryParse(text, out _, out var error));
            Assert.Equal(expected, error);
        }

        [Fact]
        public void Only_concept_family_rules_are_baselined()
        {
            Assert.True(BaselineFile.IsBaselinable("ASYNC101"));
            Assert.True(BaselineFile.IsBaselinable("ASYNC404"));
            Assert.False(BaselineFile.IsBaselinable("ASYNC001"));
            Assert.False(BaselineFile.IsBaselinable("ASYNC1010"));
            Assert.False(BaselineFile.IsBaselinable("CA2007"));
        }

        /// <summary>BlockingWaitAnalyzer's findings with the baseline suppressor, a baseline file and the build's update switch.</summary>
        private sealed class SuppressorTest : CSharpAnalyzerTest<BlockingWaitAnalyzer, DefaultVerifier>
        {
            public SuppressorTest()
            {
                ReferenceAssemblies = TestDefaults.Net80;
            }

            public string? Baseline { get; set; }

            public bool Updating { get; set; }

            protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers()
                => new DiagnosticAnalyzer[] { new BlockingWaitAnalyzer(), new BaselineSuppressor() };

            protected override Task RunImplAsync(CancellationToken cancellationToken)
            {
                if (Baseline != null)
                {
                    TestState.AdditionalFiles.Add(("/0/" + BaselineFile.DefaultFileName, Baseline));
                }

                if (Updating)
                {
                    TestState.AnalyzerConfigFiles.Add(("/.globalconfig", TestDefaults.GlobalConfig(new Dictionary<string, string> { [BaselineOptions.UpdateProperty] = "true" })));
                }

                return base.RunImplAsync(cancellationToken);
            }
        }
    }
}
