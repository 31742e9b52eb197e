using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml.Linq;
using AsyncLint.Core;
using AsyncLint.Options;
using AsyncLint.Tests.Integration;
using Microsoft.CodeAnalysis;

namespace AsyncLint.Tests.Catalog
{
    /// <summary>
    /// The package's presets/*.globalconfig files are generated from the descriptors and <see cref="Severities"/>: a
    /// committed file that differs from what the generator writes fails here. To regenerate them after changing a rule's
    /// severity or a mode, run these tests with ASYNCLINT_WRITE_GENERATED=1 and commit the files. docs/configuration.md's
    /// tables of modes and project kinds are checked against the same data.
    /// </summary>
    public class GlobalConfigTests
    {
        private static readonly string PresetsFolder = Path.Combine(RepositoryPaths.Root, "src", "AsyncLint.Package", "presets");

        public static IEnumerable<object[]> GeneratedFiles() => Generate().Keys.OrderBy(k => k, StringComparer.Ordinal).Select(k => new object[] { k });

        /// <summary>Every preset file the package ships, by file name, with its content.</summary>
        internal static IReadOnlyDictionary<string, string> Generate()
        {
            var files = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (AnalysisMode mode in Enum.GetValues(typeof(AnalysisMode)))
            {
                var lines = Severities.Configurable
                    .Select(d => (d.Id, Severity: Severities.InMode(mode, d)))
                    .Where(x => x.Severity != null)
                    .Select(x => "dotnet_diagnostic." + x.Id + ".severity = " + Text(x.Severity!.Value));
                files["analysismode-" + mode.ToString().ToLowerInvariant() + ".globalconfig"] = File(
                    "AsyncLint analysis mode '" + mode + "': <AsyncLintAnalysisMode>" + mode + "</AsyncLintAnalysisMode>.",
                    ModeLevel,
                    lines);
            }

            files["strict.globalconfig"] = File(
                "AsyncLint preset 'strict': <AsyncLintPreset>strict</AsyncLintPreset>, every rule an error (analysis mode All, as errors).",
                ModeLevel,
                Severities.Configurable.Select(d => "dotnet_diagnostic." + d.Id + ".severity = " + Text(Severities.InStrictPreset(d))));

            foreach (ProjectKind kind in Enum.GetValues(typeof(ProjectKind)))
            {
                var name = ProjectKinds.Name(kind);
                var lines = new[] { AsyncLintOptions.ProjectKindOption.Key + " = " + name }
                    .Concat(Severities.InProjectKind(kind).Select(x => "dotnet_diagnostic." + x.RuleId + ".severity = " + Text(x.Severity)));
                files["projectkind-" + name + ".globalconfig"] = File(
                    "AsyncLint project kind '" + name + "': <AsyncLintProjectKind>" + name + "</AsyncLintProjectKind>, or detected by 'auto'.",
                    KindLevel,
                    lines);
            }

            return files;
        }

        /// <summary>A mode wins over a project kind where both set a rule (None silences a UI project too); the project's own .editorconfig wins over both.</summary>
        private const int ModeLevel = -100;

        private const int KindLevel = -101;

        [Theory]
        [MemberData(nameof(GeneratedFiles))]
        public void Committed_preset_matches_the_generator(string fileName)
        {
            var expected = Generate()[fileName];
            var path = Path.Combine(PresetsFolder, fileName);
            if (Environment.GetEnvironmentVariable("ASYNCLINT_WRITE_GENERATED") == "1")
            {
                System.IO.File.WriteAllText(path, expected);
            }

            Assert.True(System.IO.File.Exists(path), fileName + " is missing: run the tests with ASYNCLINT_WRITE_GENERATED=1 and commit presets/");
            Assert.True(
                expected == System.IO.File.ReadAllText(path).Replace("\r\n", "\n"),
                fileName + " drifted from the descriptors: run the tests with ASYNCLINT_WRITE_GENERATED=1 and commit presets/. Expected:\n" + expected);
        }

        [Fact]
        public void Every_file_in_presets_is_generated()
        {
            var generated = Generate().Keys.ToHashSet();
            var stray = Directory.GetFiles(PresetsFolder).Select(Path.GetFileName).Where(f => !generated.Contains(f!)).ToList();
            Assert.Empty(stray);
        }

        [Fact]
        public void None_silences_every_rule_and_All_makes_every_rule_a_warning()
        {
            var files = Generate();
            foreach (var descriptor in Severities.Configurable)
            {
                Assert.Contains("dotnet_diagnostic." + descriptor.Id + ".severity = none\n", files["analysismode-none.globalconfig"]);
                Assert.Contains("dotnet_diagnostic." + descriptor.Id + ".severity = warning\n", files["analysismode-all.globalconfig"]);
                Assert.Contains("dotnet_diagnostic." + descriptor.Id + ".severity = error\n", files["strict.globalconfig"]);
            }

            Assert.DoesNotContain("dotnet_diagnostic.", files["analysismode-default.globalconfig"]);
        }

        [Fact]
        public void Each_mode_is_at_least_as_strict_as_the_one_before()
        {
            var modes = ((AnalysisMode[])Enum.GetValues(typeof(AnalysisMode))).Skip(1).ToList();
            foreach (var descriptor in Severities.Configurable)
            {
                var ranks = modes.Select(m => Rank(Severities.InMode(m, descriptor) ?? DescriptorDefault(descriptor))).ToList();
                Assert.True(ranks.SequenceEqual(ranks.OrderBy(r => r)), descriptor.Id + " gets quieter in a stricter mode");
            }
        }

        [Fact]
        public void Configuration_documents_the_analysis_modes_table()
        {
            AssertDocumented(ModesTable(), "analysis modes");
        }

        [Fact]
        public void Configuration_documents_the_project_kinds_table()
        {
            AssertDocumented(KindsTable(), "project kinds");
        }

        /// <summary>AsyncLint.targets decides "auto" from the same properties, in the same order, as <see cref="ProjectKinds"/>.</summary>
        [Fact]
        public void Targets_detect_project_kinds_in_the_order_the_analyzers_do()
        {
            var targets = XDocument.Load(Path.Combine(RepositoryPaths.Root, "src", "AsyncLint.Package", "buildTransitive", "AsyncLint.targets"));
            var detected = targets.Descendants()
                .Where(e => e.Name.LocalName == "_AsyncLintDetectedKind")
                .Select(e => (Condition: (string?)e.Attribute("Condition") ?? string.Empty, Kind: e.Value))
                .ToList();
            var fromTargets = detected
                .Select(d => (Property: System.Text.RegularExpressions.Regex.Match(d.Condition, @"'\$\((Use\w+|Is\w+|Using\w+)\)' == 'true'").Groups[1].Value, d.Kind))
                .Where(d => d.Property.Length > 0)
                .ToList();
            var fromAnalyzers = ProjectKinds.Detection.Select(d => (d.Property, Kind: ProjectKinds.Name(d.Kind))).ToList();
            Assert.Equal(fromAnalyzers, fromTargets);
            Assert.Equal("application", detected[^2].Kind);
            Assert.Contains("'$(OutputType)' == 'Exe' or '$(OutputType)' == 'WinExe'", detected[^2].Condition);
            Assert.Equal("library", detected[^1].Kind);
        }

        internal static string ModesTable()
        {
            var modes = new[] { AnalysisMode.None, AnalysisMode.Default, AnalysisMode.Minimum, AnalysisMode.Recommended, AnalysisMode.All };
            var table = new StringBuilder();
            table.Append("| rule | ").Append(string.Join(" | ", modes.Select(m => "`" + m + "`"))).Append(" |\n");
            table.Append("|---|").Append(string.Concat(modes.Select(_ => "---|"))).Append('\n');
            foreach (var descriptor in Severities.Configurable)
            {
                table.Append("| ").Append(descriptor.Id).Append(" | ")
                    .Append(string.Join(" | ", modes.Select(m => Severities.InMode(m, descriptor) is { } s ? Word(s) : Word(DescriptorDefault(descriptor)) + " (default)")))
                    .Append(" |\n");
            }

            return table.ToString();
        }

        internal static string KindsTable()
        {
            var kinds = (ProjectKind[])Enum.GetValues(typeof(ProjectKind));
            var table = new StringBuilder();
            table.Append("| | ").Append(string.Join(" | ", kinds.Select(k => "`" + ProjectKinds.Name(k) + "`"))).Append(" |\n");
            table.Append("|---|").Append(string.Concat(kinds.Select(_ => "---|"))).Append('\n');
            var ruleIds = kinds.SelectMany(k => Severities.InProjectKind(k).Select(x => x.RuleId)).Distinct().OrderBy(i => i, StringComparer.Ordinal);
            foreach (var id in ruleIds)
            {
                var descriptor = Descriptors.All.Single(d => d.Id == id);
                table.Append("| ").Append(id).Append(" severity | ")
                    .Append(string.Join(" | ", kinds.Select(k => Severities.InProjectKind(k).Where(x => x.RuleId == id).Select(x => "**" + Word(x.Severity) + "**").FirstOrDefault() ?? Word(DescriptorDefault(descriptor)))))
                    .Append(" |\n");
            }

            foreach (var option in AsyncLintOptions.All.OfType<BoolOption>().Where(o => !o.TrueIn.IsEmpty))
            {
                table.Append("| ").Append(option.RuleId).Append(" `").Append(option.Name).Append("` default | ")
                    .Append(string.Join(" | ", kinds.Select(k => option.DefaultFor(k) == option.DefaultValue ? "`" + Lower(option.DefaultValue) + "`" : "**`" + Lower(option.DefaultFor(k)) + "`**")))
                    .Append(" |\n");
            }

            table.Append("| ASYNC401 reports an offloaded step (`await Task.Run(...)` inside a larger method) | ")
                .Append(string.Join(" | ", kinds.Select(k => ProjectKinds.HasUiThreadToFree(k) ? "**no**: a caller may be on the UI thread" : "yes")))
                .Append(" |\n");
            return table.ToString();
        }

        private static void AssertDocumented(string table, string what)
        {
            var configuration = System.IO.File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "configuration.md")).Replace("\r\n", "\n");
            Assert.True(configuration.Contains(table, StringComparison.Ordinal), "docs/configuration.md does not show the " + what + " table as the code defines it. Expected:\n" + table);
        }

        private static string File(string title, int level, IEnumerable<string> lines)
        {
            var text = new StringBuilder();
            text.Append("# ").Append(title).Append('\n');
            text.Append("# Generated from the rule descriptors by tests/AsyncLint.Tests/Catalog/GlobalConfigTests.cs; do not edit (docs/configuration.md).\n");
            text.Append("# A low global_level: the project's own .editorconfig entries win over this file.\n");
            text.Append("is_global = true\n");
            text.Append("global_level = ").Append(level).Append('\n');
            var body = lines.ToList();
            if (body.Count > 0)
            {
                text.Append('\n');
                foreach (var line in body)
                {
                    text.Append(line).Append('\n');
                }
            }

            return text.ToString();
        }

        private static ReportDiagnostic DescriptorDefault(DiagnosticDescriptor descriptor)
            => descriptor.DefaultSeverity switch
            {
                DiagnosticSeverity.Error => ReportDiagnostic.Error,
                DiagnosticSeverity.Warning => ReportDiagnostic.Warn,
                DiagnosticSeverity.Info => ReportDiagnostic.Info,
                _ => ReportDiagnostic.Hidden,
            };

        private static int Rank(ReportDiagnostic severity)
            => severity switch
            {
                ReportDiagnostic.Suppress => 0,
                ReportDiagnostic.Hidden => 1,
                ReportDiagnostic.Info => 2,
                ReportDiagnostic.Warn => 3,
                _ => 4,
            };

        /// <summary>The .editorconfig word for a severity.</summary>
        private static string Text(ReportDiagnostic severity)
            => severity switch
            {
                ReportDiagnostic.Suppress => "none",
                ReportDiagnostic.Hidden => "silent",
                ReportDiagnostic.Info => "suggestion",
                ReportDiagnostic.Warn => "warning",
                ReportDiagnostic.Error => "error",
                _ => "default",
            };

        /// <summary>The docs' word for a severity, as the rule tables write it.</summary>
        private static string Word(ReportDiagnostic severity)
            => severity switch
            {
                ReportDiagnostic.Suppress => "off",
                ReportDiagnostic.Hidden => "Hidden",
                ReportDiagnostic.Info => "Info",
                ReportDiagnostic.Warn => "Warning",
                ReportDiagnostic.Error => "Error",
                _ => "default",
            };

        private static string Lower(bool value) => value ? "true" : "false";
    }
}
