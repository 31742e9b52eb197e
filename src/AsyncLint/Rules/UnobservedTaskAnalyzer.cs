using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using AsyncLint.Core;
using AsyncLint.Options;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Rules
{
    /// <summary>
    /// ASYNC303: a call returning a task (or a configured awaitable) used as a statement, where the compiler's CS4014 is
    /// silent. CS4014 fires for a plain call (not <c>x?.M()</c>) when the enclosing function is <c>async</c> or the called
    /// method is itself declared <c>async</c> in source; everything else — synchronous code calling library or
    /// non-async task methods, conditional calls — is ours.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnobservedTaskAnalyzer : DiagnosticAnalyzer
    {
        private static readonly ImmutableHashSet<string> BuiltInObservers = ImmutableHashSet.Create(
            StringComparer.Ordinal, "Forget", "FireAndForget", "SafeFireAndForget");

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

                var types = shared.Types;

                var observers = new ConcurrentDictionary<SyntaxTree, ImmutableHashSet<string>>();
                start.RegisterOperationAction(c => Analyze(c, types, observers), OperationKind.ExpressionStatement);
            });
        }

        private static void Analyze(OperationAnalysisContext context, KnownTypes types, ConcurrentDictionary<SyntaxTree, ImmutableHashSet<string>> observers)
        {
            var statement = (IExpressionStatementOperation)context.Operation;
            var expression = statement.Operation;
            var conditional = false;
            while (expression is IConditionalAccessOperation access)
            {
                conditional = true;
                expression = access.WhenNotNull;
            }

            if (expression is not IInvocationOperation invocation
                || !(types.IsTaskLike(invocation.Type) || types.IsConfiguredAwaitable(invocation.Type)))
            {
                return;
            }

            var method = invocation.TargetMethod;
            if (method.Name == "ContinueWith"
                || IsObserverName(method.Name)
                || SaysFireAndForget(invocation)
                || IsSubstituteCheck(invocation)
                || RunsGuardedWork(invocation, types)
                || !AsyncContext.TryGetEnclosingFunction(statement, context.ContainingSymbol, types, out var function)
                || function.FunctionOperation is IAnonymousFunctionOperation { Parent: not IDelegateCreationOperation }
                || (!conditional && (method.IsAsync || function.IsAsync)))
            {
                return; // observed, a mock's verification, an expression tree, or CS4014's case
            }

            var tree = statement.Syntax.SyntaxTree;
            var configured = observers.GetOrAdd(tree, t => ImmutableHashSet.CreateRange(StringComparer.Ordinal, AsyncLintOptions.ObservingMethods.GetValue(context.Options, t)));
            if (configured.Contains(method.Name))
            {
                return;
            }

            var canAwait = function.IsAsyncCode && !function.InsideLock && !conditional;
            var remedy = canAwait
                ? "await it, or write '_ = ...' if fire-and-forget is intended"
                : "observe it, or write '_ = ...' if fire-and-forget is intended";
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.UnobservedTask,
                statement.Operation.Syntax.GetLocation(),
                additionalLocations: null,
                properties: DiagnosticProperties.Create(canAwait ? FixKinds.Await : FixKinds.Discard, canAwait && function.NeedsAsyncModifier),
                CallText(statement.Operation.Syntax, invocation.Syntax),
                remedy));
        }

        /// <summary>
        /// The built-in observers and the usual shapes of home-made ones: <c>…Forget…</c> (<c>FireAndForget</c>,
        /// <c>ForgetSafely</c>), <c>Observe…</c> (<c>ObserveErrors</c>), <c>Ignore…</c> (<c>IgnoreExceptions</c>).
        /// </summary>
        private static bool IsObserverName(string name)
            => BuiltInObservers.Contains(name)
               || name.IndexOf("Forget", StringComparison.Ordinal) >= 0
               || name.StartsWith("Observe", StringComparison.Ordinal)
               || name.StartsWith("Ignore", StringComparison.Ordinal);

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

        /// <summary>
        /// <c>Task.Run(() => { try { … } catch (Exception ex) { log(ex); } })</c>: the work catches everything itself, so
        /// the dropped task can never carry an exception: a deliberate, safe fire-and-forget.
        /// </summary>
        private static bool RunsGuardedWork(IInvocationOperation invocation, KnownTypes types)
        {
            var method = invocation.TargetMethod;
            if (!(method.Name == "Run" && SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Task))
                && !(method.Name == "StartNew" && (SymbolEqualityComparer.Default.Equals(method.ContainingType, types.TaskFactory)
                                                   || SymbolEqualityComparer.Default.Equals(method.ContainingType.OriginalDefinition, types.TaskFactoryOfT))))
            {
                return false;
            }

            if (invocation.Arguments.Length == 0
                || invocation.Arguments[0].Value.WalkDownConversions() is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation work })
            {
                return false;
            }

            IOperation? single = null;
            foreach (var statement in work.Body.Operations)
            {
                if (statement.IsImplicit && statement is IReturnOperation { ReturnedValue: null })
                {
                    continue;
                }

                if (single != null)
                {
                    return false;
                }

                single = statement;
            }

            return single is ITryOperation { Catches: var catches } && catches.Any(c => c.Filter is null && IsCatchAll(c.ExceptionType));
        }

        private static bool IsCatchAll(ITypeSymbol? exceptionType)
            => exceptionType is null
               || exceptionType.SpecialType == SpecialType.System_Object
               || (exceptionType.Name == "Exception" && exceptionType.ContainingNamespace?.ToDisplayString() == "System");

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

                return DisplayText.Of(call.Expression);
            }

            return DisplayText.Of(whole);
        }
    }
}
