using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>
    /// Answers "can the exception of this task go unseen?" (ASYNC301, ASYNC302, ASYNC303). A task nobody awaits loses its
    /// exception only if it can have one that nobody else sees. It cannot when:
    /// <list type="bullet">
    /// <item>it is made complete (<c>Task.CompletedTask</c>, <c>Task.FromResult</c>, <c>default(ValueTask)</c>…), or comes from
    /// a method of this compilation, called without virtual dispatch, that only ever returns such tasks;</item>
    /// <item>its work catches every exception itself: an <c>async</c> method or a <c>Task.Run</c>/<c>StartNew</c> body whose
    /// whole body is one <c>try</c> with a catch-all that does not rethrow (<see cref="FunctionBodies.CatchesEverything"/>);</item>
    /// <item>it is handed to an observer: an observing method (<c>Forget</c>, <c>Observe…</c>, configured names), or a
    /// <c>ContinueWith</c> continuation that handles the antecedent's failure (<c>OnlyOnFaulted</c>, reads
    /// <c>Exception</c>/<c>IsFaulted</c>/<c>Status</c>, hands the antecedent on).</item>
    /// </list>
    /// Callee bodies are read from syntax (they may live in another file), summarized once per method and cached. A
    /// proof here only ever silences a finding, so what the syntax cannot show counts as "can go unseen".
    /// </summary>
    internal sealed class TaskObservation
    {
        private static readonly ImmutableHashSet<string> BuiltInObservers = ImmutableHashSet.Create(
            StringComparer.Ordinal, "Forget", "FireAndForget", "SafeFireAndForget");

        private readonly KnownTypes _types;
        private readonly ConcurrentDictionary<IMethodSymbol, MethodSummary> _summaries = new ConcurrentDictionary<IMethodSymbol, MethodSummary>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<string, bool> _droppedEverywhere = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        public TaskObservation(KnownTypes types) => _types = types;

        [Flags]
        private enum MethodSummary
        {
            None = 0,

            /// <summary>The whole body is guarded by a catch-all that does not rethrow.</summary>
            CatchesEverything = 1,

            /// <summary>A non-async task-returning method whose every return is a completed (or null) task.</summary>
            ReturnsOnlyCompletedTasks = 2,

            /// <summary>Declared <c>async</c>: it never throws at the call, every exception goes into its task.</summary>
            IsAsync = 4,

            /// <summary>
            /// Hangs an observing continuation on its first parameter (<c>task.ContinueWith(t =&gt; Log(t.Exception), OnlyOnFaulted)</c>):
            /// a home-made observer such as Sonarr's <c>LogExceptions</c>, whatever its name.
            /// </summary>
            ObservesFirstParameter = 8,
        }

        /// <summary>
        /// The built-in observers and the usual shapes of home-made ones: <c>…Forget…</c> (<c>FireAndForget</c>,
        /// <c>ForgetSafely</c>), <c>Observe…</c> (<c>ObserveErrors</c>), <c>Ignore…</c> (<c>IgnoreExceptions</c>).
        /// </summary>
        public static bool IsObserverName(string name)
            => BuiltInObservers.Contains(name)
               || name.IndexOf("Forget", StringComparison.Ordinal) >= 0
               || name.StartsWith("Observe", StringComparison.Ordinal)
               || name.StartsWith("Ignore", StringComparison.Ordinal);

        /// <summary>
        /// The task <paramref name="task"/> evaluates to cannot end with an exception that nobody sees (see the type's
        /// summary). <paramref name="observers"/> are method names configured as observers, besides the built-in ones.
        /// </summary>
        public bool IsObserved(IOperation task, ImmutableHashSet<string>? observers = null)
            => IsObserved(task, observers, depth: 0);

        private bool IsObserved(IOperation task, ImmutableHashSet<string>? observers, int depth)
        {
            if (depth > 3)
            {
                return false;
            }

            var bare = TaskCompletion.StripTaskWrappers(task);
            if (bare is null)
            {
                return false;
            }

            if (bare is IInvocationOperation { TargetMethod.Name: "FromException" })
            {
                return false; // complete, but faulted
            }

            if (TaskCompletion.IsProvablyComplete(bare, bare, _types) || bare.ConstantValue is { HasValue: true, Value: null })
            {
                return true;
            }

            if (bare is not IInvocationOperation invocation)
            {
                return false;
            }

            var method = invocation.TargetMethod;
            if (IsObserverName(method.Name) || (observers != null && observers.Contains(method.Name)))
            {
                return true;
            }

            if (TaskRunCalls.IsTaskRun(invocation, _types) || TaskRunCalls.IsStartNew(invocation, _types))
            {
                return TaskRunCalls.DelegateTarget(invocation, out _) is { } work && WorkCannotFault(work, observers, depth);
            }

            if (method.Name == "ContinueWith" && _types.IsTask(method.ContainingType))
            {
                return ContinuationObserves(invocation) || IsCompletionCallback(invocation);
            }

            if (invocation.IsVirtual || method.MethodKind == MethodKind.DelegateInvoke)
            {
                return false; // the code that runs is not known here
            }

            var summary = Summarize(method);
            return (summary & MethodSummary.ReturnsOnlyCompletedTasks) != 0
                || (summary & MethodSummary.ObservesFirstParameter) != 0
                || (summary & (MethodSummary.IsAsync | MethodSummary.CatchesEverything)) == (MethodSummary.IsAsync | MethodSummary.CatchesEverything);
        }

        /// <summary>
        /// The work given to <c>Task.Run</c>/<c>StartNew</c>/<c>ContinueWith</c> cannot fault its task: it catches everything
        /// itself, or it is one call whose task is observed (<c>async () =&gt; await GuardedAsync()</c>, <c>() =&gt; GuardedAsync()</c>).
        /// </summary>
        private bool WorkCannotFault(IOperation work, ImmutableHashSet<string>? observers, int depth)
        {
            switch (work)
            {
                case IMethodReferenceOperation reference:
                    if (reference.IsVirtual)
                    {
                        return false;
                    }

                    var summary = Summarize(reference.Method);
                    if ((summary & MethodSummary.CatchesEverything) == 0)
                    {
                        return false;
                    }

                    // A non-async task-returning method that catches its synchronous part may still return a faulting task.
                    return (summary & MethodSummary.IsAsync) != 0
                        || !_types.IsTaskLike(reference.Method.ReturnType)
                        || (summary & MethodSummary.ReturnsOnlyCompletedTasks) != 0;
                case IAnonymousFunctionOperation lambda:
                    if (FunctionBodies.CatchesEverything(lambda.Syntax is AnonymousFunctionExpressionSyntax function ? function.Block : null)
                        && (lambda.Symbol.IsAsync || !_types.IsTaskLike(lambda.Symbol.ReturnType)))
                    {
                        return true;
                    }

                    var single = TaskRunCalls.SingleExpression(lambda);
                    if (lambda.Symbol.IsAsync)
                    {
                        return single is IAwaitOperation awaited && IsObserved(awaited.Operation, observers, depth + 1);
                    }

                    return single != null && _types.IsTaskLike(single.WalkDownConversions()?.Type) && IsObserved(single, observers, depth + 1);
                default:
                    return false;
            }
        }

        /// <summary>
        /// <c>t.ContinueWith(c, …)</c> where the continuation handles the antecedent's failure: it runs only on fault
        /// (<c>OnlyOnFaulted</c>, whatever the delegate), or it reads the antecedent's <c>Exception</c>, <c>IsFaulted</c>,
        /// <c>IsCanceled</c> or <c>Status</c>, or hands the antecedent on to a method (<c>t =&gt; op.Forward(t)</c>). Such a
        /// continuation is the observer. One that ignores its antecedent, or only reads its <c>Result</c>, loses the
        /// antecedent's exceptions with its own. An async continuation returns a task nobody observes (a
        /// <c>Task&lt;Task&gt;</c>): never an observer.
        /// </summary>
        private static bool ContinuationObserves(IInvocationOperation continueWith)
        {
            foreach (var argument in continueWith.Arguments)
            {
                foreach (var operation in argument.Value.DescendantsAndSelf())
                {
                    if (operation is IFieldReferenceOperation { Field.Name: "OnlyOnFaulted" })
                    {
                        return true;
                    }
                }
            }

            var target = TaskRunCalls.DelegateTarget(continueWith, out _);
            if (target is IMethodReferenceOperation { IsVirtual: false, Method: { IsAsync: false, Parameters.IsEmpty: false } method })
            {
                return MethodObservesAntecedent(method);
            }

            if (target is not IAnonymousFunctionOperation continuation
                || continuation.Symbol.IsAsync
                || continuation.Symbol.Parameters.IsEmpty)
            {
                return false;
            }

            var antecedent = continuation.Symbol.Parameters[0];
            foreach (var operation in continuation.Body.Descendants())
            {
                if (operation is not IParameterReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Parameter, antecedent))
                {
                    continue;
                }

                switch (reference.WalkUpConversions(out _))
                {
                    case IPropertyReferenceOperation { Property.Name: var name } when ReadsOutcome(name):
                    case IArgumentOperation:
                        return true;
                }
            }

            return false;
        }

        /// <summary>
        /// <c>task.ContinueWith(_ =&gt; Remove(id))</c> on a task somebody else holds (a field or property, or a local or
        /// parameter that is also stored, passed, awaited or returned): synchronous bookkeeping run when it completes. The antecedent is
        /// its holder's to observe, and the callback is the point of the call; a continuation that returns a task
        /// (<c>Task&lt;Task&gt;</c>) is not one.
        /// </summary>
        private bool IsCompletionCallback(IInvocationOperation continueWith)
        {
            if (continueWith.TargetMethod.IsGenericMethod && _types.IsTaskLike(continueWith.TargetMethod.TypeArguments[0]))
            {
                return false;
            }

            if (continueWith.Instance.WalkDownConversions() is IFieldReferenceOperation or IPropertyReferenceOperation)
            {
                return true;
            }

            if (continueWith.Instance.ReferencedVariable() is not { } variable)
            {
                return false;
            }

            foreach (var operation in continueWith.RootOperation().Descendants())
            {
                if (operation is ILocalReferenceOperation or IParameterReferenceOperation
                    && SymbolEqualityComparer.Default.Equals(operation.ReferencedVariable(), variable)
                    && IsHandedOn(operation))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The body calls <c>parameter.ContinueWith(…)</c> with a continuation that handles a failure: <c>OnlyOnFaulted</c>,
        /// or a lambda that reads its antecedent's <c>Exception</c>, <c>IsFaulted</c>, <c>IsCanceled</c> or <c>Status</c>. Syntax only.
        /// </summary>
        private static bool ObservesParameter(SyntaxNode? body, string parameter)
        {
            if (body is null)
            {
                return false;
            }

            foreach (var node in body.DescendantNodes())
            {
                if (node is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ContinueWith", Expression: IdentifierNameSyntax receiver } } continueWith
                    || receiver.Identifier.ValueText != parameter)
                {
                    continue;
                }

                foreach (var argument in continueWith.ArgumentList.Arguments)
                {
                    foreach (var inner in argument.Expression.DescendantNodesAndSelf())
                    {
                        if (inner is IdentifierNameSyntax { Identifier.ValueText: "OnlyOnFaulted" })
                        {
                            return true;
                        }
                    }

                    var antecedent = argument.Expression switch
                    {
                        SimpleLambdaExpressionSyntax simple => simple.Parameter.Identifier.ValueText,
                        ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: > 0 } parenthesized => parenthesized.ParameterList.Parameters[0].Identifier.ValueText,
                        _ => null,
                    };
                    if (antecedent != null && argument.Expression.DescendantNodes().Any(n => n is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax id } access
                                                                                          && id.Identifier.ValueText == antecedent
                                                                                          && ReadsOutcome(access.Name.Identifier.ValueText)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The task is stored, passed, returned or awaited: <c>_previous = task</c>, <c>WhenAny(done, task)</c>, <c>return task</c>.</summary>
        private static bool IsHandedOn(IOperation reference)
        {
            var parent = reference.WalkUpConversions(out var child);
            return parent switch
            {
                IArgumentOperation => true,
                ISimpleAssignmentOperation assignment => assignment.Value == child,
                IReturnOperation or IAwaitOperation or IArrayInitializerOperation => true,
                _ => false,
            };
        }

        /// <summary>The antecedent's members that tell a fault from a success: reading one handles the failure.</summary>
        private static bool ReadsOutcome(string memberName) => memberName is "Exception" or "IsFaulted" or "IsCanceled" or "Status";

        /// <summary>
        /// A method given as the continuation (<c>task.ContinueWith(OnCompleted, source)</c>, Dapper's bridge into a
        /// TaskCompletionSource) reads its first parameter's <c>Status</c>, <c>Exception</c>, <c>IsFaulted</c> or
        /// <c>IsCanceled</c>, or hands it on: read from its syntax, which may be in another file.
        /// </summary>
        private static bool MethodObservesAntecedent(IMethodSymbol method)
        {
            method = method.OriginalDefinition;
            if (method.DeclaringSyntaxReferences.Length != 1
                || method.DeclaringSyntaxReferences[0].GetSyntax() is not MethodDeclarationSyntax declaration
                || ((SyntaxNode?)declaration.Body ?? declaration.ExpressionBody) is not { } body)
            {
                return false;
            }

            var antecedent = method.Parameters[0].Name;
            foreach (var node in body.DescendantNodes())
            {
                if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != antecedent)
                {
                    continue;
                }

                switch (identifier.Parent)
                {
                    case MemberAccessExpressionSyntax access when access.Expression == identifier
                                                                 && ReadsOutcome(access.Name.Identifier.ValueText):
                    case ArgumentSyntax:
                        return true;
                }
            }

            return false;
        }

        private MethodSummary Summarize(IMethodSymbol method)
        {
            method = method.PartialImplementationPart ?? method;
            method = method.OriginalDefinition;
            if (method.DeclaringSyntaxReferences.IsEmpty)
            {
                return MethodSummary.None;
            }

            return _summaries.GetOrAdd(method, m => SummarizeBody(m));
        }

        private MethodSummary SummarizeBody(IMethodSymbol method)
        {
            if (method.DeclaringSyntaxReferences.Length != 1)
            {
                return MethodSummary.None;
            }

            BlockSyntax? block;
            ArrowExpressionClauseSyntax? arrow;
            switch (method.DeclaringSyntaxReferences[0].GetSyntax())
            {
                case BaseMethodDeclarationSyntax declaration:
                    block = declaration.Body;
                    arrow = declaration.ExpressionBody;
                    break;
                case LocalFunctionStatementSyntax local:
                    block = local.Body;
                    arrow = local.ExpressionBody;
                    break;
                default:
                    return MethodSummary.None;
            }

            var summary = MethodSummary.None;
            if (method.IsAsync)
            {
                summary |= MethodSummary.IsAsync;
            }

            if (FunctionBodies.CatchesEverything(block))
            {
                summary |= MethodSummary.CatchesEverything;
            }

            if (!method.IsAsync && _types.IsTaskLike(method.ReturnType) && FunctionBodies.ReturnsOnlyCompletedTasks(block, arrow))
            {
                summary |= MethodSummary.ReturnsOnlyCompletedTasks;
            }

            if (method.Parameters.Length > 0 && _types.IsTask(method.Parameters[0].Type) && ObservesParameter((SyntaxNode?)block ?? arrow, method.Parameters[0].Name))
            {
                summary |= MethodSummary.ObservesFirstParameter;
            }

            return summary;
        }

        /// <summary>
        /// Every call of a method of this name in the compilation (at least two) drops its task: for a method of the
        /// compilation, fire-and-forget by design, one decision its author repeats at each call site (jellyfin's SyncPlay
        /// states send every group update this way). Where its exceptions should be observed is inside it, not at each caller.
        /// Syntax only and by name, so it can only make the rule quieter; each name is looked up once per compilation, by
        /// its occurrences in the text.
        /// </summary>
        public bool IsDroppedEverywhere(string name, CancellationToken cancellationToken)
        {
            if (_droppedEverywhere.TryGetValue(name, out var known))
            {
                return known;
            }

            var calls = 0;
            var allDropped = true;
            foreach (var tree in _types.Compilation.SyntaxTrees)
            {
                // The text of a file is held as a string: ToString() hands it out, IndexOf finds the name, and only the
                // tokens where it occurs are looked at.
                var text = tree.GetText(cancellationToken).ToString();
                SyntaxNode? root = null;
                for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0 && allDropped; at = text.IndexOf(name, at + name.Length, StringComparison.Ordinal))
                {
                    root ??= tree.GetRoot(cancellationToken);
                    switch (UseAt(root.FindToken(at), name))
                    {
                        case Use.DroppedCall:
                            calls++;
                            break;
                        case Use.Other:
                            allDropped = false;
                            break;
                    }
                }

                if (!allDropped)
                {
                    break;
                }
            }

            var answer = allDropped && calls >= 2;
            _droppedEverywhere.TryAdd(name, answer);
            return answer;
        }

        private enum Use
        {
            /// <summary>Not the name used as code: in a comment, a string, part of a longer name, a declaration.</summary>
            None,

            /// <summary>A call whose task is dropped: <c>M();</c>, <c>x?.M();</c>, <c>_ = M();</c>.</summary>
            DroppedCall,

            /// <summary>Any other use: a call whose task is kept, a method group.</summary>
            Other,
        }

        private static Use UseAt(SyntaxToken token, string name)
        {
            if (!token.IsKind(SyntaxKind.IdentifierToken) || token.ValueText != name || token.Parent is not SimpleNameSyntax simple)
            {
                return Use.None;
            }

            ExpressionSyntax expression = simple;
            if ((simple.Parent is MemberAccessExpressionSyntax access && access.Name == simple)
                || (simple.Parent is MemberBindingExpressionSyntax binding && binding.Name == simple))
            {
                expression = (ExpressionSyntax)simple.Parent;
            }
            else if (simple.Parent is MemberAccessExpressionSyntax or QualifiedNameSyntax)
            {
                return Use.None; // the receiver or qualifier of something else
            }

            if (expression.Parent is InvocationExpressionSyntax call && call.Expression == expression)
            {
                return IsDropped(call) ? Use.DroppedCall : Use.Other;
            }

            return expression.Parent is ArgumentSyntax or EqualsValueClauseSyntax or AssignmentExpressionSyntax or ArrowExpressionClauseSyntax or ReturnStatementSyntax
                ? Use.Other // a method group handed on
                : Use.None;
        }

        /// <summary>The call is a statement (<c>M();</c>, <c>x?.M();</c>) or explicitly discarded (<c>_ = M();</c>).</summary>
        private static bool IsDropped(InvocationExpressionSyntax call)
        {
            SyntaxNode node = call;
            while (node.Parent is ConditionalAccessExpressionSyntax conditional && conditional.WhenNotNull == node)
            {
                node = conditional;
            }

            return node.Parent is ExpressionStatementSyntax
                || (node.Parent is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } discard
                    && discard.Right == node
                    && discard.Parent is ExpressionStatementSyntax);
        }
    }
}
