using System.Collections.Immutable;
using AsyncLint.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Rules
{
    /// <summary>
    /// ASYNC102: <c>Thread.Sleep</c> (as the blocking catalogue lists it) in async code; <c>Thread.Sleep(0)</c> yields the
    /// time slice and is not reported, nor is the synchronous path of dual-mode code.
    /// </summary>
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
                var shared = CompilationContext.TryGet(start.Compilation);
                if (shared?.Types.Thread is null)
                {
                    return;
                }

                start.RegisterOperationAction(c => Analyze(c, shared), OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, CompilationContext shared)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (invocation.TargetMethod.Name != "Sleep"
                || shared.Blocking.Classify(invocation) is not { IsPoll: false, Member.Kind: BlockingKind.Sleep }
                || invocation.Arguments.Length != 1)
            {
                return;
            }

            var types = shared.Types;
            if (!AsyncContext.TryGetRunningFunction(invocation, context.ContainingSymbol, types, out var function, out var inLambdaRunAtOnce)
                || !function.IsAsyncCode
                || DualModeCode.PathOf(invocation) == DualPath.Synchronous)
            {
                return;
            }

            var token = CancellationTokens.FindInScope(invocation, context.ContainingSymbol, types);
            var fix = function.InsideLock || inLambdaRunAtOnce ? null : new ThreadSleepFix(function.NeedsAsyncModifier, token);
            var remedy = "await Task.Delay(" + DisplayText.Of(invocation.Arguments[0].Value.Syntax) + (token is null ? ")" : ", " + token + ")");
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.ThreadSleep,
                invocation.Syntax.GetLocation(),
                additionalLocations: null,
                properties: fix?.ToProperties(),
                DisplayText.Of(invocation.Syntax),
                inLambdaRunAtOnce ? "a lambda that " + function.Describe() + " runs at once" : function.Describe(),
                remedy));
        }
    }
}
