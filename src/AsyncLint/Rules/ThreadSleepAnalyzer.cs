using System.Collections.Immutable;
using AsyncLint.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Rules
{
    /// <summary>ASYNC102: <c>Thread.Sleep</c> in async code; <c>Thread.Sleep(0)</c> yields the time slice and is not reported.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ThreadSleepAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ThreadSleep);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var types = CompilationContext.TryGet(start.Compilation)?.Types;
                if (types?.Thread is null)
                {
                    return;
                }

                start.RegisterOperationAction(c => Analyze(c, types), OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, KnownTypes types)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (invocation.TargetMethod.Name != "Sleep"
                || !SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, types.Thread)
                || invocation.Arguments.Length != 1
                || invocation.Arguments[0].Value.IsZeroTimeout())
            {
                return;
            }

            if (!AsyncContext.TryGetEnclosingFunction(invocation, context.ContainingSymbol, types, out var function) || !function.IsAsyncCode)
            {
                return;
            }

            var token = CancellationTokens.FindInScope(invocation, context.ContainingSymbol, types);
            var fix = function.InsideLock ? null : FixKinds.Delay;
            var remedy = "await Task.Delay(" + DisplayText.Of(invocation.Arguments[0].Value.Syntax) + (token is null ? ")" : ", " + token + ")");
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.ThreadSleep,
                invocation.Syntax.GetLocation(),
                additionalLocations: null,
                properties: DiagnosticProperties.Create(fix, function.NeedsAsyncModifier, token),
                DisplayText.Of(invocation.Syntax),
                function.Describe(),
                remedy));
        }
    }
}
