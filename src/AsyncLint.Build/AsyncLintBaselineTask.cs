using System;
using System.Collections.Generic;
using System.IO;
using AsyncLint.Baseline;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace AsyncLint.Build
{
    /// <summary>
    /// Runs after the compiler (the package's targets call it): reads the SARIF logs the compiler wrote, takes AsyncLint's
    /// findings that are not suppressed in source (<c>#pragma</c>, <c>[SuppressMessage]</c>), hidden or not by the
    /// baseline, and fingerprints them as <see cref="BaselineFile"/> says. With <see cref="Update"/> it writes the
    /// baseline file; otherwise it reports each entry of the file that matches no finding as ASYNC002. Several logs (one
    /// per target framework) are joined: an entry is current if any framework reports it.
    /// </summary>
    public sealed class AsyncLintBaselineTask : Task
    {
        private const string HelpLink = "https://github.com/asynclint/asynclint/blob/main/docs/rules/ASYNC002.md";

        /// <summary>The compiler's <c>ErrorLog</c> values: a path, optionally followed by <c>,version=2.1</c>.</summary>
        [Required]
        public ITaskItem[] ErrorLogs { get; set; } = Array.Empty<ITaskItem>();

        [Required]
        public string BaselineFile { get; set; } = string.Empty;

        /// <summary>Write the file (<c>AsyncLintUpdateBaseline=true</c>) instead of checking it.</summary>
        public bool Update { get; set; }

        /// <summary>Number of entries written (update) or found stale (check).</summary>
        [Output]
        public int Count { get; set; }

        public override bool Execute()
        {
            var baselinePath = Path.GetFullPath(BaselineFile);
            var baseDirectory = Path.GetDirectoryName(baselinePath) ?? string.Empty;
            var current = new HashSet<BaselineEntry>();
            foreach (var item in ErrorLogs)
            {
                if (!TryRead(item.ItemSpec, baseDirectory, current))
                {
                    return true; // explained by a warning; the build itself is not at fault
                }
            }

            return Update ? Write(baselinePath, current) : Check(baselinePath, current);
        }

        private bool Write(string baselinePath, HashSet<BaselineEntry> current)
        {
            var text = Baseline.BaselineFile.Format(current);
            if (!File.Exists(baselinePath) || File.ReadAllText(baselinePath) != text)
            {
                File.WriteAllText(baselinePath, text);
            }

            Count = current.Count;
            Log.LogMessage(MessageImportance.High, "AsyncLint: the baseline {0} accepts {1} finding(s); later builds report only new ones.", baselinePath, current.Count);
            return true;
        }

        private bool Check(string baselinePath, HashSet<BaselineEntry> current)
        {
            if (!File.Exists(baselinePath) || !Baseline.BaselineFile.TryParse(File.ReadAllText(baselinePath), out var entries, out _))
            {
                return true; // a malformed file is the compiler's ASYNC001
            }

            foreach (var entry in entries)
            {
                if (!current.Contains(entry))
                {
                    Count++;
                    Log.LogWarning(
                        subcategory: null,
                        warningCode: "ASYNC002",
                        helpKeyword: null,
                        helpLink: HelpLink,
                        file: baselinePath,
                        lineNumber: entry.FileLine,
                        columnNumber: 0,
                        endLineNumber: 0,
                        endColumnNumber: 0,
                        message: string.Format(Baseline.BaselineFile.StaleEntryMessageFormat, entry, baselinePath, Baseline.BaselineFile.RefreshCommand));
                }
            }

            return true;
        }

        /// <summary>Adds the fingerprints of the AsyncLint findings in one SARIF 2.1 log to <paramref name="current"/>.</summary>
        private bool TryRead(string errorLog, string baseDirectory, HashSet<BaselineEntry> current)
        {
            var parts = errorLog.Split(',');
            var path = parts[0].Trim();
            var version2 = false;
            for (var i = 1; i < parts.Length; i++)
            {
                version2 |= parts[i].Replace(" ", string.Empty).StartsWith("version=2", StringComparison.OrdinalIgnoreCase);
            }

            if (!version2)
            {
                Log.LogWarning("AsyncLint: the baseline needs the compiler's log in SARIF 2.1, but ErrorLog is '{0}'; add ',version=2.1' to it (or leave ErrorLog unset). The baseline is not checked or written in this build.", errorLog);
                return false;
            }

            if (!File.Exists(path))
            {
                Log.LogWarning("AsyncLint: the compiler's log '{0}' was not written, so the baseline is not checked or written in this build; rebuild with --no-incremental.", path);
                return false;
            }

            if (!MiniJson.TryParse(File.ReadAllText(path), out var document, out var error))
            {
                Log.LogWarning("AsyncLint: the compiler's log '{0}' cannot be read ({1}); the baseline is not checked or written in this build.", path, error);
                return false;
            }

            var sources = new Dictionary<string, string?>(StringComparer.Ordinal);
            var findings = new List<(BaselineFinding Finding, bool Unused)>();
            foreach (var runObject in MiniJson.Array(document as Dictionary<string, object?>, "runs") ?? new List<object?>())
            {
                var run = runObject as Dictionary<string, object?>;
                var rules = MiniJson.Array(MiniJson.Object(MiniJson.Object(run, "tool"), "driver"), "rules");
                foreach (var resultObject in MiniJson.Array(run, "results") ?? new List<object?>())
                {
                    if (resultObject is Dictionary<string, object?> result && Describe(result, rules, baseDirectory, sources) is { } finding)
                    {
                        findings.Add((finding, false));
                    }
                }
            }

            foreach (var (entry, _) in Baseline.BaselineFile.Fingerprint(findings))
            {
                current.Add(entry);
            }

            return true;
        }

        private static BaselineFinding? Describe(Dictionary<string, object?> result, List<object?>? rules, string baseDirectory, Dictionary<string, string?> sources)
        {
            var ruleId = MiniJson.String(result, "ruleId");
            if (ruleId is null || !Baseline.BaselineFile.IsBaselinable(ruleId) || !IsAsyncLintRule(result, rules) || IsSuppressedInSource(result))
            {
                return null;
            }

            var location = MiniJson.Array(result, "locations") is { Count: > 0 } locations ? MiniJson.Object(locations[0] as Dictionary<string, object?>, "physicalLocation") : null;
            var uri = MiniJson.Object(location, "artifactLocation") is { } artifact ? MiniJson.String(artifact, "uri") : null;
            var region = MiniJson.Object(location, "region");
            var line = MiniJson.Int(region, "startLine");
            var column = MiniJson.Int(region, "startColumn") ?? 1;
            if (uri is null || line is null || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !parsed.IsFile)
            {
                return null;
            }

            var file = parsed.LocalPath;
            if (!sources.TryGetValue(file, out var text))
            {
                sources[file] = text = File.Exists(file) ? File.ReadAllText(file) : null;
            }

            var lineText = text is null ? null : Baseline.BaselineFile.LineAt(text, line.Value - 1);
            if (lineText is null)
            {
                return null;
            }

            return new BaselineFinding(ruleId, Baseline.BaselineFile.RelativePath(baseDirectory, file), Baseline.BaselineFile.NormalizeCode(lineText), line.Value - 1, column - 1);
        }

        /// <summary>The rule's help link points at AsyncLint's docs: another analyzer's ASYNCnnn is not ours to baseline.</summary>
        private static bool IsAsyncLintRule(Dictionary<string, object?> result, List<object?>? rules)
        {
            var index = MiniJson.Int(result, "ruleIndex");
            var rule = rules != null && index is { } i && i < rules.Count ? rules[i] as Dictionary<string, object?> : null;
            var help = rule is null ? null : MiniJson.String(rule, "helpUri");
            return help != null && help.StartsWith("https://github.com/asynclint/asynclint/", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>
        /// Suppressed by <c>#pragma</c> or <c>[SuppressMessage]</c>: not a finding. A suppression by a DiagnosticSuppressor
        /// (the baseline's own, or another's) leaves it a finding, as the suppressor counts it.
        /// </summary>
        private static bool IsSuppressedInSource(Dictionary<string, object?> result)
        {
            foreach (var suppression in MiniJson.Array(result, "suppressions") ?? new List<object?>())
            {
                var kind = MiniJson.String(MiniJson.Object(suppression as Dictionary<string, object?>, "properties") ?? new Dictionary<string, object?>(), "suppressionType");
                if (kind is null || !kind.StartsWith("DiagnosticSuppressor", StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
