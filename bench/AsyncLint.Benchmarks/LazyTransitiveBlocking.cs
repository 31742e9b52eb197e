using System.Collections.Immutable;
using AsyncLint.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Benchmarks;

/// <summary>
/// The design measured for issue 14's item 6 (bench-only, <c>--lazy-async105</c>): ASYNC105 reported from the caller's
/// document, as an operation action, asking the lazy per-compilation "may block" summary of the callee
/// (<see cref="BlockingChains"/>) instead of collecting facts for a compilation-end action. What it reports is what
/// the shipped analyzer reports (the same chains, the same counterpart hand-off to ASYNC201); only where and when
/// differ, so the editor can show it while the file is edited.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class LazyTransitiveBlockingAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.TransitiveBlocking);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var shared = CompilationContext.TryGet(start.Compilation);
            if (shared is null)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, shared), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, CompilationContext shared)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var callee = invocation.TargetMethod;
        if (!SymbolEqualityComparer.Default.Equals(callee.ContainingAssembly, context.Compilation.Assembly)
            || !AsyncContext.TryGetEnclosingFunction(invocation, context.ContainingSymbol, shared.Types, out var function)
            || !function.IsAsyncCode
            || SymbolEqualityComparer.Default.Equals(callee.OriginalDefinition, function.Symbol.OriginalDefinition)
            || HasAsyncCounterpart(callee, shared.Types)
            || BlockingChains.For(shared, context.Options).Below(invocation, context.CancellationToken) is not { } chain)
        {
            return;
        }

        var name = invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } ? access.Name.GetLocation() : invocation.Syntax.GetLocation();
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.TransitiveBlocking, name, callee.Name, chain.Text, function.Describe(), "make '" + callee.Name + "' async (and the methods below it), then await it"));
    }

    private static bool HasAsyncCounterpart(IMethodSymbol method, KnownTypes types)
        => method.ContainingType.GetMembers(method.Name + "Async").OfType<IMethodSymbol>().Any(c => c.IsStatic == method.IsStatic && types.IsTaskLike(c.ReturnType));
}
