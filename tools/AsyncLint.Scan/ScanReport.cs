using System.Text;

namespace AsyncLint.Scan;

/// <summary>The scan's output: per-rule counts, every finding with file:line and message, a review sample, JSON.</summary>
internal sealed class ScanReport
{
    private readonly ScanOptions _options;
    private readonly List<ProjectResult> _results;
    private readonly Scanner _scanner;

    public ScanReport(ScanOptions options, List<ProjectResult> results, Scanner scanner)
    {
        _options = options;
        _results = results;
        _scanner = scanner;
    }

    public double ElapsedSeconds { get; set; }

    public List<string>? Determinism { get; set; }

    private IEnumerable<Finding> Findings =>
        _results.SelectMany(r => r.Findings).Where(f => _options.Rules is null || _options.Rules.Contains(f.Id));

    public string RenderText()
    {
        var text = new StringBuilder();
        var findings = Findings.ToList();
        foreach (var group in findings.GroupBy(f => f.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.AppendLine($"== {group.Key}: {group.Count()}");
            foreach (var f in group)
            {
                text.AppendLine($"{f.Path}:{f.Line}:{f.Column}: {f.Id}{(f.Suppressed ? " (suppressed)" : "")}: {f.Message}");
            }

            text.AppendLine();
        }

        text.AppendLine("== projects");
        text.AppendLine($"{"project",-48} {"tfm",-10} {"files",6} {"lines",9} {"errors",7} {"findings",8}");
        foreach (var r in _results)
        {
            text.AppendLine($"{r.Name,-48} {r.TargetFramework,-10} {r.Files,6} {r.Lines,9:N0} {r.CompilerErrors,7} {r.Findings.Count,8}");
        }

        var errorCodes = _results.SelectMany(r => r.ErrorCodes).GroupBy(e => e.Key).Select(g => (Code: g.Key, Count: g.Sum(e => e.Value))).OrderByDescending(e => e.Count).Take(8);
        text.AppendLine($"compiler errors by code: {string.Join(", ", errorCodes.Select(e => e.Code + " " + e.Count))}");
        var unresolved = _results.SelectMany(r => r.Unresolved).GroupBy(e => e.Key).Select(g => (Name: g.Key, Count: g.Sum(e => e.Value))).OrderByDescending(e => e.Count).ThenBy(e => e.Name, StringComparer.Ordinal).Take(15);
        text.AppendLine($"most frequent unresolved names: {string.Join(", ", unresolved.Select(e => e.Name + " " + e.Count))}");
        if (_scanner.Packages is { } packages)
        {
            text.AppendLine($"packages: {packages.Restored.Count} restored, {packages.Missing.Count} not served{(packages.Missing.Count > 0 ? ": " + string.Join(", ", packages.Missing) : "")}");
        }

        text.AppendLine($"source generators: {(_scanner.GeneratorNames.Count == 0 ? "none" : string.Join(", ", _scanner.GeneratorNames))}");
        text.AppendLine();
        text.AppendLine("== findings per rule");
        foreach (var group in findings.GroupBy(f => f.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.AppendLine($"{group.Key,-10} {group.Count(),6}");
        }

        text.AppendLine($"{"total",-10} {findings.Count,6}");
        var exceptions = _results.SelectMany(r => r.AnalyzerExceptions).Distinct().ToList();
        text.AppendLine($"analyzer exceptions: {exceptions.Count}");
        foreach (var exception in exceptions.Take(20))
        {
            text.AppendLine("  " + exception);
        }

        if (_options.Timing)
        {
            text.AppendLine();
            text.AppendLine("== analyzer time (ms, summed over projects)");
            foreach (var (name, ms) in _results.SelectMany(r => r.AnalyzerMs).GroupBy(a => a.Key).Select(g => (g.Key, g.Sum(a => a.Value))).OrderByDescending(a => a.Item2))
            {
                text.AppendLine($"{name,-40} {ms,10:N0}");
            }

            text.AppendLine($"{"compile + analyze (wall)",-40} {_results.Sum(r => r.CompileMs),10:N0}");
        }

        if (Determinism != null)
        {
            text.AppendLine();
            text.AppendLine($"== determinism (concurrent vs sequential): {Determinism.Count} difference(s)");
            foreach (var line in Determinism.Take(50))
            {
                text.AppendLine("  " + line);
            }
        }

        if (_options.Sample > 0)
        {
            text.AppendLine();
            text.Append(RenderSample(findings));
        }

        text.AppendLine($"scanned in {ElapsedSeconds:N0} s");
        return text.ToString();
    }

    /// <summary>A seeded random sample, each finding with the lines around it, for a reviewer to judge true / false / noise.</summary>
    private string RenderSample(List<Finding> findings)
    {
        var text = new StringBuilder();
        var random = new Random(_options.Seed);
        var sample = findings.OrderBy(_ => random.Next()).Take(_options.Sample).ToList();
        text.AppendLine($"== review sample: {sample.Count} of {findings.Count} findings, seed {_options.Seed}");
        var number = 0;
        foreach (var f in sample)
        {
            number++;
            text.AppendLine($"--- [{number}] {f.Id} {f.Path}:{f.Line}: {f.Message}");
            var path = Path.Combine(_options.Root, f.Path);
            if (!File.Exists(path))
            {
                continue;
            }

            var lines = File.ReadAllLines(path);
            for (var i = Math.Max(1, f.Line - 6); i <= Math.Min(lines.Length, f.Line + 3); i++)
            {
                text.AppendLine($"{(i == f.Line ? ">" : " ")}{i,5}  {lines[i - 1]}");
            }
        }

        return text.ToString();
    }

    /// <summary>Every finding in one run and not the other (message included).</summary>
    public static List<string> Differences(List<ProjectResult> first, List<ProjectResult> second)
    {
        static string Key(Finding f) => $"{f.Path}:{f.Line}:{f.Column}-{f.EndLine}:{f.EndColumn} {f.Id} {f.Message}";
        var a = first.SelectMany(r => r.Findings).Select(Key).ToList();
        var b = second.SelectMany(r => r.Findings).Select(Key).ToList();
        var onlyA = a.Except(b).Select(k => "first only:  " + k);
        var onlyB = b.Except(a).Select(k => "second only: " + k);
        var counts = a.Count != b.Count ? new[] { $"counts differ: {a.Count} vs {b.Count}" } : Array.Empty<string>();
        return counts.Concat(onlyA).Concat(onlyB).ToList();
    }

    public object ToJson() => new
    {
        root = _options.Root,
        codebase = _options.Codebase,
        only = _options.Only,
        exclude = _options.Exclude,
        elapsedSeconds = ElapsedSeconds,
        counts = Findings.GroupBy(f => f.Id).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
        total = Findings.Count(),
        fidelity = new
        {
            packagesRestored = _scanner.Packages?.Restored,
            packagesMissing = _scanner.Packages?.Missing,
            generators = _scanner.GeneratorNames,
            compilerErrors = _results.Sum(r => r.CompilerErrors),
            errorCodes = _results.SelectMany(r => r.ErrorCodes).GroupBy(e => e.Key).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(e => e.Value)),
        },
        projects = _results.Select(r => new
        {
            r.Name,
            r.Path,
            r.TargetFramework,
            r.Files,
            r.Lines,
            r.GeneratedFiles,
            r.CompilerErrors,
            findings = r.Findings.Count,
            r.AnalyzerMs,
            r.CompileMs,
            r.AnalyzerExceptions,
        }),
        determinism = Determinism,
        findings = Findings,
    };
}
