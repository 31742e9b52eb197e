using System.Collections.Immutable;
using System.Threading.Tasks;
using AsyncLint.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Verify = AsyncLint.Tests.Verifiers.CSharpAnalyzerVerifier<AsyncLint.Tests.Core.EnclosingFunctionTests.DescribeProbe>;

namespace AsyncLint.Tests.Core
{
    /// <summary>How messages name the function a finding is in (<see cref="EnclosingFunction.Describe"/>).</summary>
    public class EnclosingFunctionTests
    {
        [Fact]
        public Task Functions_are_named_by_the_awaitable_they_return()
            => Verify.VerifyAnalyzerAsync(@"
using System;
using System.Threading.Tasks;
class C
{
    ValueTask<int> Count() { {|#0:Probe()|}; return new ValueTask<int>(1); }
    ValueTask Flush() { {|#1:Probe()|}; return default; }
    Task Save() { {|#2:Probe()|}; return Task.CompletedTask; }
    async ValueTask Load() { {|#3:Probe()|}; await Task.Yield(); }
    void Sync() { {|#4:Probe()|}; Func<ValueTask> f = () => { {|#5:Probe()|}; return default; }; }
    static void Probe() { }
}",
                Verify.Diagnostic().WithLocation(0).WithArguments("ValueTask-returning method 'Count'"),
                Verify.Diagnostic().WithLocation(1).WithArguments("ValueTask-returning method 'Flush'"),
                Verify.Diagnostic().WithLocation(2).WithArguments("Task-returning method 'Save'"),
                Verify.Diagnostic().WithLocation(3).WithArguments("async method 'Load'"),
                Verify.Diagnostic().WithLocation(4).WithArguments("method 'Sync'"),
                Verify.Diagnostic().WithLocation(5).WithArguments("ValueTask-returning lambda"));

#pragma warning disable RS1036, RS2008 // a probe for this test, never shipped
        /// <summary>Reports <see cref="EnclosingFunction.Describe"/> at every call of a method named Probe.</summary>
        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        public sealed class DescribeProbe : DiagnosticAnalyzer
        {
            private static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor("PROBE", "Probe", "{0}", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

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

                    start.RegisterOperationAction(
                        c =>
                        {
                            var invocation = (IInvocationOperation)c.Operation;
                            if (invocation.TargetMethod.Name == "Probe"
                                && AsyncContext.TryGetEnclosingFunction(invocation, c.ContainingSymbol, shared.Types, out var function))
                            {
                                c.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), function.Describe()));
                            }
                        },
                        OperationKind.Invocation);
                });
            }
        }
#pragma warning restore RS1036, RS2008
    }
}
