using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AsyncLint.Baseline
{
    /// <summary>
    /// One accepted finding: its fingerprint. Rule ID, the file's path relative to the baseline file's folder (with
    /// '/'), the flagged line's text with its whitespace normalized, and which occurrence of that (rule, path, code) it is,
    /// counted from the top of the file. No line number and no column: edits elsewhere in the file do not touch it.
    /// </summary>
    internal sealed class BaselineEntry : IEquatable<BaselineEntry>
    {
        public BaselineEntry(string rule, string path, string code, int occurrence, int fileLine = 0)
        {
            Rule = rule;
            Path = path;
            Code = code;
            Occurrence = occurrence;
            FileLine = fileLine;
        }

        public string Rule { get; }

        public string Path { get; }

        public string Code { get; }

        /// <summary>1 for the first finding of this rule on a line with this code in this file, 2 for the second…</summary>
        public int Occurrence { get; }

        /// <summary>Where the entry stands in the baseline file (1-based), for a stale-entry report; 0 when not read from a file.</summary>
        public int FileLine { get; }

        public bool Equals(BaselineEntry? other)
            => other != null
                && string.Equals(Rule, other.Rule, StringComparison.Ordinal)
                && string.Equals(Path, other.Path, StringComparison.Ordinal)
                && string.Equals(Code, other.Code, StringComparison.Ordinal)
                && Occurrence == other.Occurrence;

        public override bool Equals(object? obj) => Equals(obj as BaselineEntry);

        public override int GetHashCode()
        {
            unchecked
            {
                var hash = StringComparer.Ordinal.GetHashCode(Rule);
                hash = (hash * 31) + StringComparer.Ordinal.GetHashCode(Path);
                hash = (hash * 31) + StringComparer.Ordinal.GetHashCode(Code);
                return (hash * 31) + Occurrence;
            }
        }

        public override string ToString() => Rule + " in '" + Path + "' ('" + Code + "'" + (Occurrence > 1 ? ", occurrence " + Occurrence.ToString(CultureInfo.InvariantCulture) : string.Empty) + ")";
    }

    /// <summary>A finding as the compiler reported it, before its occurrence among identical ones is known.</summary>
    internal readonly struct BaselineFinding
    {
        public BaselineFinding(string rule, string path, string code, int line, int column)
        {
            Rule = rule;
            Path = path;
            Code = code;
            Line = line;
            Column = column;
        }

        public string Rule { get; }

        public string Path { get; }

        public string Code { get; }

        public int Line { get; }

        public int Column { get; }
    }

    /// <summary>
    /// The baseline file <c>.asynclint-baseline.json</c>: reading, writing (sorted, one entry per line, so that it diffs
    /// well in review) and the fingerprint rules. Shared by the suppressor that hides the accepted findings and the
    /// MSBuild task that writes the file and reports stale entries, so both compute the same fingerprints.
    /// </summary>
    internal static class BaselineFile
    {
        public const string DefaultFileName = ".asynclint-baseline.json";

        public const string RefreshCommand = "dotnet build -p:AsyncLintUpdateBaseline=true";

        public const int FormatVersion = 1;

        /// <summary>ASYNC002's message: {0} the entry (<see cref="BaselineEntry.ToString"/>), {1} the baseline file, {2} <see cref="RefreshCommand"/>.</summary>
        public const string StaleEntryMessageFormat = "The baseline entry {0} matches no finding any more, in '{1}'; refresh the file with '{2}'";

        /// <summary>
        /// The rules a baseline can accept: every AsyncLint rule of a concept family (ASYNC1xx–ASYNC9xx). The 0xx
        /// configuration diagnostics are not findings in code and are never baselined.
        /// </summary>
        public static bool IsBaselinable(string id)
            => id.Length == 8
                && id.StartsWith("ASYNC", StringComparison.Ordinal)
                && id[5] >= '1' && id[5] <= '9'
                && char.IsDigit(id[6]) && char.IsDigit(id[7]);

        /// <summary>The flagged line's text with leading and trailing whitespace removed and inner runs of whitespace made one space.</summary>
        public static string NormalizeCode(string line)
        {
            var builder = new StringBuilder(line.Length);
            var pendingSpace = false;
            foreach (var c in line)
            {
                if (char.IsWhiteSpace(c))
                {
                    pendingSpace = builder.Length > 0;
                    continue;
                }

                if (pendingSpace)
                {
                    builder.Append(' ');
                    pendingSpace = false;
                }

                builder.Append(c);
            }

            return builder.ToString();
        }

        /// <summary>
        /// The 0-based line <paramref name="line"/> of <paramref name="text"/>, with the line breaks Roslyn recognizes
        /// (CR LF, CR, LF, NEL, LS, PS), so the task reading a file from disk sees the lines the compiler saw.
        /// </summary>
        public static string? LineAt(string text, int line)
        {
            var current = 0;
            var start = 0;
            for (var i = 0; i <= text.Length; i++)
            {
                var end = i == text.Length;
                var c = end ? '\0' : text[i];
                if (end || c == '\r' || c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029')
                {
                    if (current == line)
                    {
                        return text.Substring(start, i - start);
                    }

                    if (end)
                    {
                        return null;
                    }

                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    current++;
                    start = i + 1;
                }
            }

            return null;
        }

        /// <summary>
        /// <paramref name="filePath"/> relative to <paramref name="baseDirectory"/>, with '/' separators (<c>Orders/Api.cs</c>,
        /// <c>../Shared/Linked.cs</c>), so the file means the same on every machine and operating system.
        /// </summary>
        public static string RelativePath(string baseDirectory, string filePath)
        {
            var ignoreCase = filePath.Length > 1 && filePath[1] == ':';
            var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            var from = Segments(baseDirectory);
            var to = Segments(filePath);
            var common = 0;
            while (common < from.Length && common < to.Length - 1 && string.Equals(from[common], to[common], comparison))
            {
                common++;
            }

            if (common == 0 && from.Length > 0 && to.Length > 0 && !string.Equals(from[0], to[0], comparison))
            {
                return string.Join("/", to); // another drive: no relative form
            }

            var parts = new List<string>();
            for (var i = common; i < from.Length; i++)
            {
                parts.Add("..");
            }

            for (var i = common; i < to.Length; i++)
            {
                parts.Add(to[i]);
            }

            return string.Join("/", parts);
        }

        /// <summary>The directory part of a path written with either separator.</summary>
        public static string DirectoryOf(string path)
        {
            var slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
            return slash <= 0 ? string.Empty : path.Substring(0, slash);
        }

        /// <summary>
        /// Numbers the findings that share rule, path and code in the order they appear in their file (line, then
        /// column): the fingerprint of each finding, paired with what the caller attached to it.
        /// </summary>
        public static List<(BaselineEntry Entry, T Item)> Fingerprint<T>(IEnumerable<(BaselineFinding Finding, T Item)> findings)
        {
            var entries = new List<(BaselineEntry, T)>();
            foreach (var group in findings.GroupBy(f => (f.Finding.Rule, f.Finding.Path, f.Finding.Code)))
            {
                var occurrence = 0;
                foreach (var (finding, item) in group.OrderBy(f => f.Finding.Line).ThenBy(f => f.Finding.Column))
                {
                    entries.Add((new BaselineEntry(finding.Rule, finding.Path, finding.Code, ++occurrence), item));
                }
            }

            return entries;
        }

        /// <summary>The file's text: entries sorted by path, rule, code and occurrence, one per line, LF line ends.</summary>
        public static string Format(IEnumerable<BaselineEntry> entries)
        {
            var sorted = entries.Distinct()
                .OrderBy(e => e.Path, StringComparer.Ordinal)
                .ThenBy(e => e.Rule, StringComparer.Ordinal)
                .ThenBy(e => e.Code, StringComparer.Ordinal)
                .ThenBy(e => e.Occurrence)
                .ToList();
            var text = new StringBuilder();
            text.Append("{\n");
            text.Append("  \"about\": ").Append(MiniJson.Quote("AsyncLint baseline: findings accepted when this file was written. Build hides them and reports every new one. Refresh: " + RefreshCommand)).Append(",\n");
            text.Append("  \"version\": ").Append(FormatVersion.ToString(CultureInfo.InvariantCulture)).Append(",\n");
            text.Append("  \"findings\": [");
            for (var i = 0; i < sorted.Count; i++)
            {
                var e = sorted[i];
                text.Append(i == 0 ? "\n" : ",\n");
                text.Append("    { \"rule\": ").Append(MiniJson.Quote(e.Rule))
                    .Append(", \"path\": ").Append(MiniJson.Quote(e.Path))
                    .Append(", \"code\": ").Append(MiniJson.Quote(e.Code))
                    .Append(", \"occurrence\": ").Append(e.Occurrence.ToString(CultureInfo.InvariantCulture))
                    .Append(" }");
            }

            text.Append(sorted.Count == 0 ? "]\n" : "\n  ]\n");
            text.Append("}\n");
            return text.ToString();
        }

        /// <summary>Reads the file's entries; on a malformed file, false and a message that says what and where.</summary>
        public static bool TryParse(string text, out List<BaselineEntry> entries, out string? error)
        {
            entries = new List<BaselineEntry>();
            if (!MiniJson.TryParse(text, out var document, out error))
            {
                return false;
            }

            var root = document as Dictionary<string, object?>;
            var version = MiniJson.Int(root, "version");
            if (version != FormatVersion)
            {
                error = "expected \"version\": " + FormatVersion.ToString(CultureInfo.InvariantCulture);
                return false;
            }

            var findings = MiniJson.Array(root, "findings");
            if (findings is null)
            {
                error = "expected a \"findings\" array";
                return false;
            }

            var lineStarts = LineStarts(text);
            var searchFrom = 0;
            for (var i = 0; i < findings.Count; i++)
            {
                if (findings[i] is not Dictionary<string, object?> item
                    || MiniJson.String(item, "rule") is not { } rule
                    || MiniJson.String(item, "path") is not { } path
                    || MiniJson.String(item, "code") is not { } code
                    || MiniJson.Int(item, "occurrence") is not { } occurrence
                    || occurrence < 1)
                {
                    error = "finding " + (i + 1).ToString(CultureInfo.InvariantCulture) + " needs \"rule\", \"path\", \"code\" (strings) and \"occurrence\" (a number from 1)";
                    return false;
                }

                // Entries are written one per line; find the line this one starts on for stale-entry reports.
                var at = text.IndexOf("\"rule\"", searchFrom, StringComparison.Ordinal);
                var fileLine = at < 0 ? 0 : LineOf(lineStarts, at);
                searchFrom = at < 0 ? searchFrom : at + 1;
                entries.Add(new BaselineEntry(rule, path, code, occurrence, fileLine));
            }

            error = null;
            return true;
        }

        private static string[] Segments(string path)
            => path.Replace('\\', '/').Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();

        private static List<int> LineStarts(string text)
        {
            var starts = new List<int> { 0 };
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    starts.Add(i + 1);
                }
            }

            return starts;
        }

        private static int LineOf(List<int> lineStarts, int position)
        {
            var index = lineStarts.BinarySearch(position);
            return (index >= 0 ? index : ~index - 1) + 1;
        }
    }
}
