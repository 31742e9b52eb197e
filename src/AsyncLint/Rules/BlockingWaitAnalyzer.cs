using System.Collections.Immutable;
using AsyncLint.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace AsyncLint.Rules
{
    /// <summary>
    /// A blocking wait on a task — <c>.Result</c>, <c>.Wait(…)</c>, <c>.GetAwaiter().GetResult()</c>, <c>Task.WaitAll</c>,
    /// <c>Task.WaitAny</c> — unless the task is provably complete. One walk, two rules: ASYNC101 in async code,
    /// ASYNC104 (sync-over-async) in synchronous code.
    /// </summary>
    [DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
    public sealed class BlockingWaitAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.BlockingWait, Descriptors.SyncOverAsync);

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

                start.RegisterOperationAction(c => AnalyzeResult(c, types), OperationKind.PropertyReference);
                start.RegisterOperationAction(c => AnalyzeInvocation(c, types), OperationKind.Invocation);
            });
        }

        private static void AnalyzeResult(OperationAnalysisContext context, KnownTypes types)
        {
            var reference = (IPropertyReferenceOperation)context.Operation;
            if (reference.Property.Name != "Result"
                || reference.Instance is null
                || reference.Instance is IInstanceReferenceOperation
                || !(types.IsGenericTask(reference.Property.ContainingType) || types.IsValueTask(reference.Property.ContainingType)))
            {
                return;
            }

            if (!TryGetReportableFunction(reference, context, types, out var function)
                || TaskCompletion.IsProvablyComplete(reference.Instance, reference, types))
            {
                return;
            }

            var nameSyntax = reference.Syntax switch
            {
                MemberAccessExpressionSyntax access => access.Name,
                MemberBindingExpressionSyntax binding => binding.Name,
                _ => reference.Syntax,
            };
            var conditional = reference.Syntax is MemberBindingExpressionSyntax;
            var fix = conditional || function.InsideLock ? null : FixKinds.Await;
            Report(context, nameSyntax.GetLocation(), reference.Syntax, function, fix, "await " + TaskText(reference.Instance), types);
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, KnownTypes types)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            switch (method.Name)
            {
                case "Wait":
                    if (invocation.Instance != null && types.IsTask(method.ContainingType))
                    {
                        AnalyzeWait(context, invocation, types);
                    }

                    return;
                case "GetResult":
                    if (invocation.Instance != null && types.IsTaskAwaiter(method.ContainingType))
                    {
                        AnalyzeGetResult(context, invocation, types);
                    }

                    return;
                case "WaitAll":
                case "WaitAny":
                    if (invocation.Instance is null && SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Task))
                    {
                        AnalyzeWaitAllOrAny(context, invocation, types);
                    }

                    return;
            }
        }

        private static void AnalyzeWait(OperationAnalysisContext context, IInvocationOperation invocation, KnownTypes types)
        {
            var parameters = invocation.TargetMethod.Parameters;
            var timeoutInMilliseconds = false;
            var hasTimeout = false;
            foreach (var parameter in parameters)
            {
                if (types.IsCancellationToken(parameter.Type))
                {
                    continue;
                }

                hasTimeout = true;
                timeoutInMilliseconds = parameter.Type.SpecialType == SpecialType.System_Int32;
            }

            if (hasTimeout && invocation.Arguments.Length > 0 && invocation.Arguments[0].Value.IsZeroTimeout())
            {
                return; // Wait(0) polls; it does not block.
            }

            if (!TryGetReportableFunction(invocation, context, types, out var function)
                || TaskCompletion.IsProvablyComplete(invocation.Instance, invocation, types))
            {
                return;
            }

            string? fix;
            string remedy;
            var taskText = TaskText(invocation.Instance!);
            if (parameters.IsEmpty)
            {
                fix = FixKinds.Await;
                remedy = "await " + taskText;
            }
            else
            {
                // Wait(timeout) returns false on timeout where WaitAsync throws: only a discarded result keeps its meaning.
                var keepsMeaning = types.HasTaskWaitAsync && (!hasTimeout || invocation.IsDiscarded());
                fix = keepsMeaning ? FixKinds.WaitAsync : null;
                remedy = "await " + taskText + ".WaitAsync(...)";
            }

            if (function.InsideLock || IsConditionalAccess(invocation.Syntax))
            {
                fix = null;
            }

            var hasToken = parameters.Length > 0 && types.IsCancellationToken(parameters[parameters.Length - 1].Type);
            Report(context, FromMemberNameToEnd(invocation.Syntax), invocation.Syntax, function, fix, remedy, types, timeoutInMilliseconds, hasToken);
        }

        private static void AnalyzeGetResult(OperationAnalysisContext context, IInvocationOperation invocation, KnownTypes types)
        {
            // x.GetAwaiter().GetResult() (the task is x) or awaiter.GetResult() (the awaiter itself is the subject).
            var getAwaiter = invocation.Instance.WalkDownConversions() as IInvocationOperation;
            var chained = getAwaiter is { TargetMethod.Name: "GetAwaiter", Instance: not null };
            var task = chained ? getAwaiter!.Instance! : invocation.Instance!;
            if (!TryGetReportableFunction(invocation, context, types, out var function)
                || TaskCompletion.IsProvablyComplete(task, invocation, types))
            {
                return;
            }

            var fix = chained && !function.InsideLock && !IsConditionalAccess(invocation.Syntax) ? FixKinds.Await : null;
            var location = chained ? FromMemberNameToEnd(getAwaiter!.Syntax, invocation.Syntax) : FromMemberNameToEnd(invocation.Syntax);
            var remedy = chained ? "await " + TaskText(task) : "await";
            Report(context, location, invocation.Syntax, function, fix, remedy, types);
        }

        private static void AnalyzeWaitAllOrAny(OperationAnalysisContext context, IInvocationOperation invocation, KnownTypes types)
        {
            var parameters = invocation.TargetMethod.Parameters;
            var hasTimeout = false;
            var hasToken = false;
            foreach (var parameter in parameters)
            {
                if (types.IsCancellationToken(parameter.Type))
                {
                    hasToken = true;
                }
                else if (parameter.Type.SpecialType == SpecialType.System_Int32 || SymbolEqualityComparer.Default.Equals(parameter.Type, types.TimeSpan))
                {
                    hasTimeout = true;
                }
            }

            if (hasTimeout && invocation.Arguments.Length > 1 && invocation.Arguments[1].Value.IsZeroTimeout())
            {
                return; // WaitAll(tasks, 0) polls.
            }

            if (!TryGetReportableFunction(invocation, context, types, out var function))
            {
                return;
            }

            var isWaitAll = invocation.TargetMethod.Name == "WaitAll";
            string? fix = null;
            if (!hasTimeout && !function.InsideLock)
            {
                if (isWaitAll)
                {
                    fix = !hasToken || types.HasTaskWaitAsync ? FixKinds.WhenAll : null;
                }
                else if (!hasToken && invocation.IsDiscarded())
                {
                    fix = FixKinds.WhenAny; // WaitAny returns an index, WhenAny a task: same meaning only when nobody reads it.
                }
            }

            var remedy = isWaitAll ? "await Task.WhenAll(...)" : "await Task.WhenAny(...)";
            Report(context, invocation.Syntax.GetLocation(), invocation.Syntax, function, fix, remedy, types, hasTokenArgument: hasToken);
        }

        private static void Report(
            OperationAnalysisContext context,
            Location location,
            SyntaxNode blockingExpression,
            EnclosingFunction function,
            string? fix,
            string remedy,
            KnownTypes types,
            bool timeoutInMilliseconds = false,
            bool hasTokenArgument = false)
        {
            var descriptor = Descriptors.BlockingWait;
            var where = function.Describe();
            string? conversion = null;
            if (!function.IsAsyncCode)
            {
                // Sync-over-async: the fix kind says how the wait becomes an await once the member is async; the
                // conversion (event handler, test) says the member can change alone. Without one the fixer makes the
                // callers async too (the cascade), or offers nothing.
                descriptor = Descriptors.SyncOverAsync;
                where = SyncToAsyncConversion.Describe(function);
                conversion = SyncToAsyncConversion.For(function, types);
                remedy = "make the caller async and " + remedy;
            }

            // Wait(timeout) becomes WaitAsync(timeout, ct): the token in scope lets the caller stop waiting.
            var token = fix == FixKinds.WaitAsync && !hasTokenArgument
                ? CancellationTokens.FindInScope(context.Operation, context.ContainingSymbol, types)
                : null;
            var properties = DiagnosticProperties.Create(fix, makeAsync: true, token, timeoutInMilliseconds, hasTokenArgument);
            if (fix != null && conversion != null)
            {
                properties = properties.Add(DiagnosticProperties.AsyncConversion, conversion);
            }
            else if (fix != null && !function.NeedsAsyncModifier)
            {
                properties = properties.Remove(DiagnosticProperties.MakeAsync);
            }

            context.ReportDiagnostic(Diagnostic.Create(
                descriptor,
                location,
                additionalLocations: null,
                properties: properties,
                DisplayText.Of(blockingExpression),
                where,
                remedy));
        }

        /// <summary>
        /// The function to report in: async code (ASYNC101), or synchronous code (ASYNC104) other than the places where
        /// blocking is the only option and harmless: an entry point (no synchronization context; <c>async Main</c> is the
        /// modern form, but the old one is not a bug) and <c>Dispose</c> (a synchronous contract).
        /// </summary>
        private static bool TryGetReportableFunction(IOperation operation, OperationAnalysisContext context, KnownTypes types, out EnclosingFunction function)
        {
            if (!AsyncContext.TryGetEnclosingFunction(operation, context.ContainingSymbol, types, out function))
            {
                return false;
            }

            if (function.IsAsyncCode)
            {
                return true;
            }

            var member = function.FunctionOperation is null ? function.Symbol : context.ContainingSymbol as IMethodSymbol;
            return member is null || !(SyncToAsyncConversion.IsEntryPointLike(member) || member.Name == "Dispose");
        }

        private static string TaskText(IOperation task) => DisplayText.Of(task.Syntax);

        private static bool IsConditionalAccess(SyntaxNode invocation)
            => invocation is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax };

        /// <summary>From the invoked member's name to the end of the call: <c>Wait(1000)</c> in <c>task.Wait(1000)</c>.</summary>
        private static Location FromMemberNameToEnd(SyntaxNode invocation) => FromMemberNameToEnd(invocation, invocation);

        private static Location FromMemberNameToEnd(SyntaxNode start, SyntaxNode end)
        {
            var startPosition = start is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
                ? access.Name.SpanStart
                : start is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding } ? binding.Name.SpanStart : start.SpanStart;
            return Location.Create(start.SyntaxTree, TextSpan.FromBounds(startPosition, end.Span.End));
        }
    }
}
