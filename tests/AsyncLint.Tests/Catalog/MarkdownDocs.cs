using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using AsyncLint.Tests.Integration;

namespace AsyncLint.Tests.Catalog
{
    /// <summary>Reads the repository's Markdown: which files there are, their relative links and their fenced code blocks.</summary>
    internal static class MarkdownDocs
    {
        private static readonly Regex Link = new Regex(@"\]\((?<target>[^)#\s]+)(#[^)]*)?\)");

        private static readonly Regex AnchorLink = new Regex(@"\]\((?<target>[^)#\s]*)#(?<anchor>[^)\s]+)\)");

        /// <summary>Every Markdown file under docs/, plus the repository README.</summary>
        public static IReadOnlyList<string> Files()
            => Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "docs"), "*.md", SearchOption.AllDirectories)
                .Append(Path.Combine(RepositoryPaths.Root, "README.md"))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();

        public static string Relative(string path) => Path.GetRelativePath(RepositoryPaths.Root, path).Replace('\\', '/');

        /// <summary>The relative links of a file (web and mail links left out), as written and as full paths.</summary>
        public static IEnumerable<(string Target, string Resolved)> RelativeLinks(string file)
        {
            foreach (Match match in Link.Matches(File.ReadAllText(file)))
            {
                var target = match.Groups["target"].Value;
                if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    continue;
                }

                yield return (target, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, target)));
            }
        }

        /// <summary>Links with a fragment (<c>page.md#heading</c>, <c>#heading</c>): the file they point into and the anchor.</summary>
        public static IEnumerable<(string Target, string Resolved, string Anchor)> AnchorLinks(string file)
        {
            foreach (Match match in AnchorLink.Matches(File.ReadAllText(file)))
            {
                var target = match.Groups["target"].Value;
                if (target.Contains("://", StringComparison.Ordinal))
                {
                    continue;
                }

                var resolved = target.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, target));
                yield return (target, resolved, match.Groups["anchor"].Value);
            }
        }

        /// <summary>
        /// The anchors GitHub gives the headings of a Markdown file: lower case, punctuation (backticks included) dropped,
        /// spaces turned into hyphens, a repeated heading numbered (<c>-1</c>, <c>-2</c>). Headings inside code blocks do
        /// not count.
        /// </summary>
        public static ISet<string> HeadingAnchors(string file)
        {
            var anchors = new HashSet<string>(StringComparer.Ordinal);
            var inCode = false;
            foreach (var line in File.ReadLines(file))
            {
                if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    inCode = !inCode;
                    continue;
                }

                if (inCode || !Regex.IsMatch(line, @"^#{1,6}\s"))
                {
                    continue;
                }

                var text = line.TrimStart('#').Trim().ToLowerInvariant();
                var slug = new string(text.Where(c => char.IsLetterOrDigit(c) || c == ' ' || c == '-' || c == '_').ToArray()).Replace(' ', '-');
                var unique = slug;
                for (var n = 1; !anchors.Add(unique); n++)
                {
                    unique = slug + "-" + n;
                }
            }

            return anchors;
        }

        /// <summary>
        /// The fenced code blocks of a file (<c>```info</c> … <c>```</c>), with their info string ("csharp compilable"),
        /// the 1-based line of the opening fence, and the code between the fences.
        /// </summary>
        public static IEnumerable<CodeBlock> CodeBlocks(string file)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var opening = lines[i].TrimStart();
                if (!opening.StartsWith("```", StringComparison.Ordinal))
                {
                    continue;
                }

                var indent = lines[i].Length - opening.Length;
                var fence = opening.Length - opening.TrimStart('`').Length;
                var info = opening.Substring(fence).Trim();
                var start = i;
                var code = new List<string>();
                for (i++; i < lines.Length && !IsClosingFence(lines[i], fence); i++)
                {
                    code.Add(lines[i].Length >= indent ? lines[i].Substring(indent) : lines[i].TrimStart());
                }

                yield return new CodeBlock(file, start + 1, info, string.Join("\n", code));
            }
        }

        /// <summary>A fence closes with at least as many backticks as opened it (so a block can show a fenced block).</summary>
        private static bool IsClosingFence(string line, int openingLength)
        {
            var trimmed = line.Trim();
            return trimmed.Length >= openingLength && trimmed.All(c => c == '`');
        }
    }

    internal sealed class CodeBlock
    {
        public CodeBlock(string file, int line, string info, string code)
        {
            File = file;
            Line = line;
            Info = info;
            Code = code;
        }

        public string File { get; }

        /// <summary>The 1-based line of the opening fence; the code starts on the next line.</summary>
        public int Line { get; }

        public string Info { get; }

        public string Code { get; }

        public override string ToString() => MarkdownDocs.Relative(File) + ":" + Line;
    }
}
