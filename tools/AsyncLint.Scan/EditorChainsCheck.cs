using System.Collections.Immutable;
using System.Diagnostics;
using AsyncLint.Core;
using AsyncLint.RealCode;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Scan;

/// <summary>
/// <c>--editor-chains N</c>: what ASYNC105 would cost the editor if it were reported from the caller's document with
/// the lazy "may block" summaries (<see cref="BlockingChains"/>) instead of at compilation end. For N documents of the
/// scanned projects, each in a fresh compilation with its declarations bound (an edit makes one; the summaries' cache
/// lives per compilation, so every question is cold): the compiler's own diagnostics of the document, then ASYNC105's
/// questions from it (each
/// call in async code to a synchronous source method asks the callee's summary, which binds the callee bodies it
/// reaches).
/// </summary>
internal static class EditorChainsCheck
{
    public static List<string> Run(IReadOnlyList<LoadedProject> projects, int documents, CancellationToken cancellationToken)
    {
        var trees = projects.SelectMany(p => p.Compilation.SyntaxTrees.Where(t => !LoadedProject.IsGenerated(t)).Select(t => (Project: p, Tree: t))).ToList();
        var step = Math.Max(1, trees.Count / Math.Max(1, documents));
        var compilerMs = new List<double>();
        var walkMs = new List<double>();
        var chainMs = new List<double>();
        var compilerCpuMs = new List<double>();
        var chainCpuMs = new List<double>();
        var ratios = new List<double>();
        var questions = 0;
        var found = 0;
        for (var i = 0; i < trees.Count && compilerMs.Count < documents; i += step)
        {
            var (project, original) = trees[i];
            // A fresh compilation whose declarations are bound, untimed: an edit inside a method body leaves the IDE with
            // those (the compiler reuses them), and an empty summary cache (it lives per compilation).
            var compilation = project.Fresh();
            compilation.GetDeclarationDiagnostics(cancellationToken);
            var tree = compilation.SyntaxTrees.Single(t => t.FilePath == original.FilePath);
            var cpu = FixCheck.CpuMs();
            var watch = Stopwatch.StartNew();
            var model = compilation.GetSemanticModel(tree);
            model.GetDiagnostics(cancellationToken: cancellationToken);
            compilerMs.Add(watch.Elapsed.TotalMilliseconds);
            compilerCpuMs.Add(FixCheck.CpuMs() - cpu);

            var context = CompilationContext.TryGet(compilation);
            if (context is null)
            {
                continue;
            }

            var chains = BlockingChains.For(context, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, project.AnalyzerOptions));

            watch.Restart();
            var calls = new List<IInvocationOperation>();
            foreach (var syntax in tree.GetRoot(cancellationToken).DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (model.GetOperation(syntax, cancellationToken) is IInvocationOperation invocation
                    && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingAssembly, compilation.Assembly)
                    && model.GetEnclosingSymbol(syntax.SpanStart, cancellationToken) is { } containing
                    && AsyncContext.TryGetEnclosingFunction(invocation, containing, context.Types, out var function)
                    && function.IsAsyncCode)
                {
                    calls.Add(invocation);
                }
            }

            walkMs.Add(watch.Elapsed.TotalMilliseconds);
            cpu = FixCheck.CpuMs();
            watch.Restart();
            foreach (var call in calls)
            {
                questions++;
                found += chains.Below(call, cancellationToken) != null ? 1 : 0;
            }

            chainMs.Add(watch.Elapsed.TotalMilliseconds);
            chainCpuMs.Add(FixCheck.CpuMs() - cpu);
            ratios.Add(chainMs[^1] / Math.Max(0.01, compilerMs[^1]));
        }

        return new List<string>
        {
            $"ASYNC105 from the caller's document, lazy summaries, cold cache ({compilerMs.Count} documents, {questions} summary questions, {found} chains found):",
            $"  compiler's own diagnostics of the document: p50 {P(compilerMs, 0.5):F1} ms, p90 {P(compilerMs, 0.9):F1} ms, max {P(compilerMs, 1):F1} ms",
            $"  finding the calls to ask about (an analyzer gets them from the driver): p50 {P(walkMs, 0.5):F1} ms, p90 {P(walkMs, 0.9):F1} ms",
            $"  the summaries: p50 {P(chainMs, 0.5):F1} ms, p90 {P(chainMs, 0.9):F1} ms, max {P(chainMs, 1):F1} ms; ÷ compiler p50 {P(ratios, 0.5):F2}, p90 {P(ratios, 0.9):F2}, max {P(ratios, 1):F2}",
            $"  CPU, all documents: compiler {compilerCpuMs.Sum():F0} ms, summaries {chainCpuMs.Sum():F0} ms (÷ compiler {chainCpuMs.Sum() / Math.Max(1, compilerCpuMs.Sum()):F3})",
        };
    }

    private static double P(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.OrderBy(v => v).ToList();
        return sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }
}
