using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using AsyncLint.Tests.Integration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncLint.Tests.Catalog
{
    /// <summary>
    /// The docs teach with code, so the code must be right: every <c>```csharp compilable</c> block compiles (and its
    /// <c>// ASYNCnnn</c> comments are exactly where AsyncLint reports), and every concept page can be found.
    /// The conventions are documented in docs/README.md ("Writing docs").
    /// </summary>
    public class DocsTests
    {
        /// <summary>The fence info string that marks a C# block as a complete, compilable example.</summary>
        public const string CompilableMarker = "csharp compilable";

        /// <summary>A comment that starts with a compiler warning ID (<c>// CS4014</c>) claims "the compiler warns here".</summary>
        public static readonly Regex ExpectedCompilerWarning = new Regex(@"//\s*(?<id>CS[0-9]{4})\b");

        public static IEnumerable<object[]> CompilableBlocks()
            => MarkdownDocs.Files()
                .SelectMany(MarkdownDocs.CodeBlocks)
                .Where(b => b.Info == CompilableMarker)
                .Select(b => new object[] { MarkdownDocs.Relative(b.File), b.Line });

        public static IEnumerable<object[]> ConceptPages()
            => Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "docs", "concepts"), "*.md")
                .OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => new object[] { Path.GetFileName(f) });

        [Theory]
        [MemberData(nameof(CompilableBlocks))]
        public async Task Compilable_example_compiles_and_its_ASYNC_comments_match_the_analyzers(string page, int line)
        {
            var block = MarkdownDocs.CodeBlocks(Path.Combine(RepositoryPaths.Root, page)).Single(b => b.Line == line);
            var compilation = ExampleCode.Compile(new[] { ("Example.cs", block.Code) }, "DocExample");

            var errors = compilation.GetDiagnostics()
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(d => Describe(block, d))
                .ToList();
            Assert.True(errors.Count == 0, "the example does not compile:\n" + string.Join("\n", errors));

            var reported = (await ExampleCode.ReportedAsync(compilation)).Select(d => (d.Line, d.Id)).ToHashSet();
            var knownIds = CatalogTests.AllRuleIds().ToHashSet();
            var claimed = ExampleCode.Claims(new[] { ("Example.cs", block.Code) }).Select(c => (c.Line, c.Id)).ToHashSet();

            // A comment may name a rule that is documented before it ships; it is checked once the rule exists.
            var missing = claimed.Where(c => knownIds.Contains(c.Id) && !reported.Contains(c)).Select(c => At(block, c.Line) + " claims " + c.Id + " but AsyncLint does not report it");
            var unclaimed = reported.Where(r => !claimed.Contains(r)).Select(r => At(block, r.Line) + " gets " + r.Id + " but the line has no '// " + r.Id + "' comment");
            var mismatches = missing.Concat(unclaimed).Concat(CompilerWarningMismatches(block, compilation.GetDiagnostics())).ToList();
            Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        }

        /// <summary>
        /// A <c>// CS4014</c> comment claims the compiler's warning on its line; in a block that claims a warning ID, every
        /// line that gets that warning must claim it. (Tests/Integration/CompilerWarningTests checks the same claims
        /// against the SDK's own compiler.)
        /// </summary>
        internal static IEnumerable<string> CompilerWarningMismatches(CodeBlock block, IEnumerable<Diagnostic> diagnostics)
            => CompilerWarningMismatches(block, diagnostics
                .Where(d => d.Severity == DiagnosticSeverity.Warning && d.Location.IsInSource && d.Location.SourceTree!.FilePath == "Example.cs")
                .Select(d => (d.Location.GetLineSpan().StartLinePosition.Line, d.Id)));

        internal static IEnumerable<string> CompilerWarningMismatches(CodeBlock block, IEnumerable<(int Line, string Id)> warnings)
        {
            var claimed = block.Code.Split('\n')
                .SelectMany((text, index) => ExpectedCompilerWarning.Matches(text).Select(m => (Line: index, Id: m.Groups["id"].Value)))
                .ToHashSet();
            var claimedIds = claimed.Select(c => c.Id).ToHashSet();
            var reported = warnings.Where(w => claimedIds.Contains(w.Id)).ToHashSet();
            return claimed.Where(c => !reported.Contains(c)).Select(c => At(block, c.Line) + " claims " + c.Id + " but the compiler does not report it")
                .Concat(reported.Where(r => !claimed.Contains(r)).Select(r => At(block, r.Line) + " gets " + r.Id + " but the line has no '// " + r.Id + "' comment"));
        }

        [Fact]
        public void Every_csharp_fence_is_plain_or_marked_compilable()
        {
            // A misspelt marker would silently exempt a block from compilation.
            var odd = MarkdownDocs.Files()
                .SelectMany(MarkdownDocs.CodeBlocks)
                .Where(b => Regex.IsMatch(b.Info, @"^(c#|cs|csharp)\b", RegexOptions.IgnoreCase) && b.Info != "csharp" && b.Info != CompilableMarker)
                .Select(b => b + " opens with ```" + b.Info)
                .ToList();
            Assert.Empty(odd);
        }

        [Theory]
        [MemberData(nameof(ConceptPages))]
        public void Concept_page_is_in_the_index_and_linked_from_another_page(string page)
        {
            var path = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "docs", "concepts", page));
            var index = Path.Combine(RepositoryPaths.Root, "docs", "README.md");
            var linkedFrom = MarkdownDocs.Files()
                .Where(f => f != path && MarkdownDocs.RelativeLinks(f).Any(l => l.Resolved == path))
                .ToList();

            Assert.True(linkedFrom.Contains(index), page + " is not linked from the reading order in docs/README.md");
            Assert.True(
                linkedFrom.Any(f => f != index && f != Path.Combine(RepositoryPaths.Root, "README.md")),
                page + " is linked from no rule or concept page: link it where a rule or another concept relies on it");
        }

        [Theory]
        [MemberData(nameof(CatalogTests.RuleIdList), MemberType = typeof(CatalogTests))]
        public void Rule_is_in_the_docs_index_with_a_link(string id)
        {
            var index = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "docs", "README.md"));
            Assert.True(
                index.Any(l => l.StartsWith("| [" + id + "](rules/" + id + ".md) |", StringComparison.Ordinal)),
                id + " has no row linking its page in the rule table of docs/README.md");
        }

        [Fact]
        public void Every_anchor_in_a_link_names_a_heading_of_its_page()
        {
            var dead = MarkdownDocs.Files()
                .SelectMany(file => MarkdownDocs.AnchorLinks(file)
                    .Where(link => link.Resolved.EndsWith(".md", StringComparison.Ordinal) && File.Exists(link.Resolved))
                    .Where(link => !MarkdownDocs.HeadingAnchors(link.Resolved).Contains(link.Anchor))
                    .Select(link => MarkdownDocs.Relative(file) + " -> " + link.Target + "#" + link.Anchor))
                .ToList();
            Assert.True(dead.Count == 0, "links to headings that do not exist:\n" + string.Join("\n", dead));
        }

        [Fact]
        public void The_compilable_marker_is_documented()
        {
            var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "README.md"));
            Assert.Contains("```" + CompilableMarker, readme);
        }

        /// <summary>The compilable blocks that claim a compiler warning, as (page, line) pairs.</summary>
        public static IEnumerable<object[]> BlocksClaimingCompilerWarnings()
            => MarkdownDocs.Files()
                .SelectMany(MarkdownDocs.CodeBlocks)
                .Where(b => b.Info == CompilableMarker && ExpectedCompilerWarning.IsMatch(b.Code))
                .Select(b => new object[] { MarkdownDocs.Relative(b.File), b.Line });

        private static string Describe(CodeBlock block, Diagnostic diagnostic)
            => At(block, diagnostic.Location.GetLineSpan().StartLinePosition.Line) + ": " + diagnostic.Id + " " + diagnostic.GetMessage();

        /// <summary>"docs/x.md:42" for a 0-based line inside the block.</summary>
        internal static string At(CodeBlock block, int lineInBlock) => MarkdownDocs.Relative(block.File) + ":" + (block.Line + 1 + lineInBlock);
    }
}
