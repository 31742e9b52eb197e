using System.Collections.Immutable;
using System.Diagnostics;
using AsyncLint.RealCode;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncLint.Scan;

/// <summary>
/// <c>--fixes</c>: the code fixes of the chosen rules on real code. The loaded projects become one workspace solution
/// (project references kept, so that a cascade crosses projects); for each finding the fixer is asked for its actions
/// (timed: what the light bulb costs), and the first action is applied (timed) and the changed projects recompiled:
/// a fix that adds a compiler error is listed.
/// </summary>
internal sealed class FixCheck
{
    private readonly IReadOnlyList<LoadedProject> _projects;
    private readonly TextWriter _log;

    private readonly IReadOnlyDictionary<string, string> _settings;

    public FixCheck(IReadOnlyList<LoadedProject> projects, IReadOnlyDictionary<string, string> settings, TextWriter log)
    {
        _projects = projects;
        _settings = settings;
        _log = log;
    }

    public async Task<List<string>> RunAsync(ImmutableArray<DiagnosticAnalyzer> analyzers, IReadOnlyCollection<string> rules, int limit, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        var solution = BuildSolution();
        var fixers = typeof(AsyncLint.CodeFixes.Rules.BlockingWaitCodeFixProvider).Assembly.GetTypes()
            .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttributes(typeof(ExportCodeFixProviderAttribute), false).Length > 0)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToList();
        foreach (var rule in rules)
        {
            var findings = new List<(Document Document, Diagnostic Diagnostic)>();
            var errorsBefore = new Dictionary<ProjectId, int>();
            foreach (var project in solution.Projects)
            {
                var compilation = (await project.GetCompilationAsync(cancellationToken))!;
                errorsBefore[project.Id] = compilation.GetDiagnostics(cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
                var diagnostics = await compilation.WithAnalyzers(analyzers, project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync(cancellationToken);
                findings.AddRange(diagnostics.Where(d => d.Id == rule && d.Location.SourceTree != null && !LoadedProject.IsGenerated(d.Location.SourceTree))
                    .Select(d => (project.GetDocument(d.Location.SourceTree)!, d)));
            }

            var fixer = fixers.Single(f => f.FixableDiagnosticIds.Contains(rule));
            var offered = 0;
            var planMs = new List<double>();
            var applyMs = new List<double>();
            var planCpuMs = new List<double>();
            var applyCpuMs = new List<double>();
            var broken = new List<string>();
            var titles = new Dictionary<string, int>();
            var refusals = new Dictionary<string, int>();
            void Count(string reason)
            {
                var category = System.Text.RegularExpressions.Regex.Replace(reason, "'[^']*'", "'…'");
                refusals[category] = refusals.GetValueOrDefault(category) + 1;
            }

            AsyncLint.CodeFixes.Shared.MakeAsyncCascade.Refused += Count;
            foreach (var (document, diagnostic) in findings.OrderBy(f => f.Document.FilePath, StringComparer.Ordinal).ThenBy(f => f.Diagnostic.Location.SourceSpan.Start))
            {
                var actions = new List<CodeAction>();
                var cpu = CpuMs();
                var watch = Stopwatch.StartNew();
                await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken));
                planMs.Add(watch.Elapsed.TotalMilliseconds);
                planCpuMs.Add(CpuMs() - cpu);
                if (actions.Count == 0)
                {
                    continue;
                }

                offered++;
                var kind = actions[0].Title.StartsWith("Make ", StringComparison.Ordinal) ? "cascade" : actions[0].Title;
                titles[kind] = titles.GetValueOrDefault(kind) + 1;
                if (applyMs.Count >= limit)
                {
                    continue;
                }

                cpu = CpuMs();
                watch.Restart();
                var operations = await actions[0].GetOperationsAsync(cancellationToken);
                var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
                applyMs.Add(watch.Elapsed.TotalMilliseconds);
                applyCpuMs.Add(CpuMs() - cpu);
                foreach (var projectChanges in changed.GetChanges(solution).GetProjectChanges())
                {
                    var compilation = (await changed.GetProject(projectChanges.ProjectId)!.GetCompilationAsync(cancellationToken))!;
                    var errors = compilation.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                    if (errors.Count > errorsBefore[projectChanges.ProjectId])
                    {
                        broken.Add($"{document.FilePath}:{diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1} '{actions[0].Title}': {errors.Count - errorsBefore[projectChanges.ProjectId]} new error(s), e.g. {errors.LastOrDefault()}");
                    }
                }
            }

            AsyncLint.CodeFixes.Shared.MakeAsyncCascade.Refused -= Count;
            lines.Add($"{rule}: {offered} of {findings.Count} findings get a fix ({string.Join(", ", titles.OrderByDescending(t => t.Value).Select(t => t.Key + " " + t.Value))})");
            lines.Add("  why no cascade (a refusal per seed tried): " + string.Join("; ", refusals.OrderByDescending(r => r.Value).Select(r => r.Value + " × " + r.Key)));
            lines.Add($"  asking for the fix (plan), wall: p50 {Percentile(planMs, 0.5):F0} ms, p90 {Percentile(planMs, 0.9):F0} ms, max {Percentile(planMs, 1):F0} ms over {planMs.Count}; CPU: p50 {Percentile(planCpuMs, 0.5):F0}, p90 {Percentile(planCpuMs, 0.9):F0}, max {Percentile(planCpuMs, 1):F0} ms");
            lines.Add($"  applying it (first {applyMs.Count}), wall: p50 {Percentile(applyMs, 0.5):F0} ms, p90 {Percentile(applyMs, 0.9):F0} ms, max {Percentile(applyMs, 1):F0} ms; CPU: p50 {Percentile(applyCpuMs, 0.5):F0}, p90 {Percentile(applyCpuMs, 0.9):F0}, max {Percentile(applyCpuMs, 1):F0} ms");
            lines.Add($"  fixes that add a compiler error: {broken.Count}");
            lines.AddRange(broken.Select(b => "    " + b));
            _log.WriteLine(string.Join("\n", lines.TakeLast(5 + broken.Count)));
        }

        return lines;
    }

    /// <summary>The process's CPU time: steadier than the wall clock on a shared machine.</summary>
    internal static double CpuMs() => Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.OrderBy(v => v).ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1 < 0 ? 0 : Math.Ceiling(p * sorted.Count) - 1)];
    }

    /// <summary>The loaded projects as one solution: references between them become project references, others stay metadata.</summary>
    private Solution BuildSolution()
    {
        var workspace = new AdhocWorkspace();
        var solution = workspace.CurrentSolution;
        var ids = _projects.ToDictionary(p => p.Compilation, p => ProjectId.CreateNewId(p.Model.Name));
        foreach (var project in _projects)
        {
            var compilation = project.Compilation;
            var metadata = new List<MetadataReference>();
            var projectReferences = new List<ProjectReference>();
            foreach (var reference in compilation.References)
            {
                if (reference is CompilationReference compilationReference)
                {
                    if (ids.TryGetValue(compilationReference.Compilation, out var referenced))
                    {
                        projectReferences.Add(new ProjectReference(referenced));
                    }
                    else
                    {
                        using var stream = new MemoryStream();
                        compilationReference.Compilation.Emit(stream);
                        metadata.Add(MetadataReference.CreateFromImage(stream.ToArray()));
                    }
                }
                else
                {
                    metadata.Add(reference);
                }
            }

            var outputKind = project.Model.Name.Contains("Test", StringComparison.Ordinal) ? OutputKind.DynamicallyLinkedLibrary : compilation.Options.OutputKind;
            solution = solution.AddProject(ProjectInfo.Create(
                ids[compilation], VersionStamp.Default, project.Model.Name, compilation.AssemblyName!, LanguageNames.CSharp,
                compilationOptions: compilation.Options.WithOutputKind(outputKind),
                parseOptions: compilation.SyntaxTrees.FirstOrDefault()?.Options,
                metadataReferences: metadata,
                projectReferences: projectReferences));
            foreach (var tree in compilation.SyntaxTrees)
            {
                solution = solution.AddDocument(DocumentId.CreateNewId(ids[compilation]), Path.GetFileName(tree.FilePath), tree.GetText(), filePath: tree.FilePath);
            }

            if (_settings.Count > 0)
            {
                // --set key=value: the options the analyzers and fixers read, as an .editorconfig at the root would give them.
                var text = "is_global = true\n" + string.Concat(_settings.Select(p => p.Key + " = " + p.Value + "\n"));
                solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(ids[compilation]), ".globalconfig", Microsoft.CodeAnalysis.Text.SourceText.From(text), filePath: "/.globalconfig");
            }
        }

        return solution;
    }
}
