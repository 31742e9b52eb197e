using System.Collections.Immutable;
using System.Linq;
using AsyncLint.Core;
using AsyncLint.Options;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

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

            // Async code first (a walk up the parents): the candidate search may look up extension methods in scope.
            if (!AsyncContext.TryGetEnclosingFunction(invocation, context.ContainingSymbol, types, out var function)
                || !function.IsAsyncCode
                || function.InsideLock)
            {
                return;
            }

            var loop = ForEachOver(invocation);
            var shape = loop != null && counterparts.HasCandidates(invocation, CounterpartShape.AsyncEnumerable)
                ? CounterpartShape.AsyncEnumerable
                : CounterpartShape.Await;
            if (shape == CounterpartShape.Await && !counterparts.HasCandidates(invocation, shape))
            {
                return;
            }

            if (DualModeCode.HasAsyncFlagParameter(function.Symbol)
                || DualModeCode.HasAsyncFlagParameter(context.ContainingSymbol as IMethodSymbol)
                || DualModeCode.IsSynchronousPath(invocation, method.Name + "Async")
                || ErrorPaths.OnlyBeforeThrow(invocation))
            {
                return; // dual-mode code's synchronous path, or cleanup on the way out of a failed operation
            }

            var receiver = AsyncCounterparts.Receiver(invocation);
            if (CounterpartExclusions.Excludes(invocation, receiver, context.Options))
            {
                return;
            }

            var token = CancellationTokens.FindInScope(invocation, context.ContainingSymbol, types);
            var counterpart = counterparts.Find(invocation, shape, token, context.ContainingSymbol, function.Symbol, context.Options);
            if (counterpart is null && shape == CounterpartShape.AsyncEnumerable)
            {
                shape = CounterpartShape.Await; // foreach (var line in await File.ReadAllLinesAsync(path))
                counterpart = counterparts.HasCandidates(invocation, shape) ? counterparts.Find(invocation, shape, token, context.ContainingSymbol, function.Symbol, context.Options) : null;
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
            var access = ConditionalAccess(syntax);
            string? fix;
            SyntaxNode target;
            if (access != null)
            {
                // x?.Dispose(); → if (x is not null) await x.DisposeAsync(); — the null test stays. Only for a local or a
                // parameter (read twice, it cannot change in between) and the call as the whole statement.
                var statement = access.Parent as ExpressionStatementSyntax;
                var simple = statement != null
                             && access.WhenNotNull == syntax
                             && syntax.Expression is MemberBindingExpressionSyntax
                             && loop is null
                             && AsyncCounterparts.Receiver(invocation).WalkDownConversions() is ILocalReferenceOperation or IParameterReferenceOperation;
                fix = simple ? FixKinds.AsyncCounterpart : null;
                target = statement ?? (SyntaxNode)syntax;
            }
            else
            {
                fix = loop != null ? FixKinds.AwaitForEach : FixKinds.AsyncCounterpart;
                target = loop != null ? loop.Syntax : syntax;
            }

            var remedy = Remedy(syntax, access, counterpart, loop);
            if (DownLevelTargets.For(counterpart.Method, context.Options) is { } requirement)
            {
                if (requirement.Everywhere)
                {
                    return;
                }

                // Another target of the project lacks the counterpart: the remedy needs #if, which no fix writes.
                fix = null;
                remedy = requirement.Guard(remedy);
            }

            var properties = fix is null
                ? null
                : new SynchronousIOFix(fix, function.NeedsAsyncModifier, counterpart.Method.Name, counterpart.Token, counterpart.TokenParameter, configureAwait).ToProperties();
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SynchronousIO,
                NameOf(syntax),
                additionalLocations: new[] { target.GetLocation() },
                properties: properties,
                access != null ? CalledAsWritten(access, syntax) : DisplayText.Of(syntax.Expression),
                function.Describe(),
                remedy));
        }

        /// <summary>
        /// The remedy as code: <c>await x.NameAsync(...)</c>, <c>await foreach (... in NameAsync(...))</c>, and for a
        /// conditional access <c>if (x is not null) await x.NameAsync(...)</c> (the null test kept).
        /// </summary>
        private static string Remedy(InvocationExpressionSyntax syntax, ConditionalAccessExpressionSyntax? access, Counterpart counterpart, IForEachLoopOperation? loop)
        {
            if (access is null)
            {
                var rewritten = AsyncCounterparts.RewriteWithReceiver(syntax, null, counterpart.Method.Name, null);
                var call = (rewritten is null ? counterpart.Method.Name : DisplayText.Of(rewritten.Expression)) + "(...)";
                return loop != null ? "await foreach (... in " + call + ")" : "await " + call;
            }

            // if (x is not null) await x.rest.NameAsync(...); with a pattern when x is more than a name (it is read once).
            var tested = access.Expression;
            var isName = tested is IdentifierNameSyntax or ThisExpressionSyntax
                         || (tested is MemberAccessExpressionSyntax member && member.DescendantNodesAndSelf().All(n => n is MemberAccessExpressionSyntax or SimpleNameSyntax or ThisExpressionSyntax));
            var receiverText = isName ? tested.ToString() : "value";
            var condition = DisplayText.Of(tested) + (isName ? " is not null" : " is { } value");
            var name = NameOf(syntax).SourceSpan;
            var text = syntax.SyntaxTree.GetText();
            var rest = text.ToString(TextSpan.FromBounds(access.WhenNotNull.SpanStart, name.Start))
                       + counterpart.Method.Name
                       + text.ToString(TextSpan.FromBounds(name.End, syntax.Expression.Span.End));
            return "if (" + condition + ") await " + DisplayText.Of(receiverText + rest) + "(...)";
        }

        /// <summary>The conditional access whose tested value the call works on (<c>x?.Dispose()</c>, <c>x?.Inner.Dispose()</c>).</summary>
        private static ConditionalAccessExpressionSyntax? ConditionalAccess(InvocationExpressionSyntax syntax)
        {
            SyntaxNode child = syntax;
            for (var parent = syntax.Parent; parent != null; child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case ConditionalAccessExpressionSyntax access when access.WhenNotNull == child:
                        return access;
                    case MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax or MemberBindingExpressionSyntax or ElementBindingExpressionSyntax or ConditionalAccessExpressionSyntax:
                        if (parent is InvocationExpressionSyntax call && call.Expression != child)
                        {
                            return null; // an argument of another call
                        }

                        if (parent is ElementAccessExpressionSyntax element && element.Expression != child)
                        {
                            return null;
                        }

                        continue;
                    default:
                        return null;
                }
            }

            return null;
        }

        /// <summary>The called member as written, from the conditional access on: <c>providerStream?.Dispose</c>.</summary>
        private static string CalledAsWritten(ConditionalAccessExpressionSyntax access, InvocationExpressionSyntax syntax)
        {
            return DisplayText.Of(syntax.SyntaxTree.GetText().ToString(TextSpan.FromBounds(access.SpanStart, syntax.Expression.Span.End)));
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
