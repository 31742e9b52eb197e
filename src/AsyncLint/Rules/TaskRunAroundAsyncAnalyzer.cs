using System.Collections.Immutable;
using AsyncLint.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Rules
{
    /// <summary>
    /// ASYNC402: <c>Task.Run</c> around work that is already asynchronous — <c>Task.Run(() =&gt; FooAsync())</c>,
    /// <c>Task.Run(async () =&gt; await FooAsync())</c>, <c>Task.Run(FooAsync)</c> — whose task is awaited or returned at
    /// once. Not when the delegate does synchronous work before the call (its receiver or arguments compute something:
    /// that is offloading), not on the UI caller side (<see cref="UiContext"/>), and not when the task is blocked on in
    /// synchronous code (the deliberate escape from a synchronization context, which ASYNC104 covers).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TaskRunAroundAsyncAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.TaskRunAroundAsync);

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

                var ui = shared.Ui;
                start.RegisterOperationAction(c => Analyze(c, types, ui), OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, KnownTypes types, UiContext ui)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (!TaskRunCalls.IsTaskRun(invocation, types)
                || !TaskRunCalls.IsAwaitedOrReturnedAtOnce(invocation, out var consumer)
                || TaskRunCalls.DelegateTarget(invocation, out _) is not { } target)
            {
                return;
            }

            // On a UI thread, Task.Run also moves the callee's synchronous start (often heavy in real async methods)
            // off the thread that must stay responsive: the caller side's call, as in ASYNC401.
            if (ui.IsUiCallerSide(invocation, context.ContainingSymbol))
            {
                return;
            }

            var returned = consumer is IReturnOperation;
            if (returned
                && (!AsyncContext.TryGetEnclosingFunction(invocation, context.ContainingSymbol, types, out var function) || function.IsAsync))
            {
                return;
            }

            SyntaxNode innerCall;
            ITypeSymbol? innerType;
            var methodGroup = false;
            switch (target)
            {
                case IMethodReferenceOperation reference:
                    innerCall = reference.Syntax;
                    innerType = reference.Method.ReturnType;
                    methodGroup = true;
                    break;
                case IAnonymousFunctionOperation lambda when AsyncCall(lambda, types) is { } call:
                    innerCall = call.Syntax;
                    innerType = call.Type;
                    break;
                case IAnonymousFunctionOperation lambda when StartsWithAwait(lambda, types):
                    // async () => { var x = await GetAsync(); Process(x); await SaveAsync(x); }: the first await already
                    // frees the thread; what follows runs on the pool either way. No rewrite: the body moves in place.
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.TaskRunAroundAsync,
                        invocation.Syntax.GetLocation(),
                        DisplayText.Of(invocation.Syntax),
                        returned ? "make the method async and run the lambda's body in place" : "run the lambda's body in place"));
                    return;
                default:
                    return;
            }

            if (!types.IsTaskOrValueTask(innerType))
            {
                return;
            }

            // "return Task.Run(...)" becomes "return FooAsync()": only when that is the same task type.
            var keepsType = !returned || SymbolEqualityComparer.Default.Equals(innerType, invocation.Type);
            var token = TaskRunCalls.TokenArgument(invocation, types);
            var fixable = keepsType && (token is null || PassesSameToken(target, token));
            var callText = DisplayText.Of(innerCall) + (methodGroup ? "()" : string.Empty);
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.TaskRunAroundAsync,
                invocation.Syntax.GetLocation(),
                additionalLocations: new[] { innerCall.GetLocation() },
                properties: fixable ? new TaskRunAroundAsyncFix(methodGroup).ToProperties() : null,
                DisplayText.Of(invocation.Syntax),
                "use '" + (returned ? "return " : "await ") + callText + "' instead"));
        }

        /// <summary>
        /// An async lambda of several statements whose first statement awaits a call with cheap operands
        /// (<c>await A();</c>, <c>var x = await A();</c>, <c>return await A();</c>): nothing runs before the first await
        /// that Task.Run would move off the caller's thread.
        /// </summary>
        private static bool StartsWithAwait(IAnonymousFunctionOperation lambda, KnownTypes types)
        {
            if (!lambda.Symbol.IsAsync || lambda.Body.Operations.IsEmpty)
            {
                return false;
            }

            var first = lambda.Body.Operations[0] switch
            {
                IExpressionStatementOperation { Operation: var expression } => expression,
                IReturnOperation { ReturnedValue: var value } => value,
                IVariableDeclarationGroupOperation { Declarations.Length: 1 } group
                    when group.Declarations[0].Declarators.Length == 1 => group.Declarations[0].Declarators[0].Initializer?.Value,
                _ => null,
            };
            if (first is ISimpleAssignmentOperation assignment && assignment.Target is ILocalReferenceOperation)
            {
                first = assignment.Value;
            }

            return first.WalkDownConversions() is IAwaitOperation awaited
                && TaskCompletion.StripTaskWrappers(awaited.Operation) is IInvocationOperation call
                && types.IsTaskOrValueTask(call.Type)
                && TaskRunCalls.HasCheapOperands(call);
        }

        /// <summary>
        /// The one asynchronous call a lambda consists of: <c>() =&gt; FooAsync(x)</c>, <c>async () =&gt; await FooAsync(x)</c>
        /// (also with <c>ConfigureAwait</c>, or as a block with that one statement), whose receiver and arguments are cheap.
        /// </summary>
        private static IInvocationOperation? AsyncCall(IAnonymousFunctionOperation lambda, KnownTypes types)
        {
            var single = TaskRunCalls.SingleExpression(lambda);
            if (lambda.Symbol.IsAsync)
            {
                if (single is not IAwaitOperation awaitOperation)
                {
                    return null;
                }

                single = TaskCompletion.StripTaskWrappers(awaitOperation.Operation);
            }
            else
            {
                single = single.WalkDownConversions();
            }

            // x.CountAsync().AsTask(): the work is CountAsync; AsTask only wraps its result.
            return single is IInvocationOperation call
                && TaskCompletion.StripTaskWrappers(call) is IInvocationOperation work
                && TaskRunCalls.HasCheapOperands(work)
                && types.IsTaskOrValueTask(call.Type)
                ? call
                : null;
        }

        /// <summary>Task.Run(() =&gt; FooAsync(ct), ct): dropping Task.Run's token keeps cancellation, FooAsync observes it.</summary>
        private static bool PassesSameToken(IOperation target, IArgumentOperation token)
        {
            var tokenSymbol = Referenced(token.Value);
            if (tokenSymbol is null || target is not IAnonymousFunctionOperation lambda)
            {
                return false;
            }

            foreach (var operation in lambda.Body.Descendants())
            {
                if (operation is IArgumentOperation argument && SymbolEqualityComparer.Default.Equals(Referenced(argument.Value), tokenSymbol))
                {
                    return true;
                }
            }

            return false;
        }

        private static ISymbol? Referenced(IOperation operation) => operation.WalkDownConversions() switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };
    }
}
