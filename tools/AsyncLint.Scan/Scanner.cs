using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using AsyncLint.RealCode;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncLint.Scan;

/// <summary>One AsyncLint diagnostic, as the scan reports it.</summary>
internal sealed record Finding(string Id, string Severity, string Project, string Path, int Line, int Column, int EndLine, int EndColumn, string Message, bool Suppressed);

/// <summary>How faithfully one project compiled, and what AsyncLint said of it.</summary>
internal sealed class ProjectResult
{
    public required string Name { get; init; }
    public required string Path { get; init; }
    public required string TargetFramework { get; init; }
    public int Files { get; set; }
    public int Lines { get; set; }
    public int GeneratedFiles { get; set; }
    public int CompilerErrors { get; set; }
    public Dictionary<string, int> ErrorCodes { get; set; } = new();

    /// <summary>Names the compiler could not resolve (CS0246, CS0234, CS0103), with how often: what a missing reference costs.</summary>
    public Dictionary<string, int> Unresolved { get; set; } = new();
    public List<Finding> Findings { get; } = new();
    public Dictionary<string, double> AnalyzerMs { get; set; } = new();
    public double CompileMs { get; set; }
    public List<string> AnalyzerExceptions { get; } = new();
}

/// <summary>Runs every AsyncLint analyzer over the projects a <see cref="CodebaseLoader"/> compiled.</summary>
internal sealed class Scanner
{
    private readonly ScanOptions _options;
    private readonly TextWriter _log;
    private readonly CodebaseLoader _loader;
    private IReadOnlyList<LoadedProject>? _projects;

    public Scanner(ScanOptions options, TextWriter log)
    {
        _options = options;
        _log = log;
        _loader = new CodebaseLoader(options.Load, log);
    }

    public RestoredPackages? Packages => _loader.Packages;

    public IReadOnlyList<string> GeneratorNames => _loader.GeneratorNames;

    /// <summary>The compiled projects (after <see cref="RunAsync"/>).</summary>
    public IReadOnlyList<LoadedProject> Projects => _projects ?? Array.Empty<LoadedProject>();

    public async Task<List<ProjectResult>> RunAsync(ImmutableArray<DiagnosticAnalyzer> analyzers, bool concurrent, CancellationToken cancellationToken)
    {
        _projects ??= _loader.Load(cancellationToken);
        var results = new List<ProjectResult>();
        foreach (var project in _projects)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var model = project.Model;
            var watch = Stopwatch.StartNew();
            var compilation = project.Compilation;
            var result = new ProjectResult { Name = model.Name, Path = project.RelativePath, TargetFramework = model.TargetFramework };
            result.Files = compilation.SyntaxTrees.Count(t => !LoadedProject.IsGenerated(t));
            result.GeneratedFiles = compilation.SyntaxTrees.Count(LoadedProject.IsGenerated);
            result.Lines = compilation.SyntaxTrees.Where(t => !LoadedProject.IsGenerated(t)).Sum(t => t.GetText(cancellationToken).Lines.Count);
            _log.WriteLine($"{model.Name} ({model.TargetFramework}): {result.Files} files, {result.Lines:N0} lines; analyzing{(concurrent ? "" : " sequentially")}…");

            var exceptions = new ConcurrentBag<string>();
            var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, project.AnalyzerOptions),
                onAnalyzerException: (ex, analyzer, _) => exceptions.Add(analyzer.GetType().Name + ": " + ex.GetType().Name + ": " + ex.Message + " " + ex.StackTrace?.Split('\n').FirstOrDefault()?.Trim()),
                concurrentAnalysis: concurrent,
                logAnalyzerExecutionTime: _options.Timing,
                reportSuppressedDiagnostics: true));
            var all = await withAnalyzers.GetAllDiagnosticsAsync(cancellationToken);
            result.CompileMs = watch.Elapsed.TotalMilliseconds;
            foreach (var diagnostic in all)
            {
                if (diagnostic.Severity == DiagnosticSeverity.Error && !diagnostic.Id.StartsWith("ASYNC", StringComparison.Ordinal))
                {
                    if (result.CompilerErrors++ < _options.ShowErrors)
                    {
                        _log.WriteLine("  error: " + diagnostic);
                    }

                    result.ErrorCodes[diagnostic.Id] = result.ErrorCodes.GetValueOrDefault(diagnostic.Id) + 1;
                    if (diagnostic.Id is "CS0246" or "CS0234" or "CS0103" && diagnostic.Location.IsInSource)
                    {
                        var name = diagnostic.Location.SourceTree!.GetText(cancellationToken).ToString(diagnostic.Location.SourceSpan);
                        result.Unresolved[name] = result.Unresolved.GetValueOrDefault(name) + 1;
                    }
                    else if (diagnostic.Id == "CS0012" && System.Text.RegularExpressions.Regex.Match(diagnostic.GetMessage(), "assembly '([^,']+)") is { Success: true } assembly)
                    {
                        var name = "assembly " + assembly.Groups[1].Value;
                        result.Unresolved[name] = result.Unresolved.GetValueOrDefault(name) + 1;
                    }

                    continue;
                }

                if (diagnostic.Id == "AD0001")
                {
                    result.AnalyzerExceptions.Add(diagnostic.GetMessage());
                    continue;
                }

                if (!diagnostic.Id.StartsWith("ASYNC", StringComparison.Ordinal) || !diagnostic.Location.IsInSource)
                {
                    continue;
                }

                var span = diagnostic.Location.GetLineSpan();
                result.Findings.Add(new Finding(
                    diagnostic.Id,
                    diagnostic.Severity.ToString(),
                    model.Name,
                    _loader.Relative(span.Path),
                    span.StartLinePosition.Line + 1,
                    span.StartLinePosition.Character + 1,
                    span.EndLinePosition.Line + 1,
                    span.EndLinePosition.Character + 1,
                    diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
                    diagnostic.IsSuppressed));
            }

            result.AnalyzerExceptions.AddRange(exceptions);
            if (_options.Timing)
            {
                // The analysis result carries the execution times of the run above (asking per analyzer starts a new one).
                var analysis = await withAnalyzers.GetAnalysisResultAsync(cancellationToken);
                foreach (var analyzer in analyzers)
                {
                    result.AnalyzerMs[analyzer.GetType().Name] = analysis.AnalyzerTelemetryInfo.TryGetValue(analyzer, out var telemetry) ? telemetry.ExecutionTime.TotalMilliseconds : 0;
                }
            }

            result.Findings.Sort(FindingOrder.Instance);
            results.Add(result);
            _log.WriteLine($"  {result.Findings.Count} finding(s), {result.CompilerErrors} compiler error(s), {watch.Elapsed.TotalSeconds:N1} s");
        }

        return results;
    }

}

/// <summary>Findings in path, line, column, ID order: the order the report prints and the determinism check compares.</summary>
internal sealed class FindingOrder : IComparer<Finding>
{
    public static readonly FindingOrder Instance = new();

    public int Compare(Finding? x, Finding? y)
    {
        var c = string.CompareOrdinal(x!.Path, y!.Path);
        if (c == 0) c = x.Line.CompareTo(y.Line);
        if (c == 0) c = x.Column.CompareTo(y.Column);
        if (c == 0) c = string.CompareOrdinal(x.Id, y.Id);
        if (c == 0) c = string.CompareOrdinal(x.Message, y.Message);
        return c;
    }
}

