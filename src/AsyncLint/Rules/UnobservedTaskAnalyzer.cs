using System;
using System.Collections.Concurrent;
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
    /// ASYNC303: a call returning a task (or another awaitable) used as a statement, where the compiler's CS4014 is
    /// silent, and whose task can fault with nobody seeing it (<see cref="TaskObservation"/>). CS4014 fires for a plain
    /// call (not <c>x?.M()</c>) of a method declared <c>async</c> in source, and for any awaitable call in an <c>async</c>
    /// function outside <c>lock</c>; everything else is ours.
    /// <para>
    /// Where the code cannot await — inside <c>lock</c>, or in a member synchronous by contract (an override or interface
    /// implementation of a void member, an accessor, a constructor, an event handler) — dropping the task is the only
    /// choice its author had: a deliberate fire-and-forget, not reported, unless the task runs code the author cannot
    /// know (a delegate: a callback's exceptions are lost) or the callee has a synchronous twin to call instead. The same
    /// holds in any synchronous code for a method whose task every one of its calls drops: fire-and-forget by design.
    /// </para>
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnobservedTaskAnalyzer : DiagnosticAnalyzer
    {
        private const string DiscardRemedy = "write '_ = ...' if fire-and-forget is intended";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UnobservedTask);

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

                var observers = new ConcurrentDictionary<SyntaxTree, ImmutableHashSet<string>>();
                start.RegisterOperationAction(c => Analyze(c, shared, observers), OperationKind.ExpressionStatement);
            });
        }

        private static void Analyze(OperationAnalysisContext context, CompilationContext shared, ConcurrentDictionary<SyntaxTree, ImmutableHashSet<string>> observers)
        {
            var types = shared.Types;
            var statement = (IExpressionStatementOperation)context.Operation;
            var expression = statement.Operation;
            var conditional = false;
            while (expression is IConditionalAccessOperation access)
            {
                conditional = true;
                expression = access.WhenNotNull;
            }

            if (expression is not IInvocationOperation { Type: { SpecialType: not SpecialType.System_Void } type } invocation)
            {
                return; // most statements: a void call (nothing to observe) or no call at all
            }

            var isTask = types.IsTaskLike(type) || types.IsConfiguredAwaitable(type);
            if (!isTask && !ActsOnlyWhenAwaited(type, types))
            {
                return;
            }

            var method = invocation.TargetMethod;
            if (SaysFireAndForget(invocation)
                || IsSubstituteCheck(invocation)
                || !AsyncContext.TryGetEnclosingFunction(statement, context.ContainingSymbol, types, out var function)
                || function.FunctionOperation is IAnonymousFunctionOperation { Parent: not IDelegateCreationOperation }
                || (!conditional && (method.IsAsync || (function.IsAsync && !function.InsideLock))))
            {
                return; // a mock's verification, an expression tree, or CS4014's case
            }

            var callText = CallText(statement.Operation.Syntax, invocation.Syntax);
            if (!isTask)
            {
                // Task.Yield(), a scheduler switch: an awaitable whose whole effect is in being awaited.
                Report(context, statement, "awaitable", callText, "it does nothing unless awaited", "await it, or remove the call", fix: null);
                return;
            }

            var configured = observers.GetOrAdd(statement.Syntax.SyntaxTree, t => ImmutableHashSet.CreateRange(StringComparer.Ordinal, AsyncLintOptions.ObservingMethods.GetValue(context.Options, t)));
            if (shared.Observation.IsObserved(invocation, configured))
            {
                return; // complete, guarded, or handed to an observer: no exception can be lost
            }

            var callback = method.MethodKind == MethodKind.DelegateInvoke;
            var canAwait = function.IsAsyncCode && !function.InsideLock && !conditional;
            var twin = canAwait ? null : SynchronousCounterparts.Find(method, context.ContainingSymbol.ContainingType, types);
            // void Flush() => FlushAsync(); the synchronous member itself hands its work to its async twin and returns.
            var isOwnTwin = twin != null && IsOrOverrides(function.Symbol, twin);
            if (!canAwait
                && !callback
                && twin is null
                && (function.InsideLock
                    || SignatureContracts.IsSynchronousByContract(function.Symbol, types)
                    || (!method.DeclaringSyntaxReferences.IsEmpty && shared.Observation.IsDroppedEverywhere(method.Name, context.CancellationToken))))
            {
                return; // a deliberate fire-and-forget of code its author knows: it cannot await here, or never does
            }

            string consequence;
            string remedy;
            if (canAwait)
            {
                consequence = callback ? "nobody awaits it and the callback's exceptions are lost" : "nobody awaits it and its exceptions are lost";
                remedy = "await it, or " + DiscardRemedy;
            }
            else if (twin != null)
            {
                var returning = (function.FunctionOperation is IAnonymousFunctionOperation ? "the " : string.Empty) + function.Describe();
                consequence = "the work may still run after " + returning + " returns, and its exceptions are lost";
                remedy = (isOwnTwin ? "do the work synchronously here" : "call its synchronous counterpart '" + twin.Name + "' instead") + ", or " + DiscardRemedy;
            }
            else
            {
                consequence = callback ? "nobody awaits it and the callback's exceptions are lost" : "nobody awaits it and its exceptions are lost";
                remedy = "observe it (log its exceptions in a continuation or an observing helper), or " + DiscardRemedy;
            }

            Report(context, statement, "task", callText, consequence, remedy, new UnobservedTaskFix(canAwait, function.NeedsAsyncModifier));
        }

        private static void Report(OperationAnalysisContext context, IExpressionStatementOperation statement, string what, string callText, string consequence, string remedy, UnobservedTaskFix? fix)
            => context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.UnobservedTask,
                statement.Operation.Syntax.GetLocation(),
                additionalLocations: null,
                properties: fix?.ToProperties(),
                what,
                callText,
                consequence,
                remedy));

        private static bool IsOrOverrides(IMethodSymbol method, IMethodSymbol other)
        {
            for (IMethodSymbol? current = method; current != null; current = current.OverriddenMethod)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, other.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// An awaitable that is not a task: a value type with a <c>GetAwaiter()</c> and no async method builder
        /// (<c>YieldAwaitable</c>, a scheduler switch). It stands for no running work: all it does happens in the await.
        /// Awaitable classes (<c>DispatcherOperation</c>) stand for work queued elsewhere, which reports its own failures.
        /// </summary>
        /// <summary>An awaitable value that is not a task (asked of a type already known not to be task-like or a configured awaitable).</summary>
        private static bool ActsOnlyWhenAwaited(ITypeSymbol type, KnownTypes types)
            => type.IsValueType && types.AwaitedType(type) != null;

        /// <summary>An argument says the caller does not want the result: <c>db.KeyDeleteAsync(key, CommandFlags.FireAndForget)</c> (StackExchange.Redis).</summary>
        private static bool SaysFireAndForget(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                foreach (var operation in argument.Value.DescendantsAndSelf())
                {
                    if (operation is IFieldReferenceOperation { Field.Name: "FireAndForget" })
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// NSubstitute verifies calls by making them on <c>Received()</c> (<c>sub.Received().SendAsync(x);</c>) or inside
        /// <c>Received.InOrder(() => …)</c>: the task such a call returns is a placeholder, not work.
        /// </summary>
        private static bool IsSubstituteCheck(IInvocationOperation invocation)
        {
            if (invocation.Instance.WalkDownConversions() is IInvocationOperation receiver && IsNSubstitute(receiver.TargetMethod))
            {
                return true;
            }

            for (var current = invocation.Parent; current != null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation lambda)
                {
                    return lambda.Parent?.Parent is IArgumentOperation { Parent: IInvocationOperation outer } && IsNSubstitute(outer.TargetMethod);
                }
            }

            return false;
        }

        private static bool IsNSubstitute(IMethodSymbol method)
            => method.ContainingNamespace?.ToDisplayString().StartsWith("NSubstitute", StringComparison.Ordinal) == true;

        /// <summary>The called member as written, without its arguments: <c>client.SendAsync</c>, <c>cache?.RefreshAsync</c>.</summary>
        private static string CallText(SyntaxNode whole, SyntaxNode invocation)
        {
            if (invocation is InvocationExpressionSyntax call)
            {
                if (call.Expression is MemberBindingExpressionSyntax && whole is ConditionalAccessExpressionSyntax conditional)
                {
                    return DisplayText.Of(conditional.Expression) + "?" + DisplayText.Of(call.Expression);
                }

                return Shorten(call.Expression);
            }

            return DisplayText.Of(whole);
        }

        /// <summary>
        /// A long member chain keeps its end, where the call is: <c>_events.QueuedMessageOverwrittenEvent.InvokeAsync(args).ConfigureAwait</c>
        /// reads <c>QueuedMessageOverwrittenEvent.InvokeAsync(...).ConfigureAwait</c>.
        /// </summary>
        private static string Shorten(ExpressionSyntax expression)
        {
            var full = DisplayText.Of(expression, int.MaxValue);
            if (full.Length <= 60 || expression is not MemberAccessExpressionSyntax access)
            {
                return DisplayText.Of(expression);
            }

            var receiver = access.Expression switch
            {
                InvocationExpressionSyntax inner => Shorten(inner.Expression) + "(...)",
                MemberAccessExpressionSyntax member => member.Name.ToString(),
                var other => DisplayText.Of(other),
            };
            return receiver + "." + access.Name;
        }
    }
}
