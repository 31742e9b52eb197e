using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using AsyncLint.Core;
using AsyncLint.Options;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Rules
{
    /// <summary>
    /// ASYNC401: async over sync — <c>Task.Run</c>/<c>StartNew</c> of a synchronous delegate whose task is awaited at
    /// once or returned, where no UI thread is freed by it. Two shapes: the fake-async wrapper (the member's whole body
    /// is the hop) and the offloaded step (one statement of a larger async method). Not on the UI caller side
    /// (<see cref="UiContext"/>, and private helpers all of whose callers in the type are UI code), nor for overlap (the
    /// task awaited later), <c>WhenAll</c> parallelism, <c>LongRunning</c> or loop-until-cancelled background workers.
    /// Analyzed per type so that the callers of private helpers are known when the type ends.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AsyncOverSyncAnalyzer : DiagnosticAnalyzer
    {
        private const int LongRunning = 2; // TaskCreationOptions.LongRunning

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.AsyncOverSync);

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
                var offloadNames = new ConcurrentDictionary<SyntaxTree, int[]>();
                start.RegisterSymbolStartAction(symbolStart => AnalyzeType(symbolStart, types, ui, offloadNames), SymbolKind.NamedType);
            });
        }

        private static void AnalyzeType(SymbolStartAnalysisContext symbolStart, KnownTypes types, UiContext ui, ConcurrentDictionary<SyntaxTree, int[]> offloadNames)
        {
            var type = (INamedTypeSymbol)symbolStart.Symbol;
            if (!MayOffload(type, offloadNames, symbolStart.CancellationToken) || ui.IsUiType(type))
            {
                return; // most types: no operation callbacks, no per-type collections
            }

            var candidates = new ConcurrentQueue<(Diagnostic Diagnostic, IMethodSymbol? Member, bool InMemberBody)>();
            var callers = new ConcurrentDictionary<IMethodSymbol, ConcurrentQueue<(IMethodSymbol? Caller, bool UiSide)>>(SymbolEqualityComparer.Default);
            var firedAndForgotten = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);

            symbolStart.RegisterOperationAction(
                c =>
                {
                    var invocation = (IInvocationOperation)c.Operation;
                    RecordCaller(invocation.TargetMethod, invocation, c.ContainingSymbol, type, ui, callers);
                    if (SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType?.OriginalDefinition, type) && invocation.IsDroppedOrDiscarded())
                    {
                        firedAndForgotten.TryAdd(invocation.TargetMethod.OriginalDefinition, true);
                    }

                    if (Candidate(c, invocation, types, ui) is { } diagnostic)
                    {
                        candidates.Enqueue((diagnostic, c.ContainingSymbol as IMethodSymbol, !IsInNestedFunction(invocation)));
                    }
                },
                OperationKind.Invocation);
            symbolStart.RegisterOperationAction(
                c =>
                {
                    var reference = (IMethodReferenceOperation)c.Operation;
                    RecordCaller(reference.Method, reference, c.ContainingSymbol, type, ui, callers);
                },
                OperationKind.MethodReference);
            symbolStart.RegisterSymbolEndAction(end =>
            {
                foreach (var (diagnostic, member, inMemberBody) in candidates)
                {
                    // A caller in the type that drops the task (YARP's SetPassive: _ = SetPassiveAsync(…)) is freed by the
                    // hop: inlined, the work would run on that caller's thread.
                    if (member is null
                        || (!OnlyUiCallers(member, callers, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default))
                            && !(inMemberBody && firedAndForgotten.ContainsKey(member.OriginalDefinition))))
                    {
                        end.ReportDiagnostic(diagnostic);
                    }
                }
            });
        }

        /// <summary>
        /// Cheap syntax pre-filter: a <c>Task.Run</c> or <c>StartNew</c> call names its method, so a type whose text says
        /// neither <c>Run</c> nor <c>StartNew</c> (nor a <c>\u</c> escape, which could spell them) has nothing to report,
        /// and the callers of its helpers are not needed. Each file is read once: the positions of those words.
        /// </summary>
        private static bool MayOffload(INamedTypeSymbol type, ConcurrentDictionary<SyntaxTree, int[]> offloadNames, CancellationToken cancellationToken)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (!offloadNames.TryGetValue(reference.SyntaxTree, out var positions))
                {
                    positions = offloadNames.GetOrAdd(reference.SyntaxTree, OffloadNamePositions(reference.SyntaxTree, cancellationToken));
                }

                var span = reference.Span;
                var next = Array.BinarySearch(positions, span.Start);
                if (next < 0)
                {
                    next = ~next;
                }

                if (next < positions.Length && positions[next] < span.End)
                {
                    return true;
                }
            }

            return false;
        }

        private static int[] OffloadNamePositions(SyntaxTree tree, CancellationToken cancellationToken)
        {
            var text = tree.GetText(cancellationToken).ToString();
            var positions = new List<int>();
            foreach (var word in OffloadWords)
            {
                for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + word.Length, StringComparison.Ordinal))
                {
                    positions.Add(at);
                }
            }

            positions.Sort();
            return positions.ToArray();
        }

        private static readonly string[] OffloadWords = { "Run", "StartNew", "\\u", "\\U" };

        /// <summary>
        /// The function still awaits something once this await goes: run inline, its only await would leave it async with
        /// none (CS1998, ASYNC404), and the fix offers nothing rather than that.
        /// </summary>
        private static bool KeepsAnotherAwait(IAwaitOperation removed)
        {
            IOperation? function = null;
            for (var parent = removed.Parent; parent != null; parent = parent.Parent)
            {
                function = parent;
                if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    break;
                }
            }

            var stack = new Stack<IOperation>();
            foreach (var child in function?.ChildOperations ?? Enumerable.Empty<IOperation>())
            {
                stack.Push(child);
            }

            while (stack.Count > 0)
            {
                var operation = stack.Pop();
                switch (operation)
                {
                    case IAnonymousFunctionOperation:
                    case ILocalFunctionOperation:
                        continue;
                    case IAwaitOperation other when other != removed:
                    case IForEachLoopOperation { IsAsynchronous: true }:
                    case IUsingOperation { IsAsynchronous: true }:
                    case IUsingDeclarationOperation { IsAsynchronous: true }:
                        return true;
                }

                foreach (var child in operation.ChildOperations)
                {
                    stack.Push(child);
                }
            }

            return false;
        }

        /// <summary>In a lambda or local function of the member: its hop frees whoever runs that function, not the member's caller.</summary>
        private static bool IsInNestedFunction(IOperation operation)
        {
            for (var parent = operation.Parent; parent != null; parent = parent.Parent)
            {
                if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return true;
                }
            }

            return false;
        }

        private static void RecordCaller(
            IMethodSymbol target,
            IOperation site,
            ISymbol containingSymbol,
            INamedTypeSymbol type,
            UiContext ui,
            ConcurrentDictionary<IMethodSymbol, ConcurrentQueue<(IMethodSymbol? Caller, bool UiSide)>> callers)
        {
            target = target.OriginalDefinition;
            if (target.DeclaredAccessibility != Accessibility.Private || !SymbolEqualityComparer.Default.Equals(target.ContainingType, type))
            {
                return;
            }

            callers.GetOrAdd(target, _ => new ConcurrentQueue<(IMethodSymbol?, bool)>())
                .Enqueue((containingSymbol as IMethodSymbol, ui.IsUiCallerSide(site, containingSymbol)));
        }

        /// <summary>A private helper whose every caller in its type is UI code, or another such helper.</summary>
        private static bool OnlyUiCallers(
            IMethodSymbol member,
            ConcurrentDictionary<IMethodSymbol, ConcurrentQueue<(IMethodSymbol? Caller, bool UiSide)>> callers,
            HashSet<IMethodSymbol> visiting)
        {
            if (member.DeclaredAccessibility != Accessibility.Private
                || !callers.TryGetValue(member.OriginalDefinition, out var calls)
                || !visiting.Add(member.OriginalDefinition))
            {
                return false;
            }

            foreach (var (caller, uiSide) in calls)
            {
                if (!uiSide && (caller is null || !OnlyUiCallers(caller, callers, visiting)))
                {
                    return false;
                }
            }

            return true;
        }

        private static Diagnostic? Candidate(OperationAnalysisContext context, IInvocationOperation invocation, KnownTypes types, UiContext ui)
        {
            if (!(TaskRunCalls.IsTaskRun(invocation, types) || TaskRunCalls.IsStartNew(invocation, types))
                || !TaskRunCalls.IsAwaitedOrReturnedAtOnce(invocation, out var consumer)
                || TaskRunCalls.DelegateTarget(invocation, out _) is not { } target
                || !IsSynchronous(target, types)
                || HasLongRunningOption(invocation)
                || (target is IAnonymousFunctionOperation lambda && HasWorkerLoop(lambda)))
            {
                return null;
            }

            var wait = target is IAnonymousFunctionOperation offloaded ? OffloadedWait(offloaded, types) : null;
            if ((wait is { } anyWait && HasNoAsyncForm(anyWait))
                || ui.IsUiCallerSide(invocation, context.ContainingSymbol)
                || !AsyncContext.TryGetEnclosingFunction(invocation, context.ContainingSymbol, types, out var function))
            {
                return null;
            }

            var statement = consumer is IReturnOperation ? consumer : consumer!.WalkUpConversions(out _);
            var wrapper = IsWholeBody(statement);
            if (!wrapper && ProjectKinds.HasUiThreadToFree(ProjectKinds.Of(context.Options)))
            {
                return null; // in a UI project any caller may be on the UI thread, which the offloaded step frees
            }

            var call = DisplayText.Of(invocation.Syntax);
            string explanation;
            AsyncOverSyncFix? fix = null;
            Location[] additional = System.Array.Empty<Location>();
            if (wrapper)
            {
                explanation = "makes " + function.DescribeFunction()
                    + " a fake-async wrapper: the work is synchronous and still occupies a thread-pool thread; expose it synchronously and let a caller that owns a UI thread offload it";
                if (function.FunctionOperation is null
                    && CanMakeSynchronous(function.Symbol, types, out var publicApi)
                    && (!publicApi || AsyncLintOptions.FixPublicApi.GetValue(context.Options, invocation.Syntax.SyntaxTree))
                    && TaskRunCalls.TokenArgument(invocation, types) is null
                    && WorkExpression(invocation, target) is { } work)
                {
                    // The Async suffix goes when the name is no public contract.
                    var rename = !publicApi && function.Symbol.Name.Length > 5 && function.Symbol.Name.EndsWith("Async", System.StringComparison.Ordinal)
                        ? function.Symbol.Name.Substring(0, function.Symbol.Name.Length - 5)
                        : null;
                    fix = AsyncOverSyncFix.MakeSynchronous(methodGroup: target is IMethodReferenceOperation, rename);

                    additional = new[] { work.GetLocation() };
                }
            }
            else if (wait is { } offloadedWait)
            {
                // Inlined, the wait would block the async caller (and ASYNC102/103 report it there): name its async form, no fix.
                explanation = "offloads the blocking wait '" + DisplayText.Of(offloadedWait.Operation.Syntax) + "' to another thread-pool thread, in "
                    + function.Describe() + ": the wait still holds a thread; " + AsyncFormRemedy(offloadedWait);
                if (consumer is IAwaitOperation && AsyncFormOf(invocation, target, offloadedWait, types) is { } asyncForm)
                {
                    fix = asyncForm;
                    additional = new[] { offloadedWait.Operation.Syntax.GetLocation() };
                }
            }
            else
            {
                explanation = "moves synchronous work to another thread-pool thread and waits for it, in " + function.Describe()
                    + "; with no UI thread to free this only adds a thread switch: run it inline (a caller that owns a UI thread is the one to offload it)";
                if (consumer is IAwaitOperation awaitOperation
                    && KeepsAnotherAwait(awaitOperation)
                    && InlineTarget(invocation, target, awaitOperation, types) is { } inline)
                {
                    var token = TaskRunCalls.TokenArgument(invocation, types);
                    fix = AsyncOverSyncFix.RunInline(methodGroup: target is IMethodReferenceOperation, token?.Value.Syntax.ToString());

                    additional = new[] { inline.GetLocation(), awaitOperation.Syntax.GetLocation() };
                }
            }

            return Diagnostic.Create(
                Descriptors.AsyncOverSync,
                invocation.Syntax.GetLocation(),
                additionalLocations: additional,
                properties: fix?.ToProperties(),
                call,
                explanation);
        }

        /// <summary>
        /// An ordinary method returning Task/Task&lt;T&gt; that is no contract (not an override, virtual, abstract or
        /// interface implementation), so its signature may change. <paramref name="publicApi"/>: visible outside the assembly.
        /// </summary>
        private static bool CanMakeSynchronous(IMethodSymbol method, KnownTypes types, out bool publicApi)
        {
            publicApi = false;
            var returnType = method.ReturnType.OriginalDefinition;
            if (method.MethodKind != MethodKind.Ordinary
                || method.IsOverride || method.IsVirtual || method.IsAbstract || method.IsExtern || method.IsGenericMethod
                || !method.ExplicitInterfaceImplementations.IsEmpty
                || !(SymbolEqualityComparer.Default.Equals(returnType, types.Task) || SymbolEqualityComparer.Default.Equals(returnType, types.TaskOfT)))
            {
                return false;
            }

            var type = method.ContainingType;
            foreach (var implemented in type.AllInterfaces)
            {
                foreach (var member in implemented.GetMembers(method.Name))
                {
                    if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method))
                    {
                        return false;
                    }
                }
            }

            publicApi = method.IsPublicApi();
            return true;
        }

        /// <summary>
        /// The work as one expression: the lambda's expression (or its single <c>return e;</c> or statement), or the
        /// parameterless method group to call. Null for several statements, parameters or explicit type arguments.
        /// </summary>
        private static SyntaxNode? WorkExpression(IInvocationOperation invocation, IOperation target)
        {
            if (invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name: GenericNameSyntax } })
            {
                return null;
            }

            switch (target)
            {
                case IMethodReferenceOperation reference:
                    return reference.Method.Parameters.IsEmpty ? reference.Syntax : null;
                case IAnonymousFunctionOperation lambda when lambda.Symbol.Parameters.IsEmpty:
                    return TaskRunCalls.SingleExpression(lambda)?.Syntax is ExpressionSyntax expression && !(expression.Parent is ThrowStatementSyntax) ? expression : null;
                default:
                    return null;
            }
        }

        /// <summary>A delegate that does its work synchronously: a non-async lambda or a method that returns no awaitable.</summary>
        private static bool IsSynchronous(IOperation target, KnownTypes types) => target switch
        {
            IAnonymousFunctionOperation lambda => !lambda.Symbol.IsAsync && !types.IsTaskLike(lambda.Symbol.ReturnType) && !ReturnsTaskValue(lambda, types),
            IMethodReferenceOperation reference => !reference.Method.IsAsync && !types.IsTaskLike(reference.Method.ReturnType),
            _ => false,
        };

        /// <summary>A lambda bound as Func&lt;object&gt; that really returns a task: not synchronous work.</summary>
        private static bool ReturnsTaskValue(IAnonymousFunctionOperation lambda, KnownTypes types)
        {
            foreach (var operation in lambda.Body.Descendants())
            {
                if (operation is IReturnOperation { ReturnedValue: { } value } && types.IsTaskLike(value.WalkDownConversions()?.Type))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasLongRunningOption(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Type.Name == "TaskCreationOptions")
                {
                    var value = argument.Value.ConstantValue;
                    return !value.HasValue || value.Value is not int options || (options & LongRunning) != 0;
                }
            }

            return false;
        }

        /// <summary>
        /// The first blocking wait the offloaded lambda makes, as the blocking catalogue lists it (a wait on a task, a
        /// primitive, <c>Thread.Sleep</c>; not a zero-timeout poll), or null.
        /// </summary>
        private static BlockingCall? OffloadedWait(IAnonymousFunctionOperation lambda, KnownTypes types)
        {
            var catalogue = CompilationContext.TryGet(types.Compilation)!.Blocking;
            foreach (var operation in lambda.Body.Descendants())
            {
                if ((operation is IPropertyReferenceOperation or IInvocationOperation)
                    && catalogue.Classify(operation) is { IsPoll: false } call
                    && call.Member.Rule is RuleIds.BlockingWait or RuleIds.BlockingPrimitive or RuleIds.ThreadSleep)
                {
                    return call;
                }
            }

            return null;
        }

        /// <summary>
        /// A wait with no awaitable form here: on a task (sync-over-async escaping a synchronization context, ASYNC101/104's
        /// matter) or on a primitive without an async alternative (<c>await Task.Run(() => handle.WaitOne(timeout))</c>,
        /// Ocelot's poller). Inlined, it would only block the async caller, so "run it inline" is no remedy: not reported.
        /// </summary>
        private static bool HasNoAsyncForm(BlockingCall wait)
            => wait.Member.Rule == RuleIds.BlockingWait || wait.Member.AsyncAlternative is null;

        /// <summary>The catalogue's remedy for a wait that has an async form: <c>use 'await gate.WaitAsync(...)' instead</c>.</summary>
        private static string AsyncFormRemedy(BlockingCall wait)
        {
            var receiver = wait.Operation is IInvocationOperation { Instance.Syntax: { } instance } ? DisplayText.Of(instance) : wait.Member.TypeNames[0].Substring(wait.Member.TypeNames[0].LastIndexOf('.') + 1);
            return wait.Member.Advice != null
                ? string.Format(System.Globalization.CultureInfo.InvariantCulture, wait.Member.Advice, receiver)
                : "use 'await Task." + wait.Member.AsyncAlternative + "(...)' instead";
        }

        /// <summary>
        /// <c>await Task.Run(() =&gt; Thread.Sleep(x))</c> → <c>await Task.Delay(x)</c>, <c>await Task.Run(() =&gt; gate.Wait(t))</c>
        /// → <c>await gate.WaitAsync(t)</c>: the lambda is only the wait, Task.Run is given no token (it would not start the
        /// work once cancelled), the receiver and arguments are values read at once (a local, a parameter, a field, a
        /// constant: reading them on this thread instead of the pool's is the same read), and the twin takes the same
        /// parameters and returns the wait's value as a task, so the awaited value is the same.
        /// </summary>
        private static AsyncOverSyncFix? AsyncFormOf(IInvocationOperation run, IOperation target, BlockingCall wait, KnownTypes types)
        {
            if (!TaskRunCalls.IsTaskRun(run, types)
                || TaskRunCalls.TokenArgument(run, types) is not null
                || target is not IAnonymousFunctionOperation lambda
                || TaskRunCalls.SingleExpression(lambda) != wait.Operation
                || wait.Operation is not IInvocationOperation call
                || wait.Member.AsyncAlternative is not { } name
                || call.Arguments.Any(a => !IsPlainValue(a.Value)))
            {
                return null;
            }

            INamedTypeSymbol? owner;
            if (call.TargetMethod.IsStatic)
            {
                owner = wait.Member.Kind == BlockingKind.Sleep ? types.Task : null;
            }
            else
            {
                owner = call.Instance is { IsImplicit: false } instance && IsPlainValue(instance) ? instance.Type as INamedTypeSymbol : null;
            }

            if (owner is null)
            {
                return null;
            }

            foreach (var candidate in owner.GetMembers(name).OfType<IMethodSymbol>())
            {
                if (candidate.IsStatic == call.TargetMethod.IsStatic
                    && candidate.Parameters.Length == call.TargetMethod.Parameters.Length
                    && candidate.Parameters.Select(p => p.Type).SequenceEqual(call.TargetMethod.Parameters.Select(p => p.Type), SymbolEqualityComparer.Default)
                    && ReturnsTaskOf(candidate.ReturnType, call.TargetMethod, types))
                {
                    return AsyncOverSyncFix.AsyncForm(name, onTask: call.TargetMethod.IsStatic);
                }
            }

            return null;
        }

        /// <summary>A constant, a local, a parameter, <c>this</c> or a field of one of them: reading it has no effect.</summary>
        private static bool IsPlainValue(IOperation value)
            => value switch
            {
                { ConstantValue.HasValue: true } => true,
                IConversionOperation { IsImplicit: true } conversion => IsPlainValue(conversion.Operand),
                ILocalReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation => true,
                IFieldReferenceOperation field => field.Instance is null || IsPlainValue(field.Instance),
                _ => false,
            };

        /// <summary><c>Task</c> for a void wait, <c>Task&lt;T&gt;</c> for a wait that returns T.</summary>
        private static bool ReturnsTaskOf(ITypeSymbol returnType, IMethodSymbol wait, KnownTypes types)
            => wait.ReturnsVoid
                ? SymbolEqualityComparer.Default.Equals(returnType, types.Task)
                : returnType is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic
                  && SymbolEqualityComparer.Default.Equals(generic.OriginalDefinition, types.TaskOfT)
                  && SymbolEqualityComparer.Default.Equals(generic.TypeArguments[0], wait.ReturnType);

        /// <summary>A loop that runs until cancelled or forever: a background worker, not a step.</summary>
        private static bool HasWorkerLoop(IAnonymousFunctionOperation lambda)
        {
            foreach (var operation in lambda.Body.Descendants())
            {
                if (operation is IWhileLoopOperation { Condition: { } condition }
                    && (condition.ConstantValue is { HasValue: true, Value: true } || MentionsCancellation(condition)))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool MentionsCancellation(IOperation condition)
        {
            foreach (var operation in condition.DescendantsAndSelf())
            {
                if (operation is IPropertyReferenceOperation { Property.Name: "IsCancellationRequested" })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The statement holding the hop is the only statement of its function: a wrapper.</summary>
        private static bool IsWholeBody(IOperation? statement)
        {
            if (statement is not (IReturnOperation or IExpressionStatementOperation) || statement.Parent is not IBlockOperation block)
            {
                return false;
            }

            if (block.Parent is not (IMethodBodyOperation or ILocalFunctionOperation or IAnonymousFunctionOperation))
            {
                return false;
            }

            var count = 0;
            foreach (var operation in block.Operations)
            {
                if (!(operation is IReturnOperation { ReturnedValue: null, IsImplicit: true }))
                {
                    count++;
                }
            }

            return count == 1;
        }

        /// <summary>
        /// The expression that replaces <c>await Task.Run(...)</c> (see <see cref="WorkExpression"/>); a void lambda only
        /// where the awaited value is unused. Null when there is no such expression or the token is not cheap to read twice.
        /// </summary>
        private static SyntaxNode? InlineTarget(IInvocationOperation invocation, IOperation target, IAwaitOperation awaitOperation, KnownTypes types)
        {
            if (!TaskRunCalls.IsCheap(TaskRunCalls.TokenArgument(invocation, types)?.Value)
                || (target is IAnonymousFunctionOperation { Symbol.ReturnsVoid: true } && !awaitOperation.IsDiscarded()))
            {
                return null;
            }

            return WorkExpression(invocation, target);
        }
    }
}
