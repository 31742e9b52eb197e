using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AsyncLint.Tests.Integration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit.Abstractions;

namespace AsyncLint.Tests.Catalog
{
    /// <summary>
    /// Every finding of the samples, of the docs' compilable examples and of the rule tests' cases, fixed one at a time
    /// with every action every fixer offers for it: the result compiles, adds no compiler warning, and adds no AsyncLint
    /// finding but the ASYNC104 findings on the lines where the make-async cascade stopped and blocks explicitly (which its
    /// title names). The docs' before/after of the cascade is what the fix writes. The test output lists, per rule, how
    /// many findings got a fix (the issue's coverage figures), and every finding without one, with its message.
    /// </summary>
    public sealed class FixOutcomeTests
    {
        private readonly ITestOutputHelper _output;

        public FixOutcomeTests(ITestOutputHelper output) => _output = output;

        public static IEnumerable<object[]> Examples()
        {
            yield return new object[] { "samples/AsyncLint.Samples" };
            foreach (var block in MarkdownDocs.Files().SelectMany(MarkdownDocs.CodeBlocks).Where(b => b.Info == DocsTests.CompilableMarker))
            {
                yield return new object[] { MarkdownDocs.Relative(block.File) + ":" + block.Line };
            }
        }

        [Theory]
        [MemberData(nameof(Examples))]
        public async Task Fixes_compile_and_add_no_warning_and_no_finding(string example)
        {
            var project = CreateProject(Files(example));
            var before = await OutcomeAsync(project);
            var coverage = new Coverage();
            var problems = new List<string>();
            var withoutFix = new List<string>();
            foreach (var finding in before.Findings)
            {
                var actions = await ActionsAsync(project, finding);
                coverage.Add(finding.Id, actions.Count > 0);
                if (actions.Count == 0)
                {
                    withoutFix.Add(WithoutFix(finding));
                }

                foreach (var action in actions)
                {
                    var fixedProject = await ApplyAsync(project, action);
                    var after = await OutcomeAsync(fixedProject);
                    problems.AddRange(Compare(before, after, finding, action.Title));
                }
            }

            _output.WriteLine(example + ": " + coverage);
            _output.WriteLine("without a fix: " + string.Join("; ", withoutFix));
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        public static IEnumerable<object[]> RuleTestFiles()
            => Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "tests", "AsyncLint.Tests", "Rules"), "*Tests.cs")
                .Select(Path.GetFileName)
                .OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => new object[] { f! });

        /// <summary>
        /// The same check over the rule tests' own cases (each verbatim source with markup in a rule test file, compiled as
        /// a project of its own; a case that needs the test's own references or options does not compile and is left out);
        /// the output gives the coverage the issue asks about, per rule, and why the cascade was not offered.
        /// </summary>
        [Theory]
        [MemberData(nameof(RuleTestFiles))]
        public async Task Fixes_on_the_rule_tests_cases_compile_and_add_no_warning_and_no_finding(string file)
        {
            var coverage = new Coverage();
            var problems = new List<string>();
            var refusals = new List<string>();
            var withoutFix = new List<string>();
            void Refused(string reason) => refusals.Add(reason);
            AsyncLint.CodeFixes.Shared.MakeAsyncCascade.Refused += Refused;
            try
            {
                foreach (var source in TestSources(Path.Combine(RepositoryPaths.Root, "tests", "AsyncLint.Tests", "Rules", file)))
                {
                    var project = CreateProject(new[] { ("Case.cs", source) });
                    var before = await OutcomeAsync(project);
                    if (before.Compiler.Any(d => d.Severity == DiagnosticSeverity.Error))
                    {
                        continue;
                    }

                    foreach (var finding in before.Findings)
                    {
                        var actions = await ActionsAsync(project, finding);
                        coverage.Add(finding.Id, actions.Count > 0);
                        if (actions.Count == 0)
                        {
                            withoutFix.Add(WithoutFix(finding));
                        }

                        foreach (var action in actions)
                        {
                            problems.AddRange(Compare(before, await OutcomeAsync(await ApplyAsync(project, action)), finding, action.Title).Select(p => file + ": " + p));
                        }
                    }
                }
            }
            finally
            {
                AsyncLint.CodeFixes.Shared.MakeAsyncCascade.Refused -= Refused;
            }

            _output.WriteLine(file + ": " + coverage);
            _output.WriteLine("without a fix: " + string.Join("; ", withoutFix));
            _output.WriteLine("why no cascade: " + string.Join("; ", refusals.GroupBy(r => r).Select(g => g.Count() + " × " + g.Key)));
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        /// <summary>The verbatim C# sources with markup in a test file, markup removed (the usings the tests prepend added).</summary>
        private static IEnumerable<string> TestSources(string file)
        {
            const string usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\n";
            var text = File.ReadAllText(file);
            foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(text, "@\"((?:[^\"]|\"\")*)\""))
            {
                var code = match.Groups[1].Value.Replace("\"\"", "\"");
                if (!code.Contains("[|", StringComparison.Ordinal) && !code.Contains("{|", StringComparison.Ordinal))
                {
                    continue;
                }

                code = System.Text.RegularExpressions.Regex.Replace(code, @"\{\|[^:|]*:|\[\||\|\]|\|\}", string.Empty);
                yield return code.TrimStart().StartsWith("using", StringComparison.Ordinal) ? code : usings + code;
            }
        }

        [Fact]
        public async Task The_cascade_on_the_concept_page_writes_its_after_block()
        {
            var page = Path.Combine(RepositoryPaths.Root, "docs", "concepts", "async-all-the-way.md");
            var blocks = MarkdownDocs.CodeBlocks(page).Where(b => b.Info == DocsTests.CompilableMarker && b.Code.Contains("class OrderRepository", StringComparison.Ordinal)).ToList();
            var before = blocks.Single(b => b.Code.Contains("// ASYNC105", StringComparison.Ordinal));
            var expected = blocks[blocks.IndexOf(before) + 1];
            var project = CreateProject(new[] { ("Example.cs", before.Code) });
            var finding = (await OutcomeAsync(project)).Findings.Single(f => f.Id == RuleIds.TransitiveBlocking);
            var action = Assert.Single(await ActionsAsync(project, finding));
            var fixedProject = await ApplyAsync(project, action);
            var text = (await fixedProject.Documents.Single(d => d.Name == "Example.cs").GetTextAsync()).ToString();
            // The fix keeps the before block's comments, which claim findings the after block no longer has.
            var withoutClaims = System.Text.RegularExpressions.Regex.Replace(text.Replace("\r\n", "\n"), @"\s*// ASYNC[0-9]{3}:[^\n]*", string.Empty);
            Assert.Equal(expected.Code.Replace("\r\n", "\n").Trim(), withoutClaims.Trim());
            Assert.Equal("Make 'TotalFor' and the methods down to 'Find' async (2 callers in 1 file)", action.Title);
        }

        private static IEnumerable<(string Path, string Code)> Files(string example)
        {
            if (example.StartsWith("samples/", StringComparison.Ordinal))
            {
                return Directory.GetFiles(Path.Combine(RepositoryPaths.Root, example), "*.cs")
                    .OrderBy(f => f, StringComparer.Ordinal)
                    .Select(f => (Path.GetFileName(f), File.ReadAllText(f)))
                    .ToList();
            }

            var separator = example.LastIndexOf(':');
            var line = int.Parse(example.Substring(separator + 1), System.Globalization.CultureInfo.InvariantCulture);
            var block = MarkdownDocs.CodeBlocks(Path.Combine(RepositoryPaths.Root, example.Substring(0, separator))).Single(b => b.Line == line);
            return new[] { ("Example.cs", block.Code) };
        }

        /// <summary>The example as a workspace project, compiled exactly as <see cref="ExampleCode"/> compiles it.</summary>
        private static Project CreateProject(IEnumerable<(string Path, string Code)> files)
        {
            var compilation = ExampleCode.Compile(files, "Example");
            var workspace = new AdhocWorkspace();
            var projectId = ProjectId.CreateNewId();
            var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
                projectId, VersionStamp.Default, "Example", "Example", LanguageNames.CSharp,
                compilationOptions: compilation.Options,
                parseOptions: compilation.SyntaxTrees.First().Options,
                metadataReferences: compilation.References));
            foreach (var tree in compilation.SyntaxTrees)
            {
                solution = solution.AddDocument(DocumentId.CreateNewId(projectId), tree.FilePath, tree.GetText(), filePath: "/" + tree.FilePath);
            }

            return solution.GetProject(projectId)!;
        }

        private static async Task<Outcome> OutcomeAsync(Project project)
        {
            var compilation = (await project.GetCompilationAsync())!;
            var compilerDiagnostics = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
            var findings = await compilation.WithAnalyzers(CatalogTests.AllAnalyzers().ToImmutableArray(), project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync();
            return new Outcome(project, compilerDiagnostics, findings.OrderBy(f => f.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(f => f.Location.SourceSpan.Start).ToList());
        }

        private static async Task<List<CodeAction>> ActionsAsync(Project project, Diagnostic finding)
        {
            var document = project.GetDocument(finding.Location.SourceTree)!;
            var actions = new List<CodeAction>();
            foreach (var fixer in Fixers().Where(f => f.FixableDiagnosticIds.Contains(finding.Id)))
            {
                var context = new CodeFixContext(document, finding, (action, _) => actions.Add(action), CancellationToken.None);
                await fixer.RegisterCodeFixesAsync(context);
            }

            return actions;
        }

        private static async Task<Project> ApplyAsync(Project project, CodeAction action)
        {
            var operations = await action.GetOperationsAsync(CancellationToken.None);
            var solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
            return solution.GetProject(project.Id)!;
        }

        /// <summary>
        /// What a fix is known to add today, and why: item 4 of issue 14 not yet done for these fixers (their tests on main
        /// assert the output as it is). Any other addition fails the check.
        /// </summary>
        private static readonly (string FixedRule, string Added, string Why)[] KnownAdditions =
        {
            (RuleIds.LostInnerTask, RuleIds.TaskRunAroundAsync, "Task.Run(async () => await X()) after unwrapping: ASYNC402 then says the Task.Run is needless"),
            (RuleIds.LostInnerTask, RuleIds.BlockingWait, "a wait on the Task<Task> returned at once; unwrapped, it waits for the work, which ASYNC101 reports"),
            (RuleIds.LostInnerTask, RuleIds.SyncOverAsync, "a wait on the Task<Task> returned at once; unwrapped, it waits for the work, which ASYNC104 reports"),
        };

        private static IEnumerable<string> Compare(Outcome before, Outcome after, Diagnostic fixedFinding, string title)
        {
            var at = "fix '" + title + "' of " + fixedFinding.Id + " at " + fixedFinding.Location.GetLineSpan().StartLinePosition + ": ";
            foreach (var error in after.Compiler.Where(d => d.Severity == DiagnosticSeverity.Error))
            {
                yield return at + "does not compile: " + error;
            }

            foreach (var group in after.Compiler.Where(d => d.Severity == DiagnosticSeverity.Warning).GroupBy(d => d.Id))
            {
                if (group.Count() > before.Compiler.Count(d => d.Id == group.Key) && !IsKnown(fixedFinding.Id, group.Key))
                {
                    yield return at + "adds compiler warning " + group.First();
                }
            }

            // Findings are compared by rule and by the text of their line: the cascade renames members, so positions move.
            var beforeLines = new HashSet<string>(before.Findings.Select(f => f.Id + "|" + LineText(f)));
            foreach (var finding in after.Findings)
            {
                var key = finding.Id + "|" + LineText(finding);
                if (beforeLines.Contains(key))
                {
                    continue;
                }

                var isStop = finding.Id == RuleIds.SyncOverAsync && LineText(finding).Contains("Async(", StringComparison.Ordinal) && LineText(finding).Contains(".GetAwaiter().GetResult()", StringComparison.Ordinal);
                var isRenamedSame = before.Findings.Any(b => b.Id == finding.Id && b.GetMessage() == finding.GetMessage());
                if (!isStop && !isRenamedSame && !IsKnown(fixedFinding.Id, finding.Id))
                {
                    yield return at + "adds finding " + finding.Id + " on '" + LineText(finding) + "': " + finding.GetMessage();
                }
            }

            // As many findings like it as before (the same rule, line text and message): it was left. Identical lines count apart.
            static string Same(Diagnostic d) => d.Id + "|" + LineText(d) + "|" + d.GetMessage();
            if (after.Findings.Count(f => Same(f) == Same(fixedFinding)) >= before.Findings.Count(f => Same(f) == Same(fixedFinding)))
            {
                yield return at + "leaves the finding it fixes";
            }
        }

        private static bool IsKnown(string fixedRule, string added)
            => KnownAdditions.Any(k => k.FixedRule == fixedRule && k.Added == added);

        /// <summary>A finding without a fix as the output lists it: its rule, its line and its message (which states the remedy).</summary>
        private static string WithoutFix(Diagnostic finding) => finding.Id + " '" + LineText(finding) + "' [" + finding.GetMessage() + "]";

        private static string LineText(Diagnostic diagnostic)
        {
            var tree = diagnostic.Location.SourceTree!;
            var line = diagnostic.Location.GetLineSpan().StartLinePosition.Line;
            return tree.GetText().Lines[line].ToString().Trim();
        }

        private static IReadOnlyList<CodeFixProvider> Fixers()
            => typeof(AsyncLint.CodeFixes.Rules.BlockingWaitCodeFixProvider).Assembly.GetTypes()
                .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttributes(typeof(ExportCodeFixProviderAttribute), false).Length > 0)
                .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
                .ToList();

        /// <summary>How many findings of each rule got a fix.</summary>
        private sealed class Coverage
        {
            private readonly SortedDictionary<string, (int Fixed, int All)> _byRule = new SortedDictionary<string, (int, int)>(StringComparer.Ordinal);

            public int Findings => _byRule.Values.Sum(v => v.All);

            public void Add(string id, bool offered)
            {
                _byRule.TryGetValue(id, out var counts);
                _byRule[id] = (counts.Fixed + (offered ? 1 : 0), counts.All + 1);
            }

            public override string ToString()
                => Findings == 0 ? "no finding" : string.Join(", ", _byRule.Select(p => p.Key + " " + p.Value.Fixed + " of " + p.Value.All + " with a fix"));
        }

        private sealed class Outcome
        {
            public Outcome(Project project, List<Diagnostic> compiler, List<Diagnostic> findings)
            {
                Project = project;
                Compiler = compiler;
                Findings = findings;
            }

            public Project Project { get; }

            public List<Diagnostic> Compiler { get; }

            public List<Diagnostic> Findings { get; }
        }
    }
}
