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
    /// ASYNC103: a blocking synchronization primitive in async code (<c>SemaphoreSlim.Wait</c>, <c>WaitHandle.WaitOne</c>,
    /// <c>Thread.Join</c>, …), and a thread-affine lock (<c>Monitor.Enter</c>, <c>ReaderWriterLockSlim.Enter*Lock</c>,
    /// <c>Mutex.WaitOne</c>) still held when the method awaits. Zero-timeout polls are not waits.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class BlockingPrimitiveAnalyzer : DiagnosticAnalyzer
    {
        private const string Blocks = "blocks the thread";
        private const string HoldsLockAcrossAwait = "takes a thread-affine lock that is still held at an 'await'";
        private const string LockAdvice = "the release may run on another thread and throw; use 'await semaphore.WaitAsync()' with a SemaphoreSlim instead";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.BlockingPrimitive);

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

                start.RegisterOperationAction(c => Analyze(c, shared), OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, CompilationContext shared)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            var blocking = shared.Blocking;
            var lockRelease = blocking.Locks.ReleaseFor(invocation);
            var primitive = lockRelease is null ? Primitive(invocation, blocking) : null;
            if (lockRelease is null && primitive is null)
            {
                return;
            }

            var types = shared.Types;
            if (!AsyncContext.TryGetRunningFunction(invocation, context.ContainingSymbol, types, out var function, out var inLambdaRunAtOnce)
                || !function.IsAsyncCode
                || DualModeCode.PathOf(invocation) == DualPath.Synchronous)
            {
                return;
            }

            if (lockRelease != null)
            {
                if (function.IsAsync && IsHeldAcrossAwait(invocation, lockRelease))
                {
                    Report(context, invocation, function, HoldsLockAcrossAwait, LockAdvice, fix: null);
                    return;
                }

                // Mutex.WaitOne is also a blocking wait when no await follows it.
                primitive = Primitive(invocation, blocking);
                if (primitive is null)
                {
                    return;
                }
            }

            if (primitive!.Value.IsPoll)
            {
                return; // a zero-timeout poll does not block
            }

            var member = primitive.Value.Member;
            var receiver = invocation.Instance?.Syntax is { } instance ? DisplayText.Of(instance) : method.ContainingType.Name;
            var advice = BlockingCatalogue.CancellableSleepAdvice(invocation)
                ?? string.Format(System.Globalization.CultureInfo.InvariantCulture, member.Advice!, receiver);
            var fix = member.AsyncAlternative != null && !function.InsideLock && !inLambdaRunAtOnce && invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax }
                ? FixKinds.AsyncAlternative
                : null;
            Report(context, invocation, function, Blocks, advice, fix, types);
        }

        /// <summary>The catalogue's entry for a blocking primitive (ASYNC103's part of the catalogue), or null.</summary>
        private static BlockingCall? Primitive(IInvocationOperation invocation, BlockingCatalogue blocking)
            => BlockingCatalogue.MayBlockByName(invocation.TargetMethod.Name) && blocking.Classify(invocation) is { Member.Rule: RuleIds.BlockingPrimitive } call ? call : null;

        /// <summary>Does an <c>await</c> run after the lock is taken and before the statement that releases it?</summary>
        private static bool IsHeldAcrossAwait(IInvocationOperation enter, string releaseName)
        {
            var child = (IOperation)enter;
            for (var parent = enter.Parent; parent != null; child = parent, parent = parent.Parent)
            {
                if (parent is IAnonymousFunctionOperation || parent is ILocalFunctionOperation)
                {
                    return false;
                }

                if (parent is not IBlockOperation block)
                {
                    continue;
                }

                var index = block.Operations.IndexOf(child);
                for (var i = index + 1; i < block.Operations.Length; i++)
                {
                    var statement = block.Operations[i];
                    if (AwaitsOutsideFinally(statement))
                    {
                        return true;
                    }

                    if (Releases(statement, releaseName))
                    {
                        return false;
                    }
                }

                // Inside a try body the lock is usually released by its finally (then nothing after the try holds it);
                // otherwise keep looking after the try. Outside a try the block's end is as far as we follow.
                if (block.Parent is not ITryOperation tryOperation || (tryOperation.Finally != null && Releases(tryOperation.Finally, releaseName)))
                {
                    return false;
                }
            }

            return false;
        }

        private static bool AwaitsOutsideFinally(IOperation statement)
        {
            foreach (var operation in statement.DescendantsAndSelf())
            {
                var awaits = operation is IAwaitOperation
                    || (operation is IForEachLoopOperation { IsAsynchronous: true })
                    || (operation is IUsingOperation { IsAsynchronous: true })
                    || (operation is IUsingDeclarationOperation { IsAsynchronous: true });
                if (awaits && !IsInFinallyOrNestedFunction(operation, statement))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsInFinallyOrNestedFunction(IOperation operation, IOperation statement)
        {
            var child = operation;
            for (var parent = operation.Parent; parent != null && child != statement; child = parent, parent = parent.Parent)
            {
                if (parent is IAnonymousFunctionOperation || parent is ILocalFunctionOperation)
                {
                    return true;
                }

                if (parent is ITryOperation tryOperation && child == tryOperation.Finally)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Releases(IOperation statement, string releaseName)
        {
            foreach (var operation in statement.DescendantsAndSelf())
            {
                if (operation is IInvocationOperation invocation && invocation.TargetMethod.Name == releaseName)
                {
                    return true;
                }
            }

            return false;
        }

        private static void Report(
            OperationAnalysisContext context,
            IInvocationOperation invocation,
            EnclosingFunction function,
            string what,
            string advice,
            string? fix,
            KnownTypes? types = null)
        {
            var token = fix != null && types != null && !HasTokenArgument(invocation, types)
                ? CancellationTokens.FindInScope(invocation, context.ContainingSymbol, types)
                : null;
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.BlockingPrimitive,
                FromMemberName(invocation),
                properties: fix is null ? ImmutableDictionary<string, string?>.Empty : new BlockingPrimitiveFix(function.NeedsAsyncModifier, token).ToProperties(),
                DisplayText.Of(invocation.Syntax),
                what,
                function.Describe(),
                advice));
        }

        private static bool HasTokenArgument(IInvocationOperation invocation, KnownTypes types)
        {
            foreach (var parameter in invocation.TargetMethod.Parameters)
            {
                if (types.IsCancellationToken(parameter.Type))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>Wait(…)</c> in <c>semaphore.Wait(…)</c>; the whole call for a static one (<c>Monitor.Wait(x)</c>).</summary>
        private static Location FromMemberName(IInvocationOperation invocation)
        {
            if (invocation.Instance != null && invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } syntax)
            {
                return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(access.Name.SpanStart, syntax.Span.End));
            }

            return invocation.Syntax.GetLocation();
        }
    }
}
