using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using AsyncLint.Tests.Integration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncLint.Tests.Catalog
{
    /// <summary>Every rule ships whole: descriptor, analyzer, fixer (or a stated reason), doc page, release entry, README row.</summary>
    public class CatalogTests
    {
        /// <summary>Rules that deliberately have no code fix, and why (shown in the doc page's table too).</summary>
        private static readonly Dictionary<string, string> RulesWithoutFix = new Dictionary<string, string>
        {
            [RuleIds.InvalidConfiguration] = "the problem is in a configuration file, which a code fix cannot edit",
            [RuleIds.StaleBaselineEntry] = "the remedy is to rewrite the baseline file, which one build command does for all entries at once",
        };

        /// <summary>IDs that no analyzer reports, and who does instead.</summary>
        private static readonly Dictionary<string, string> ReportedOutsideAnalyzers = new Dictionary<string, string>
        {
            [RuleIds.StaleBaselineEntry] = "the baseline's MSBuild task, after the compiler: only the compiler's log shows every finding, and analyzers do not see each other's",
        };

        /// <summary>ASYNC0xx: configuration and baseline. Their pages teach configuration, not a concept.</summary>
        private static bool IsConfigurationId(string id) => id.StartsWith("ASYNC0", StringComparison.Ordinal);

        private static readonly string[] RequiredSections =
        {
            "## Why it matters", "## Examples", "## How to fix", "## Options", "## When to suppress", "## Related rules",
        };

        private static readonly string[] SummaryRows = { "Category", "Default severity", "Code fix", "Options" };

        public static IEnumerable<object[]> RuleIdList() => AllRuleIds().Select(id => new object[] { id });

        internal static IReadOnlyList<string> AllRuleIds()
            => typeof(RuleIds).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral)
                .Select(f => (string)f.GetRawConstantValue()!)
                .ToList();

        private static IReadOnlyList<DiagnosticDescriptor> AllDescriptors()
            => typeof(Descriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
                .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
                .ToList();

        internal static IReadOnlyList<DiagnosticAnalyzer> AllAnalyzers()
            => typeof(RuleIds).Assembly.GetTypes()
                .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() != null)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToList();

        private static IReadOnlyList<CodeFixProvider> AllFixers()
            => typeof(AsyncLint.CodeFixes.Rules.BlockingWaitCodeFixProvider).Assembly.GetTypes()
                .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() != null)
                .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
                .ToList();

        [Fact]
        public void Rule_ids_are_unique_ordered_and_well_formed()
        {
            var ids = AllRuleIds();
            Assert.NotEmpty(ids);
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.All(ids, id => Assert.Matches("^ASYNC(0[0-8][0-9]|[1-5][0-9]{2})$", id));
            Assert.Equal(ids.OrderBy(i => i, StringComparer.Ordinal), ids);
        }

        [Theory]
        [MemberData(nameof(RuleIdList))]
        public void Rule_has_one_descriptor_with_help_link_to_its_page(string id)
        {
            var descriptor = Assert.Single(AllDescriptors(), d => d.Id == id);
            Assert.Equal("https://github.com/asynclint/asynclint/blob/main/docs/rules/" + id + ".md", descriptor.HelpLinkUri);
            Assert.False(descriptor.Title.ToString().EndsWith(".", StringComparison.Ordinal), "titles have no trailing period");
            Assert.StartsWith("AsyncLint.", descriptor.Category, StringComparison.Ordinal);
            Assert.True(descriptor.IsEnabledByDefault);
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()));
        }

        [Theory]
        [MemberData(nameof(RuleIdList))]
        public void Rule_is_reported_by_exactly_one_analyzer(string id)
        {
            var analyzers = AllAnalyzers().Where(a => a.SupportedDiagnostics.Any(d => d.Id == id)).ToList();
            if (ReportedOutsideAnalyzers.ContainsKey(id))
            {
                Assert.Empty(analyzers);
                return;
            }

            var analyzer = Assert.Single(analyzers);
            Assert.True(analyzer.GetType().IsSealed, analyzer.GetType().Name + " should be sealed");
        }

        [Theory]
        [MemberData(nameof(RuleIdList))]
        public void Rule_has_a_fixer_or_a_stated_reason(string id)
        {
            var hasFixer = AllFixers().Any(f => f.FixableDiagnosticIds.Contains(id));
            Assert.True(hasFixer ^ RulesWithoutFix.ContainsKey(id), id + ": expected a code fix provider or an entry in RulesWithoutFix (not both)");
        }

        [Theory]
        [MemberData(nameof(RuleIdList))]
        public void Rule_has_a_doc_page_with_matching_title_and_every_section(string id)
        {
            var descriptor = AllDescriptors().Single(d => d.Id == id);
            var path = Path.Combine(RepositoryPaths.Root, "docs", "rules", id + ".md");
            Assert.True(File.Exists(path), "missing " + path);
            var lines = File.ReadAllLines(path);
            Assert.Equal("# " + id + ": " + descriptor.Title, lines[0]);
            // The sections, each once and in the template's order; the summary table before them.
            var positions = RequiredSections.Select(section => Array.IndexOf(lines, section)).ToArray();
            for (var i = 0; i < RequiredSections.Length; i++)
            {
                Assert.True(positions[i] >= 0, id + ": missing section '" + RequiredSections[i] + "'");
                Assert.True(lines.Count(l => l == RequiredSections[i]) == 1, id + ": section '" + RequiredSections[i] + "' appears more than once");
                Assert.True(i == 0 || positions[i] > positions[i - 1], id + ": section '" + RequiredSections[i] + "' is out of order");
            }

            var header = lines.Take(positions[0]).ToList();
            Assert.Contains("| Category | " + descriptor.Category + " |", header);
            foreach (var row in SummaryRows)
            {
                Assert.True(header.Any(l => l.StartsWith("| " + row + " | ", StringComparison.Ordinal)), id + ": the summary table has no '" + row + "' row");
            }

            var examples = lines.Skip(positions[1]).Take(positions[2] - positions[1]);
            var text = string.Join("\n", lines);
            Assert.Contains(descriptor.DefaultSeverity.ToString(), text);
            if (IsConfigurationId(id))
            {
                // A configuration problem is shown in configuration, and explained by docs/configuration.md.
                Assert.True(examples.Any(l => l.StartsWith("```ini", StringComparison.Ordinal) || l.StartsWith("```xml", StringComparison.Ordinal) || l.StartsWith("```json", StringComparison.Ordinal)), id + ": '## Examples' has no ini, xml or json block");
                Assert.Matches(@"\]\(\.\./configuration\.md(#[a-z0-9\-]+)?\)", text);
                return;
            }

            Assert.True(examples.Any(l => l.StartsWith("```csharp", StringComparison.Ordinal)), id + ": '## Examples' has no csharp block");
            Assert.Contains("dotnet_diagnostic." + id + ".severity", text);
            Assert.Contains("#pragma warning disable " + id, text);
            Assert.Matches(@"\]\(\.\./concepts/[a-z\-]+\.md(#[a-z0-9\-]+)?\)", text);
        }

        [Theory]
        [MemberData(nameof(RuleIdList))]
        public void Rule_has_a_release_tracking_line_matching_its_descriptor(string id)
        {
            var descriptor = AllDescriptors().Single(d => d.Id == id);
            var src = Path.Combine(RepositoryPaths.Root, "src", "AsyncLint");
            var lines = File.ReadAllLines(Path.Combine(src, "AnalyzerReleases.Shipped.md"))
                .Concat(File.ReadAllLines(Path.Combine(src, "AnalyzerReleases.Unshipped.md")))
                .Where(l => l.StartsWith(id + " ", StringComparison.Ordinal))
                .ToList();
            var line = Assert.Single(lines);
            var cells = line.Split('|').Select(c => c.Trim()).ToArray();
            Assert.Equal(descriptor.Category, cells[1]);
            Assert.Equal(descriptor.DefaultSeverity.ToString(), cells[2]);
        }

        [Theory]
        [MemberData(nameof(RuleIdList))]
        public void Rule_has_a_README_row(string id)
        {
            var descriptor = AllDescriptors().Single(d => d.Id == id);
            var readme = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "README.md"));
            var row = Assert.Single(readme, l => l.StartsWith("| [" + id + "](docs/rules/" + id + ".md)", StringComparison.Ordinal));
            Assert.Contains("| " + descriptor.Title + " |", row);
            Assert.Contains("| " + descriptor.DefaultSeverity + " |", row);
        }

        [Fact]
        public void Every_option_is_documented_in_configuration_and_on_its_rule_page()
        {
            var options = AsyncLint.Options.AsyncLintOptions.All;
            Assert.NotEmpty(options);
            var configuration = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "configuration.md"));
            foreach (var option in options)
            {
                // Its row in the table of all options: key, rule, type, default.
                var row = configuration.Split('\n').SingleOrDefault(l => l.StartsWith("| `" + option.Key + "` |", StringComparison.Ordinal));
                Assert.True(row != null, option.Key + " has no row in the options table of docs/configuration.md");
                Assert.Contains("| " + option.Type.ToString().ToLowerInvariant() + " |", row);
                Assert.Contains("| " + option.DefaultText + " |", row);
                if (option.RuleId != null)
                {
                    Assert.Contains("[" + option.RuleId + "](rules/" + option.RuleId + ".md)", row);
                    Assert.Contains(option.Key, File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "rules", option.RuleId + ".md")));
                }
            }

            // The option fields and the list the configuration check reads are the same set.
            var fields = typeof(AsyncLint.Options.AsyncLintOptions).GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                .Where(f => typeof(AsyncLint.Options.AsyncLintOption).IsAssignableFrom(f.FieldType))
                .Select(f => f.GetValue(null))
                .ToList();
            Assert.Equal(fields.Count, options.Length);
            Assert.All(fields, f => Assert.Contains(f, options.Cast<object>()));
            Assert.Equal(options.Length, options.Select(o => o.Key).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        }

        [Fact]
        public void Every_MSBuild_property_and_the_baseline_suppression_ID_are_documented()
        {
            var configuration = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "configuration.md"));
            var targets = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "AsyncLint.Package", "buildTransitive", "AsyncLint.targets"));
            var properties = System.Text.RegularExpressions.Regex.Matches(targets, @"\$\((AsyncLint[A-Za-z]+)\)").Select(m => m.Groups[1].Value).Distinct().ToList();
            Assert.Contains("AsyncLintAnalysisMode", properties);
            foreach (var property in properties)
            {
                Assert.Contains("`" + property + "`", configuration);
            }

            Assert.Contains("`" + AsyncLint.Baseline.BaselineSuppressor.SuppressionId + "`", configuration);
            var suppressed = new AsyncLint.Baseline.BaselineSuppressor().SupportedSuppressions.Select(s => s.SuppressedDiagnosticId).Distinct().OrderBy(i => i, StringComparer.Ordinal).ToList();
            Assert.Equal(AllRuleIds().Where(id => !IsConfigurationId(id)), suppressed);
        }

        [Fact]
        public void Every_supported_diagnostic_is_a_catalog_descriptor()
        {
            var ids = AllRuleIds();
            foreach (var analyzer in AllAnalyzers())
            {
                foreach (var descriptor in analyzer.SupportedDiagnostics)
                {
                    Assert.Contains(descriptor.Id, ids);
                    Assert.Same(AllDescriptors().Single(d => d.Id == descriptor.Id), descriptor);
                }
            }
        }

        [Fact]
        public void Relative_links_in_docs_and_README_resolve()
        {
            var broken = MarkdownDocs.Files()
                .SelectMany(file => MarkdownDocs.RelativeLinks(file)
                    .Where(link => !File.Exists(link.Resolved) && !Directory.Exists(link.Resolved))
                    .Select(link => MarkdownDocs.Relative(file) + " -> " + link.Target))
                .ToList();
            Assert.Empty(broken);
        }

        [Fact]
        public void Every_rule_page_belongs_to_a_rule()
        {
            var ids = AllRuleIds();
            var orphans = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "docs", "rules"), "*.md")
                .Select(Path.GetFileNameWithoutExtension)
                .Where(name => !ids.Contains(name!))
                .ToList();
            Assert.Empty(orphans);
        }
    }
}
