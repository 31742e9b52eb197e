using System.Collections.Immutable;
using AsyncLint.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Rules
{
    /// <summary>
    /// ASYNC403: a lost inner task. <c>Task.Factory.StartNew(async …)</c> and <c>ContinueWith(async …)</c> return a
    /// <c>Task&lt;Task&gt;</c> whose outer task completes when the delegate reaches its first await. Reported where only
    /// the outer task is observed: awaited once with the result dropped, converted to <c>Task</c> (returned from a Task
    /// member, added to a <c>List&lt;Task&gt;</c>, passed to <c>WhenAll</c>/<c>WaitAll</c>), or waited on. A local
    /// <c>Task&lt;Task&gt;</c> is reported only when every use of it is such a place (<c>await await t</c>,
    /// <c>t.Unwrap()</c> or <c>var inner = await t</c> anywhere means the inner task is observed).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LostInnerTaskAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.LostInnerTask);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var types = CompilationContext.TryGet(start.Compilation)?.Types;
                if (types?.TaskOfT is null)
                {
                    return;
                }

                start.RegisterOperationAction(c => AnalyzeAwait(c, types), OperationKind.Await);
                start.RegisterOperationAction(c => AnalyzeConversion(c, types), OperationKind.Conversion);
                start.RegisterOperationAction(c => AnalyzeInvocation(c, types), OperationKind.Invocation);
            });
        }

        private static void AnalyzeAwait(OperationAnalysisContext context, KnownTypes types)
        {
            var awaitOperation = (IAwaitOperation)context.Operation;
            var operand = TaskCompletion.StripTaskWrappers(awaitOperation.Operation);
            if (operand != null && types.IsNestedTask(operand.Type) && IsSink(operand, types))
            {
                Check(context, operand, types);
            }
        }

        private static void AnalyzeConversion(OperationAnalysisContext context, KnownTypes types)
        {
            var conversion = (IConversionOperation)context.Operation;
            if (conversion.IsImplicit
                && SymbolEqualityComparer.Default.Equals(conversion.Type, types.Task)
                && types.IsNestedTask(conversion.Operand.Type))
            {
                Check(context, conversion.Operand.WalkDownConversions()!, types);
            }
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, KnownTypes types)
        {
            var invocation = (IInvocationOperation)context.Operation;
            switch (invocation.TargetMethod.Name)
            {
                case "Wait":
                    if (invocation.Instance != null && types.IsNestedTask(invocation.Instance.Type) && invocation.IsDiscarded())
                    {
                        Check(context, invocation.Instance.WalkDownConversions()!, types);
                    }

                    return;
                case "WhenAll":
                    // WhenAll(Task<Task>, Task<Task>) binds to WhenAll<Task>: its Task<Task[]> only says the delegates started.
                    if (invocation.Instance is null
                        && invocation.TargetMethod.IsGenericMethod
                        && types.IsTask(invocation.TargetMethod.TypeArguments[0])
                        && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, types.Task)
                        && IsOnlyOuterObserved(invocation))
                    {
                        foreach (var argument in invocation.Arguments)
                        {
                            if (argument.Value is IArrayCreationOperation { IsImplicit: true, Initializer: { } initializer })
                            {
                                foreach (var element in initializer.ElementValues)
                                {
                                    if (types.IsNestedTask(element.Type))
                                    {
                                        Check(context, element.WalkDownConversions()!, types);
                                    }
                                }
                            }
                        }
                    }

                    return;
            }
        }

        /// <summary>Reports <paramref name="task"/> (a Task&lt;Task&gt; expression at a sink) when it comes straight from StartNew/ContinueWith, or is a local used only at sinks.</summary>
        private static void Check(OperationAnalysisContext context, IOperation task, KnownTypes types)
        {
            switch (task)
            {
                case IInvocationOperation invocation when IsNestingCall(invocation, types):
                    Report(context, invocation, task, CanUseTaskRun(invocation, types));
                    return;
                case ILocalReferenceOperation local when AllUsesAreSinks(local, types):
                    Report(context, null, task, taskRun: false);
                    return;
            }
        }

        private static bool IsNestingCall(IInvocationOperation invocation, KnownTypes types)
            => TaskRunCalls.IsStartNew(invocation, types)
               || (invocation.TargetMethod.Name == "ContinueWith" && types.IsTask(invocation.TargetMethod.ContainingType));

        /// <summary><c>Task.Factory.StartNew(() =&gt; …)</c> or <c>(…, ct)</c>: exactly what <c>Task.Run(async …)</c> expresses.</summary>
        private static bool CanUseTaskRun(IInvocationOperation invocation, KnownTypes types)
        {
            var parameters = invocation.TargetMethod.Parameters;
            return TaskRunCalls.IsStartNew(invocation, types)
                && invocation.Instance is IPropertyReferenceOperation { Property.Name: "Factory", Instance: null } factory
                && SymbolEqualityComparer.Default.Equals(factory.Property.ContainingType, types.Task)
                && (parameters.Length == 1 || (parameters.Length == 2 && types.IsCancellationToken(parameters[1].Type)))
                && parameters[0].Type is INamedTypeSymbol { DelegateInvokeMethod.Parameters.Length: 0 };
        }

        /// <summary>The outer task (or <c>WhenAll</c> over outer tasks) is all that is observed at this use.</summary>
        private static bool IsSink(IOperation task, KnownTypes types)
        {
            var parent = task.WalkUpConversions(out var child);
            if (parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == child)
            {
                parent = configure.WalkUpConversions(out child);
            }

            switch (parent)
            {
                case IAwaitOperation awaitOperation:
                    return IsOnlyOuterObserved(awaitOperation);
                case IConversionOperation { IsImplicit: true } conversion:
                    return SymbolEqualityComparer.Default.Equals(conversion.Type, types.Task);
                case IInvocationOperation { TargetMethod.Name: "Wait" } wait when wait.Instance == child:
                    return wait.IsDiscarded();
                case IArrayInitializerOperation { Parent: IArrayCreationOperation { IsImplicit: true, Parent: IArgumentOperation { Parent: IInvocationOperation whenAll } } }:
                    return whenAll.TargetMethod.Name == "WhenAll" && whenAll.TargetMethod.IsGenericMethod && IsOnlyOuterObserved(whenAll);
                default:
                    return false;
            }
        }

        /// <summary>The awaited value is dropped: <c>await x;</c>, <c>_ = await x;</c>, or awaiting <c>WhenAll(...)</c> that way.</summary>
        private static bool IsOnlyOuterObserved(IOperation operation)
        {
            var parent = operation.WalkUpConversions(out var child);
            if (parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == child)
            {
                parent = configure.WalkUpConversions(out _);
            }

            if (operation is not IAwaitOperation)
            {
                // WhenAll(...) itself: only its awaited, dropped result counts.
                return parent is IAwaitOperation awaited && IsOnlyOuterObserved(awaited);
            }

            return parent is IExpressionStatementOperation
                || (parent is ISimpleAssignmentOperation { Target: IDiscardOperation } assignment && assignment.Parent is IExpressionStatementOperation);
        }

        private static bool AllUsesAreSinks(ILocalReferenceOperation reference, KnownTypes types)
        {
            var root = reference.RootOperation();

            foreach (var operation in root.Descendants())
            {
                if (operation is ILocalReferenceOperation other
                    && SymbolEqualityComparer.Default.Equals(other.Local, reference.Local)
                    && !(other.Parent is ISimpleAssignmentOperation assignment && assignment.Target == other)
                    && !IsSink(other, types))
                {
                    return false;
                }
            }

            return true;
        }

        private static void Report(OperationAnalysisContext context, IInvocationOperation? origin, IOperation task, bool taskRun)
        {
            var location = origin?.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
                ? access.Name.GetLocation()
                : task.Syntax.GetLocation();
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.LostInnerTask,
                location,
                additionalLocations: new[] { task.Syntax.GetLocation() },
                properties: new LostInnerTaskFix(taskRun).ToProperties(),
                DisplayText.Of(origin?.Syntax is InvocationExpressionSyntax call ? call.Expression : task.Syntax),
                taskRun ? "'Task.Run', which unwraps the inner task" : "'.Unwrap()' to observe the inner task"));
        }
    }
}
