using System.Collections.Immutable;
using AsyncLint.Core;
using AsyncLint.Options;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace AsyncLint.Rules
{
    /// <summary>
    /// ASYNC302: an async lambda or anonymous method converted to a void-returning delegate (<c>Action&lt;T&gt;</c>,
    /// <c>TimerCallback</c>, <c>ThreadStart</c>…). Event subscriptions (<c>+=</c>, handler-shaped delegate types) are
    /// the one place void is the contract and are allowed unless <c>asynclint.ASYNC302.flag_event_subscriptions</c>.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AsyncLambdaToVoidDelegateAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.AsyncLambdaToVoidDelegate);

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

                start.RegisterOperationAction(c => Analyze(c, types), OperationKind.AnonymousFunction);
            });
        }

        private static void Analyze(OperationAnalysisContext context, KnownTypes types)
        {
            var lambda = (IAnonymousFunctionOperation)context.Operation;
            if (!lambda.Symbol.IsAsync
                || !lambda.Symbol.ReturnsVoid
                || lambda.Parent is not IDelegateCreationOperation { Type: INamedTypeSymbol { DelegateInvokeMethod: { } invoke } delegateType } creation)
            {
                return;
            }

            var user = creation.WalkUpConversions(out _);
            var isSubscription = user is IEventAssignmentOperation
                || user is ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract }
                || types.IsEventHandlerShape(invoke);
            var guarded = FunctionBodies.CatchesEverything((lambda.Syntax as AnonymousFunctionExpressionSyntax)?.Block);
            if (isSubscription && (guarded || !AsyncLintOptions.FlagEventSubscriptions.GetValue(context.Options, lambda.Syntax.SyntaxTree)))
            {
                return;
            }

            var (fix, target, remedy) = FixFor(lambda, creation, types);
            if (guarded && target is null)
            {
                return; // void is all the delegate offers, and the lambda handles its own exceptions
            }

            IOperation? keptThread = null;
            if (fix is null && !guarded && (ThreadStartedAtOnce(lambda, creation, types) ?? ThreadStartedLater(lambda, creation, types, out keptThread)) is { } started)
            {
                (fix, target, remedy) = (FixKinds.TaskRun, started, "use '_ = Task.Run(...)': the lambda runs on the thread pool all the same, and the task keeps its exceptions");
            }

            string? parameterName = null;
            if (fix is null && !guarded && IsTimerCallback(creation, types) && lambda.Syntax is AnonymousFunctionExpressionSyntax { Body: BlockSyntax or ExpressionSyntax })
            {
                // The timer fires and forgets by design: nothing can await the callback, so it must observe its own exceptions.
                parameterName = FreeName(lambda, lambda, "ex", "exception");
                (fix, target, remedy) = parameterName is null
                    ? (null, null, "catch every exception inside the lambda: the timer cannot await it")
                    : (FixKinds.CatchInside, lambda, "catch every exception inside the lambda: the timer cannot await it");
            }

            string? token = null;
            EnclosingFunction function = default;
            if (fix != null
                && fix != FixKinds.TaskRun
                && fix != FixKinds.CatchInside
                && (!AsyncContext.TryGetEnclosingFunction(target!, context.ContainingSymbol, types, out function) || !function.IsAsyncCode || function.InsideLock))
            {
                fix = null;
            }

            if (fix == FixKinds.ParallelAsync && ((IInvocationOperation)target!).Arguments.Length == 2)
            {
                token = CancellationTokens.FindInScope(target, context.ContainingSymbol, types);
            }

            if (fix == FixKinds.ForEachLoop && !NamesAreFree(lambda, target!, lambda.Symbol.Parameters[0].Name))
            {
                fix = null;
            }
            else if (fix == FixKinds.ParallelAsync && (parameterName = FreeName(lambda, target!, "ct", "cancellationToken")) is null)
            {
                fix = null;
            }

            // Anything else given to a void delegate: the overload of the same call whose delegate returns a task, in async code.
            TaskDelegateOverload? overload = null;
            if (fix is null
                && target is null
                && !guarded
                && creation.Parent is IArgumentOperation { Parent: IInvocationOperation { Parent: IExpressionStatementOperation } call } argument
                && AsyncContext.TryGetEnclosingFunction(call, context.ContainingSymbol, types, out function)
                && function.IsAsyncCode
                && !function.InsideLock
                && (overload = TaskDelegateOverloads.Find(call, argument, lambda, FreeName(lambda, call, "ct", "cancellationToken"), types)) != null)
            {
                (fix, target, parameterName) = (FixKinds.TaskOverload, call, overload.TokenParameter);
                remedy = overload.ReturnsTask
                    ? "await '" + overload.Method.Name + "' instead, whose delegate returns a Task"
                    : "call the '" + overload.Method.Name + "' overload whose delegate returns a Task";
            }

            // A thread Task.Run cannot replace (named, sized, given a start argument, kept): nothing waits for its lambda,
            // which observes its own exceptions then, as a timer's callback does. Not where the thread is joined (the
            // joiner counts on the work being done, which a catch would not give) or kept where this method cannot see.
            if (fix is null && target is null && !guarded && IsUnjoinedThreadStart(creation, types)
                && lambda.Syntax is AnonymousFunctionExpressionSyntax { Body: BlockSyntax or ExpressionSyntax }
                && (parameterName = FreeName(lambda, lambda, "ex", "exception")) != null)
            {
                (fix, target) = (FixKinds.CatchInside, lambda);
            }

            var properties = fix is null
                ? ImmutableDictionary<string, string?>.Empty
                : new AsyncLambdaToVoidDelegateFix(
                    fix,
                    makeAsync: fix != FixKinds.CatchInside && function.NeedsAsyncModifier && (overload is null || overload.ReturnsTask),
                    cancellationToken: token,
                    newParameterName: parameterName,
                    overload: overload?.Method.Name,
                    lambdaArgument: overload is null ? -1 : ((InvocationExpressionSyntax)target!.Syntax).ArgumentList.Arguments.IndexOf((ArgumentSyntax)creation.Parent!.Syntax),
                    awaitResult: overload?.ReturnsTask == true).ToProperties();

            var targetSyntax = fix == FixKinds.ForEachLoop ? target!.Syntax.Parent! : fix is FixKinds.ParallelAsync or FixKinds.TaskRun or FixKinds.TaskOverload or FixKinds.CatchInside ? target!.Syntax : null;
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.AsyncLambdaToVoidDelegate,
                HeaderLocation(lambda.Syntax),
                additionalLocations: targetSyntax is null ? null : keptThread is null ? new[] { targetSyntax.GetLocation() } : new[] { targetSyntax.GetLocation(), keptThread.Syntax.GetLocation() },
                properties: properties,
                lambda.Syntax is AnonymousMethodExpressionSyntax ? "Async anonymous method" : "Async lambda",
                delegateType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                guarded
                    ? "nobody awaits it, so '" + ((IInvocationOperation)target!).TargetMethod.Name + "' returns before the work has finished"
                    : "nobody awaits it and an exception it throws crashes the process",
                remedy));
        }


        /// <summary>The rewrite that applies (or null), the call it rewrites, and the remedy for the message.</summary>
        private static (string? Fix, IOperation? Target, string Remedy) FixFor(IAnonymousFunctionOperation lambda, IDelegateCreationOperation creation, KnownTypes types)
        {
            const string General = "pass a delegate that returns a Task (an overload taking Func<..., Task>), or catch every exception inside the lambda";
            if (creation.Parent is not IArgumentOperation { Parent: IInvocationOperation invocation } argument
                || lambda.Symbol.Parameters.Length != 1)
            {
                return (null, null, General);
            }

            var method = invocation.TargetMethod;
            var statement = invocation.IsDiscarded();
            switch (method.Name)
            {
                case "ForEach" when invocation.Instance != null && SymbolEqualityComparer.Default.Equals(method.ContainingType.OriginalDefinition, types.ListOfT):
                case "ForEach" when invocation.Instance is null && method.ContainingType.SpecialType == SpecialType.System_Array && method.Parameters.Length == 2:
                    var loopFix = statement && invocation.Parent is IExpressionStatementOperation && CanBecomeLoopBody(lambda) ? FixKinds.ForEachLoop : null;
                    return (loopFix, invocation, "use 'foreach' with 'await' in the loop body");
                case "ForEach":
                case "For":
                    if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Parallel))
                    {
                        return (null, null, General);
                    }

                    var asyncName = method.Name + "Async";
                    var available = !types.Parallel!.GetMembers(asyncName).IsEmpty;
                    var remedy = "use 'await Parallel." + asyncName + "'" + (available ? string.Empty : " (.NET 6 and later) or Task.WhenAll");
                    var parallelFix = available && statement && IsSimpleParallelShape(invocation, argument, types) ? FixKinds.ParallelAsync : null;
                    return (parallelFix, invocation, remedy);
                default:
                    return (null, null, General);
            }
        }

        /// <summary>
        /// The statement <c>new Thread(async () =&gt; …).Start();</c> when the lambda is the thread's only argument and the
        /// thread is started at once and not kept: nothing else can see the thread, which ends at the lambda's first await.
        /// </summary>
        private static IExpressionStatementOperation? ThreadStartedAtOnce(IAnonymousFunctionOperation lambda, IDelegateCreationOperation creation, KnownTypes types)
        {
            return lambda.Symbol.Parameters.Length == 0
                   && creation.Parent is IArgumentOperation { Parent: IObjectCreationOperation { Arguments.Length: 1 } thread }
                   && types.Thread != null
                   && SymbolEqualityComparer.Default.Equals(thread.Type, types.Thread)
                   && IsAtMostBackground(thread.Initializer)
                   && thread.Parent is IInvocationOperation { TargetMethod.Name: "Start", Arguments.Length: 0 } start
                   && start.Instance == thread
                   && start.Parent is IExpressionStatementOperation statement
                ? statement
                : null;
        }

        /// <summary>
        /// <c>var thread = new Thread(async () =&gt; …); … thread.Start();</c>: the thread is kept in a local only to be started
        /// once, by a later statement of the same block; nothing else sees it. Returns the start statement, and the
        /// declaration in <paramref name="declaration"/>.
        /// </summary>
        private static IExpressionStatementOperation? ThreadStartedLater(IAnonymousFunctionOperation lambda, IDelegateCreationOperation creation, KnownTypes types, out IOperation? declaration)
        {
            declaration = null;
            if (lambda.Symbol.Parameters.Length != 0
                || creation.Parent is not IArgumentOperation { Parent: IObjectCreationOperation { Arguments.Length: 1 } thread }
                || types.Thread is null
                || !SymbolEqualityComparer.Default.Equals(thread.Type, types.Thread)
                || !IsAtMostBackground(thread.Initializer)
                || thread.Parent is not IVariableInitializerOperation
                {
                    Parent: IVariableDeclaratorOperation
                    {
                        Symbol: { } local,
                        Parent: IVariableDeclarationOperation { Declarators.Length: 1, Parent: IVariableDeclarationGroupOperation { Declarations.Length: 1, Parent: IBlockOperation block } group },
                    },
                })
            {
                return null;
            }

            IExpressionStatementOperation? start = null;
            var declared = block.Operations.IndexOf(group);
            foreach (var operation in block.Descendants())
            {
                if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    continue;
                }

                if (start != null
                    || reference.Parent is not IInvocationOperation { TargetMethod.Name: "Start", Arguments.Length: 0, Parent: IExpressionStatementOperation statement }
                    || statement.Parent != block
                    || block.Operations.IndexOf(statement) <= declared)
                {
                    return null;
                }

                start = statement;
            }

            declaration = start is null ? null : group;
            return start;
        }

        /// <summary>
        /// No initializer, or one that only sets <c>IsBackground</c>: a thread-pool thread is a background thread, and the
        /// process waited for a foreground one only until the lambda's first await.
        /// </summary>
        private static bool IsAtMostBackground(IObjectOrCollectionInitializerOperation? initializer)
        {
            if (initializer is null)
            {
                return true;
            }

            foreach (var set in initializer.Initializers)
            {
                if (set is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "IsBackground" }, Value: var value }
                    || value.ConstantValue is not { HasValue: true })
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The lambda is the start delegate of <c>new Thread(lambda, …)</c>, and the thread is started at once or kept in a
        /// local that nothing joins.
        /// </summary>
        private static bool IsUnjoinedThreadStart(IDelegateCreationOperation creation, KnownTypes types)
        {
            if (types.Thread is null
                || creation.Parent is not IArgumentOperation { Parent: IObjectCreationOperation thread }
                || !SymbolEqualityComparer.Default.Equals(thread.Type, types.Thread))
            {
                return false;
            }

            switch (thread.Parent)
            {
                case IInvocationOperation { TargetMethod.Name: "Start" } start when start.Instance == thread:
                    return true;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: { } local } }:
                    IOperation root = thread;
                    for (var parent = thread.Parent; parent != null; parent = parent.Parent)
                    {
                        root = parent;
                    }

                    foreach (var operation in root.Descendants())
                    {
                        // Joined here, or handed on (an argument, a copy, a return) to code that may join it.
                        if (operation is ILocalReferenceOperation reference
                            && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                            && (reference.Parent is IInvocationOperation { TargetMethod.Name: "Join" }
                                || reference.Parent is IArgumentOperation or IReturnOperation or IConversionOperation
                                || (reference.Parent is ISimpleAssignmentOperation assignment && assignment.Value == reference)
                                || reference.Parent is IVariableInitializerOperation))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return false;
            }
        }

        /// <summary>The lambda is the callback of <c>new System.Threading.Timer(callback, …)</c>.</summary>
        private static bool IsTimerCallback(IDelegateCreationOperation creation, KnownTypes types)
            => types.ThreadingTimer != null
               && creation.Parent is IArgumentOperation { Parent: IObjectCreationOperation timer }
               && SymbolEqualityComparer.Default.Equals(timer.Type, types.ThreadingTimer);

        /// <summary>
        /// <c>ForEach(source, body)</c>, <c>ForEach(source, options, body)</c>, <c>For(from, to, body)</c>,
        /// <c>For(from, to, options, body)</c> over an <c>IEnumerable&lt;T&gt;</c> or int/long bounds: the shapes with an async twin.
        /// </summary>
        private static bool IsSimpleParallelShape(IInvocationOperation invocation, IArgumentOperation body, KnownTypes types)
        {
            var parameters = invocation.TargetMethod.Parameters;
            var arguments = invocation.Arguments;
            if (arguments[arguments.Length - 1] != body || body.Parameter is null || body.Parameter.Ordinal != parameters.Length - 1)
            {
                return false;
            }

            var leading = invocation.TargetMethod.Name == "For" ? 2 : 1;
            if (parameters.Length != leading + 1 && !(parameters.Length == leading + 2 && parameters[leading].Type.Name == "ParallelOptions"))
            {
                return false;
            }

            if (leading == 1)
            {
                return parameters[0].Type is INamedTypeSymbol { Name: "IEnumerable", IsGenericType: true };
            }

            return parameters[0].Type.SpecialType == SpecialType.System_Int32 || parameters[0].Type.SpecialType == SpecialType.System_Int64;
        }

        /// <summary>
        /// A lambda body can become a loop body when its own <c>return</c>s can become <c>continue</c>: none sits inside
        /// a loop or switch of the lambda, where <c>continue</c> would mean something else.
        /// </summary>
        private static bool CanBecomeLoopBody(IAnonymousFunctionOperation lambda)
        {
            if (lambda.Syntax is AnonymousMethodExpressionSyntax { ParameterList: null })
            {
                return false;
            }

            foreach (var operation in lambda.Body.Descendants())
            {
                if (operation is not IReturnOperation { IsImplicit: false } ret)
                {
                    continue;
                }

                for (var parent = ret.Parent; parent != null && parent != lambda; parent = parent.Parent)
                {
                    if (parent is IAnonymousFunctionOperation || parent is ILocalFunctionOperation)
                    {
                        break; // a nested function's own return
                    }

                    if (parent is ILoopOperation || parent is ISwitchOperation)
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>
        /// Whether the lambda's parameter and locals can move into the enclosing function: no local or parameter of that
        /// name is in scope at the call (a loop variable may not shadow one).
        /// </summary>
        private static bool NamesAreFree(IAnonymousFunctionOperation lambda, IOperation call, string parameterName)
        {
            if (!IsFreeAt(call, parameterName))
            {
                return false;
            }

            foreach (var operation in lambda.Body.Descendants())
            {
                if (operation is IVariableDeclaratorOperation declarator && !IsFreeAt(call, declarator.Symbol.Name))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The first candidate name that is neither in scope at the call nor used inside the lambda.</summary>
        private static string? FreeName(IAnonymousFunctionOperation lambda, IOperation call, params string[] candidates)
        {
            foreach (var candidate in candidates)
            {
                if (IsFreeAt(call, candidate) && !FunctionBodies.UsesName(lambda.Syntax, candidate))
                {
                    return candidate;
                }
            }

            return null;
        }

        private static bool IsFreeAt(IOperation call, string name)
        {
            var model = call.SemanticModel;
            if (model is null)
            {
                return false;
            }

            foreach (var symbol in model.LookupSymbols(call.Syntax.SpanStart, name: name))
            {
                if (symbol is ILocalSymbol || symbol is IParameterSymbol || symbol is IRangeVariableSymbol)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>From <c>async</c> to the arrow (or to the parameter list of an anonymous method).</summary>
        private static Location HeaderLocation(SyntaxNode syntax)
        {
            switch (syntax)
            {
                case LambdaExpressionSyntax lambda:
                    return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(lambda.SpanStart, lambda.ArrowToken.Span.End));
                case AnonymousMethodExpressionSyntax method:
                    var end = method.ParameterList?.Span.End ?? method.DelegateKeyword.Span.End;
                    return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(method.SpanStart, end));
                default:
                    return syntax.GetLocation();
            }
        }
    }
}
