using System.Collections.Immutable;
using AsyncLint.Core;
using AsyncLint.Options;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Rules
{
    /// <summary>
    /// ASYNC201: in async code, a synchronous call whose awaitable counterpart binds at the call site (see
    /// <see cref="AsyncCounterparts"/>); also <c>foreach</c> over an enumerable whose counterpart is an
    /// <c>IAsyncEnumerable&lt;T&gt;</c>, and explicit <c>Dispose()</c>/<c>Close()</c> where <c>DisposeAsync</c>/<c>CloseAsync</c> exists.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SynchronousIOAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SynchronousIO);

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

                var types = shared.Types;

                var counterparts = shared.Counterparts;
                var style = shared.ConfigureAwait;
                start.RegisterOperationAction(c => Analyze(c, types, counterparts, style), OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, KnownTypes types, AsyncCounterparts counterparts, ConfigureAwaitStyle style)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (!counterparts.IsCandidateSource(method) || invocation.Syntax is not InvocationExpressionSyntax syntax)
            {
                return;
            }

            // The cached "any candidate at all?" answer before the walk up to the enclosing function: most calls stop here.
            var loop = ForEachOver(invocation);
            var shape = loop != null && counterparts.HasCandidates(invocation, CounterpartShape.AsyncEnumerable)
                ? CounterpartShape.AsyncEnumerable
                : CounterpartShape.Await;
            if (shape == CounterpartShape.Await && !counterparts.HasCandidates(invocation, shape))
            {
                return;
            }

            if (!AsyncContext.TryGetEnclosingFunction(invocation, context.ContainingSymbol, types, out var function)
                || !function.IsAsyncCode
                || function.InsideLock)
            {
                return;
            }

            if (DualModeCode.HasAsyncFlagParameter(function.Symbol)
                || DualModeCode.HasAsyncFlagParameter(context.ContainingSymbol as IMethodSymbol)
                || DualModeCode.IsSynchronousPath(invocation, method.Name + "Async"))
            {
                return;
            }

            var receiver = AsyncCounterparts.Receiver(invocation);
            if (CounterpartExclusions.IsExcludedMethod(method)
                || CounterpartExclusions.IsExcludedReceiver(receiver)
                || CounterpartExclusions.IsExcludedByUser(method, receiver?.WalkDownConversions()?.Type, AsyncLintOptions.SynchronousIOExcludedMembers.GetValue(context.Options, syntax.SyntaxTree)))
            {
                return;
            }

            var token = CancellationTokens.FindInScope(invocation, context.ContainingSymbol, types);
            var counterpart = counterparts.Find(invocation, shape, token, context.ContainingSymbol, function.Symbol);
            if (counterpart is null && shape == CounterpartShape.AsyncEnumerable)
            {
                shape = CounterpartShape.Await; // foreach (var line in await File.ReadAllLinesAsync(path))
                counterpart = counterparts.HasCandidates(invocation, shape) ? counterparts.Find(invocation, shape, token, context.ContainingSymbol, function.Symbol) : null;
            }

            if (counterpart is null)
            {
                return;
            }

            // ConfigureAwait exists on the task family and (as an extension) on IAsyncEnumerable<T>, not on every awaitable.
            var configureAwait = (shape == CounterpartShape.AsyncEnumerable || types.IsTaskOrValueTask(counterpart.Method.ReturnType))
                                 && style.UsesConfigureAwaitFalse(syntax.SyntaxTree, context.CancellationToken);
            Report(context, invocation, syntax, function, counterpart, shape == CounterpartShape.AsyncEnumerable ? loop : null, configureAwait);
        }

        private static void Report(OperationAnalysisContext context, IInvocationOperation invocation, InvocationExpressionSyntax syntax, EnclosingFunction function, Counterpart counterpart, IForEachLoopOperation? loop, bool configureAwait)
        {
            var conditional = invocation.Instance is IConditionalAccessInstanceOperation || syntax.Expression is MemberBindingExpressionSyntax;
            var fix = conditional ? null : loop != null ? FixKinds.AwaitForEach : FixKinds.AsyncCounterpart;
            var properties = DiagnosticProperties.Create(fix, function.NeedsAsyncModifier, counterpart.Token);
            if (fix != null)
            {
                properties = properties
                    .Add(DiagnosticProperties.Counterpart, counterpart.Method.Name)
                    .Add(DiagnosticProperties.TargetIsAdditionalLocation, "true");
                if (configureAwait)
                {
                    properties = properties.Add(DiagnosticProperties.ConfigureAwaitFalse, "true");
                }

                if (counterpart.TokenParameter != null)
                {
                    properties = properties.Add(DiagnosticProperties.CancellationTokenParameter, counterpart.TokenParameter);
                }
            }

            var conditionalReceiver = conditional ? (invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value.WalkDownConversions() : null)) : null;
            var rewritten = AsyncCounterparts.Rewrite(syntax, conditionalReceiver, counterpart.Method.Name, null);
            var call = (rewritten is null ? counterpart.Method.Name : DisplayText.Of(rewritten.Expression)) + "(...)";
            var remedy = loop != null ? "await foreach (... in " + call + ")" : "await " + call;
            var target = loop != null ? loop.Syntax : syntax;
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SynchronousIO,
                NameOf(syntax),
                additionalLocations: new[] { target.GetLocation() },
                properties: properties,
                DisplayText.Of(syntax.Expression),
                function.Describe(),
                remedy));
        }

        /// <summary>The synchronous <c>foreach</c> whose collection is <paramref name="invocation"/>, if any.</summary>
        private static IForEachLoopOperation? ForEachOver(IInvocationOperation invocation)
            => invocation.WalkUpConversions(out var child) is IForEachLoopOperation { IsAsynchronous: false } loop && loop.Collection == child ? loop : null;

        private static Location NameOf(InvocationExpressionSyntax syntax) => syntax.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.GetLocation(),
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.GetLocation(),
            SimpleNameSyntax simple => simple.Identifier.GetLocation(),
            _ => syntax.Expression.GetLocation(),
        };
    }
}
