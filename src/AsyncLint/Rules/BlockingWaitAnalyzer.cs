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
    /// <c>Task.WaitAny</c>, as the blocking catalogue lists them — unless the task is provably complete. One walk, two
    /// rules: ASYNC101 in async code, ASYNC104 (sync-over-async) in synchronous code.
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

                start.RegisterOperationAction(c => Analyze(c, shared), OperationKind.PropertyReference, OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, CompilationContext shared)
        {
            // Cheap name filters before the catalogue's symbol comparisons.
            var operation = context.Operation;
            if (operation is IPropertyReferenceOperation { Property.Name: not "Result" }
                || (operation is IInvocationOperation invocation && !BlockingCatalogue.MayBlockByName(invocation.TargetMethod.Name)))
            {
                return;
            }

            if (shared.Blocking.Classify(operation) is not { IsPoll: false } call || call.Member.Rule != RuleIds.BlockingWait)
            {
                return;
            }

            switch (call.Member.Kind)
            {
                case BlockingKind.TaskResult:
                    AnalyzeResult(context, call, shared);
                    break;
                case BlockingKind.TaskWait:
                    AnalyzeWait(context, call, shared);
                    break;
                case BlockingKind.AwaiterGetResult:
                    AnalyzeGetResult(context, call, shared);
                    break;
                case BlockingKind.TaskWaitAllOrAny:
                    AnalyzeWaitAllOrAny(context, call, shared);
                    break;
            }
        }

        private static void AnalyzeResult(OperationAnalysisContext context, BlockingCall call, CompilationContext shared)
        {
            var reference = (IPropertyReferenceOperation)call.Operation;
            if (!TryGetReportableSite(call, context, shared, out var site) || TaskCompletion.IsProvablyComplete(call.Task, reference, shared))
            {
                return;
            }

            var nameSyntax = reference.Syntax switch
            {
                MemberAccessExpressionSyntax access => access.Name,
                MemberBindingExpressionSyntax binding => binding.Name,
                _ => reference.Syntax,
            };
            var fix = site.CanAwait ? FixKinds.Await : null;
            Report(context, nameSyntax.GetLocation(), reference.Syntax, site, fix, Await(call.Task!, site), shared.Types);
        }

        private static void AnalyzeWait(OperationAnalysisContext context, BlockingCall call, CompilationContext shared)
        {
            var invocation = (IInvocationOperation)call.Operation;
            var types = shared.Types;
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

            if (!TryGetReportableSite(call, context, shared, out var site) || TaskCompletion.IsProvablyComplete(call.Task, invocation, shared))
            {
                return;
            }

            string? fix;
            string remedy;
            if (parameters.IsEmpty)
            {
                fix = FixKinds.Await;
                remedy = Await(call.Task!, site);
            }
            else
            {
                // Wait(timeout) returns false on timeout where WaitAsync throws: only a discarded result keeps its meaning.
                var keepsMeaning = types.HasTaskWaitAsync && (!hasTimeout || invocation.IsDiscarded());
                fix = keepsMeaning ? FixKinds.WaitAsync : null;
                remedy = Await(call.Task!, site, ".WaitAsync(...)");
            }

            if (!site.CanAwait)
            {
                fix = null;
            }

            var hasToken = parameters.Length > 0 && types.IsCancellationToken(parameters[parameters.Length - 1].Type);
            Report(context, FromMemberNameToEnd(invocation.Syntax), invocation.Syntax, site, fix, remedy, types, timeoutInMilliseconds, hasToken);
        }

        private static void AnalyzeGetResult(OperationAnalysisContext context, BlockingCall call, CompilationContext shared)
        {
            // x.GetAwaiter().GetResult() (the task is x) or awaiter.GetResult() (the awaiter itself is the subject).
            var invocation = (IInvocationOperation)call.Operation;
            if (!TryGetReportableSite(call, context, shared, out var site) || TaskCompletion.IsProvablyComplete(call.Task, invocation, shared))
            {
                return;
            }

            var fix = call.ThroughAwaiter && site.CanAwait ? FixKinds.Await : null;
            var location = call.ThroughAwaiter ? FromMemberNameToEnd(invocation.Instance.WalkDownConversions()!.Syntax, invocation.Syntax) : FromMemberNameToEnd(invocation.Syntax);
            var remedy = call.ThroughAwaiter ? Await(call.Task!, site) : "await";
            Report(context, location, invocation.Syntax, site, fix, remedy, shared.Types);
        }

        private static void AnalyzeWaitAllOrAny(OperationAnalysisContext context, BlockingCall call, CompilationContext shared)
        {
            var invocation = (IInvocationOperation)call.Operation;
            var types = shared.Types;
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

            if (!TryGetReportableSite(call, context, shared, out var site))
            {
                return;
            }

            var isWaitAll = call.Member.Name == "WaitAll";
            string? fix = null;
            if (!hasTimeout && site.CanAwait)
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
            Report(context, invocation.Syntax.GetLocation(), invocation.Syntax, site, fix, remedy, types, hasTokenArgument: hasToken);
        }

        private static void Report(
            OperationAnalysisContext context,
            Location location,
            SyntaxNode blockingExpression,
            BlockingSite site,
            string? fix,
            string remedy,
            KnownTypes types,
            bool timeoutInMilliseconds = false,
            bool hasTokenArgument = false)
        {
            var function = site.Function;
            var descriptor = Descriptors.BlockingWait;
            var where = site.InLambdaRunAtOnce ? "a lambda that " + function.Describe() + " runs at once" : function.Describe();
            string? conversion = null;
            if (!function.IsAsyncCode)
            {
                // Sync-over-async: the fix kind says how the wait becomes an await once the member is async; the
                // conversion (event handler, test) says the member can change alone. Without one the fixer makes the
                // callers async too (the cascade), or offers nothing.
                descriptor = Descriptors.SyncOverAsync;
                where = SyncToAsyncConversion.Describe(function);
                conversion = SyncToAsyncConversion.For(function, types);
                remedy = site.ContractRemedy
                    ?? (function.Symbol.MethodKind is MethodKind.PropertyGet or MethodKind.PropertySet && function.FunctionOperation is null
                        ? "a property cannot be async: expose an async method instead and " + remedy + " there"
                        : function.FunctionOperation is null && function.Symbol.IsPublicApi() && ProjectKinds.Of(context.Options) == ProjectKind.Library
                          && !SyncToAsyncConversion.IsFrameworkInvokedAction(function.Symbol)
                            ? "'" + function.Symbol.Name + "' is public API of a library, whose callers cannot all become async: add an async method beside it and " + remedy + " there"
                            : "make the caller async and " + remedy);
            }

            // Wait(timeout) becomes WaitAsync(timeout, ct): the token in scope lets the caller stop waiting.
            var token = fix == FixKinds.WaitAsync && !hasTokenArgument
                ? CancellationTokens.FindInScope(context.Operation, context.ContainingSymbol, types)
                : null;
            var fixContract = fix is null ? null : new BlockingWaitFix(fix, makeAsync: conversion != null || function.NeedsAsyncModifier, conversion, token, timeoutInMilliseconds, hasTokenArgument);
            context.ReportDiagnostic(Diagnostic.Create(
                descriptor,
                location,
                additionalLocations: null,
                properties: fixContract?.ToProperties(),
                DisplayText.AsWritten(blockingExpression),
                where,
                remedy));
        }

        /// <summary>
        /// Where a wait is, and whether it is worth reporting there: async code (ASYNC101), or synchronous code (ASYNC104)
        /// other than the places where blocking is the only option or somebody else's decision —
        /// <list type="bullet">
        /// <item>the synchronous path of dual-mode code (<c>if (async) await t; else t.GetAwaiter().GetResult();</c>), which
        /// exists for synchronous callers (ASYNC105 follows it);</item>
        /// <item>an entry point (no synchronization context; <c>async Main</c> is the modern form, but the old one is not a bug);</item>
        /// <item>a wait helper: a synchronous member or local function blocking on a task its caller handed it (a parameter,
        /// or an element of one) — blocking was the caller's choice, and ASYNC105 reports async callers;</item>
        /// <item>a member whose signature a contract fixes and where nothing better can be done
        /// (<see cref="SyncToAsyncConversion.ContractRemedy"/>): a constructor, <c>Dispose</c> of an IAsyncDisposable, the
        /// synchronous half of a sync/async pair, an override of another assembly's synchronous member;</item>
        /// <item>a bounded wait in <c>Dispose</c> (<c>_outputTask.Wait(1500)</c>): the shutdown of a background worker,
        /// which waits at most that long whatever the task needs; an IAsyncDisposable beside it would buy little.</item>
        /// </list>
        /// </summary>
        private static bool TryGetReportableSite(BlockingCall call, OperationAnalysisContext context, CompilationContext shared, out BlockingSite site)
        {
            site = default;
            var operation = call.Operation;
            if (!AsyncContext.TryGetRunningFunction(operation, context.ContainingSymbol, shared.Types, out var function, out var inLambdaRunAtOnce))
            {
                return false;
            }

            if (DualModeCode.PathOf(operation) == DualPath.Synchronous)
            {
                return false;
            }

            var conditional = IsInConditionalAccess(operation);
            var canAwait = !function.InsideLock && !inLambdaRunAtOnce && !conditional;
            if (function.IsAsyncCode)
            {
                site = new BlockingSite(function, inLambdaRunAtOnce, canAwait, conditional, contractRemedy: null);
                return true;
            }

            var member = function.FunctionOperation is null ? function.Symbol : context.ContainingSymbol as IMethodSymbol;
            if (member != null && SyncToAsyncConversion.IsEntryPointLike(member))
            {
                return false;
            }

            // In a lambda, the member around it is the one a caller handed the task to (ShareX's continuation method
            // UpdateSummary(Task<string> task) => this.InvokeSafe(() => Show(task.Result))); the lambda's own parameters are not.
            var waitingMember = function.Symbol.MethodKind == MethodKind.AnonymousFunction ? context.ContainingSymbol as IMethodSymbol : function.Symbol;
            if (waitingMember != null && WaitsForCallersTask(call, waitingMember, shared.Types))
            {
                return false;
            }

            if (function.FunctionOperation is null
                && (SyncToAsyncConversion.WaitsForOwnAsyncTwin(call.Task, function.Symbol)
                    || (SyncToAsyncConversion.IsStartupRegistration(function.Symbol) && !ProjectKinds.HasUiThreadToFree(ProjectKinds.Of(context.Options)))))
            {
                return false;
            }

            string? contractRemedy = null;
            if (function.FunctionOperation is null)
            {
                contractRemedy = SyncToAsyncConversion.ContractRemedy(function.Symbol, shared.Types, shared.Ui);
                if (contractRemedy is null)
                {
                    return false;
                }

                if (contractRemedy.Length == 0)
                {
                    contractRemedy = null;
                }
                else if (call.IsBounded && SyncToAsyncConversion.IsDispose(function.Symbol))
                {
                    return false;
                }
            }

            site = new BlockingSite(function, inLambdaRunAtOnce: false, canAwait, conditional, contractRemedy);
            return true;
        }

        /// <summary>Every task the call waits for is a parameter of <paramref name="function"/> (or an element of one).</summary>
        private static bool WaitsForCallersTask(BlockingCall call, IMethodSymbol function, KnownTypes types)
        {
            if (call.Task != null)
            {
                return IsParameterOf(call.Task, function) || IsCallersWork(call.Task, function, types);
            }

            var any = false;
            foreach (var argument in ((IInvocationOperation)call.Operation).Arguments)
            {
                if (argument.Parameter?.Type is not { } type || type.SpecialType == SpecialType.System_Int32 || type.Name is "TimeSpan" or "CancellationToken")
                {
                    continue;
                }

                if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer: { } initializer })
                {
                    foreach (var element in initializer.ElementValues)
                    {
                        if (!IsParameterOf(element, function))
                        {
                            return false;
                        }

                        any = true;
                    }

                    continue;
                }

                if (!IsParameterOf(argument.Value, function))
                {
                    return false;
                }

                any = true;
            }

            return any;
        }

        /// <summary>
        /// The task is the work of a delegate the caller handed in, run on the pool: <c>Task.Run(func)</c>,
        /// <c>factory.StartNew(func).Unwrap()</c> (Squidex's <c>AsyncHelper.Sync(Func&lt;Task&gt;)</c>, the usual run-sync helper).
        /// </summary>
        private static bool IsCallersWork(IOperation task, IMethodSymbol function, KnownTypes types)
        {
            var value = TaskCompletion.StripTaskWrappers(task);
            if (value is IInvocationOperation { TargetMethod.Name: "Unwrap" } unwrap)
            {
                value = TaskCompletion.StripTaskWrappers(unwrap.Instance ?? (unwrap.Arguments.Length == 1 ? unwrap.Arguments[0].Value : null));
            }

            if (value is not IInvocationOperation invocation)
            {
                return false;
            }

            // Only through the pool: the helper that escapes the caller's synchronization context on purpose. A bare
            // func().Result is an ordinary wait that the cascade can turn into an await.
            var work = TaskRunCalls.IsTaskRun(invocation, types) || TaskRunCalls.IsStartNew(invocation, types)
                ? TaskRunCalls.DelegateTarget(invocation, out _) ?? DelegateArgument(invocation)
                : null;
            return work != null && IsParameterOf(work, function);
        }

        private static IOperation? DelegateArgument(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Value.WalkDownConversions() is IParameterReferenceOperation { Parameter.Type.TypeKind: TypeKind.Delegate } parameter)
                {
                    return parameter;
                }
            }

            return null;
        }

        private static bool IsParameterOf(IOperation task, IMethodSymbol function)
        {
            var value = TaskCompletion.StripTaskWrappers(LocalValues.KnownValue(TaskCompletion.StripTaskWrappers(task)));
            value = value switch
            {
                IArrayElementReferenceOperation element => element.ArrayReference.WalkDownConversions(),
                IPropertyReferenceOperation { Arguments.IsEmpty: false } indexer => indexer.Instance.WalkDownConversions(),
                _ => value,
            };
            return value is IParameterReferenceOperation { Parameter: { RefKind: RefKind.None } parameter }
                   && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, function)
                   && !IsAssigned(task, parameter);
        }

        private static bool IsAssigned(IOperation site, IParameterSymbol parameter)
        {
            var root = site.RootOperation();

            foreach (var operation in root.Descendants())
            {
                if (operation is IAssignmentOperation { Target: IParameterReferenceOperation target } && SymbolEqualityComparer.Default.Equals(target.Parameter, parameter))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// "await t", or for a wait inside a conditional access (<c>t?.Result</c>, <c>x?.Stop().Wait()</c>: nothing runs when
        /// the receiver is null) an await that keeps the null check: "if (x != null) … await x.Stop()".
        /// </summary>
        private static string Await(IOperation task, BlockingSite site, string suffix = "")
        {
            if (site.Function.InsideLock && site.Function.IsAsyncCode)
            {
                // `await` is not allowed in a lock body: the lock itself has to become an async-aware one first.
                return "a SemaphoreSlim in place of the lock (await its WaitAsync), then await " + DisplayText.Of(task.Syntax) + suffix;
            }

            if (!site.InConditionalAccess)
            {
                return "await " + DisplayText.Of(task.Syntax) + suffix;
            }

            if (task is IConditionalAccessInstanceOperation)
            {
                var receiver = DisplayText.Of(task.Syntax);
                return "if (" + receiver + " != null) … await " + receiver + suffix;
            }

            for (var node = task.Syntax.Parent; node != null && node is not StatementSyntax; node = node.Parent)
            {
                if (node is ConditionalAccessExpressionSyntax access && access.WhenNotNull.Span.Contains(task.Syntax.Span))
                {
                    var receiver = DisplayText.Of(access.Expression);
                    var member = task.Syntax.SyntaxTree.GetText().ToString(TextSpan.FromBounds(access.WhenNotNull.SpanStart, task.Syntax.Span.End));
                    return "if (" + receiver + " != null) … await " + DisplayText.Of(receiver + member) + suffix;
                }
            }

            return "await " + DisplayText.Of(task.Syntax) + suffix;
        }

        /// <summary>The operation runs only when a conditional access found its receiver non-null (<c>x?.Result</c>).</summary>
        private static bool IsInConditionalAccess(IOperation operation)
        {
            var child = operation;
            for (var parent = operation.Parent; parent != null; child = parent, parent = parent.Parent)
            {
                if (parent is IConditionalAccessOperation access && child == access.WhenNotNull)
                {
                    return true;
                }

                if (parent is IAnonymousFunctionOperation || parent is ILocalFunctionOperation || parent is IBlockOperation)
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>From the invoked member's name to the end of the call: <c>Wait(1000)</c> in <c>task.Wait(1000)</c>.</summary>
        private static Location FromMemberNameToEnd(SyntaxNode invocation) => FromMemberNameToEnd(invocation, invocation);

        private static Location FromMemberNameToEnd(SyntaxNode start, SyntaxNode end)
        {
            var startPosition = start is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
                ? access.Name.SpanStart
                : start is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding } ? binding.Name.SpanStart : start.SpanStart;
            return Location.Create(start.SyntaxTree, TextSpan.FromBounds(startPosition, end.Span.End));
        }

        /// <summary>Where a reportable wait is: the function it counts for, and what may be done there.</summary>
        private readonly struct BlockingSite
        {
            public BlockingSite(EnclosingFunction function, bool inLambdaRunAtOnce, bool canAwait, bool inConditionalAccess, string? contractRemedy)
            {
                Function = function;
                InLambdaRunAtOnce = inLambdaRunAtOnce;
                CanAwait = canAwait;
                InConditionalAccess = inConditionalAccess;
                ContractRemedy = contractRemedy;
            }

            public EnclosingFunction Function { get; }

            /// <summary>In a synchronous lambda the async function runs at once (<c>list.ForEach(x => …)</c>): no await there.</summary>
            public bool InLambdaRunAtOnce { get; }

            /// <summary>An await may replace the wait here: not in a lock, a lambda run at once, or a conditional access.</summary>
            public bool CanAwait { get; }

            /// <summary>Runs only when a conditional access found its receiver non-null: an await must keep the null check.</summary>
            public bool InConditionalAccess { get; }

            /// <summary>What a member whose signature a contract fixes can do instead (see <see cref="SyncToAsyncConversion.ContractRemedy"/>).</summary>
            public string? ContractRemedy { get; }
        }
    }
}
