using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
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
    /// ASYNC105: async code calls a synchronous member of the same compilation (a method, a property accessor, a
    /// constructor, or dual-mode code asked for its synchronous path with <c>async: false</c>) that blocks further down:
    /// it, or a synchronous member it calls, does what the blocking catalogue lists (ASYNC101–103's waits) or synchronous
    /// I/O that has an awaitable counterpart (the counterpart oracle, as ASYNC201 asks it). The facts and the chain search
    /// are <see cref="BlockingGraph"/>'s (the code fix asks the same search, lazily): facts are gathered per member while
    /// operations are analyzed; the chains are resolved once at compilation end by a breadth-first search from the
    /// blocking members (bounded in depth, safe on cycles), so every caller gets its shortest chain, ties broken by
    /// ordinal comparison: the same chain and message on every run. Blocking that happens only on a path that ends in a
    /// throw is not counted, and one blocking root is reported once per async member (see docs/rules/ASYNC105.md).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TransitiveBlockingAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.TransitiveBlocking);

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

                var graph = new BlockingGraph(start.Compilation.Assembly);
                start.RegisterOperationAction(c => graph.Collect(c.Operation, c.ContainingSymbol, c.Options, shared), BlockingGraph.OperationKinds);
                start.RegisterCompilationEndAction(c => ReportChains(c, shared, graph));
            });
        }

        /// <summary>
        /// A synchronous fast path the author guarded: in a Task-returning method that is not async, the call's result is
        /// wrapped in a completed task (<c>new ValueTask&lt;T&gt;(Read(reader))</c>, <c>Task.FromResult(Get(i))</c>,
        /// <c>IsNull(i) ? TrueTask : FalseTask</c>) on a branch that a condition chose — the other way returns the async
        /// path (<c>if (!reader.ShouldBuffer(n)) return new(Read(reader)); return ReadAsyncCore(…);</c>).
        /// </summary>
        private static bool IsGuardedFastPath(IOperation operation, EnclosingFunction function, CompilationContext shared)
        {
            if (function.IsAsync || function.InsideLock)
            {
                return false;
            }

            var child = operation;
            for (var parent = operation.Parent; parent != null; child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IConditionalOperation { IsRef: false } conditional when conditional.Type != null && child != conditional.Condition:
                        // cond ? new(Read(reader)) : ReadCoreAsync(…)
                        return TaskCompletion.IsCompletedByConstruction(child, shared) && !TaskCompletion.IsCompletedByConstruction(child == conditional.WhenTrue ? conditional.WhenFalse : conditional.WhenTrue, shared);
                    case IReturnOperation { ReturnedValue: { } returned }:
                        return TaskCompletion.IsCompletedByConstruction(returned, shared) && IsGuarded(parent);
                    case IAnonymousFunctionOperation:
                    case ILocalFunctionOperation:
                    case IBlockOperation:
                        return false;
                }
            }

            return false;
        }

        /// <summary>The statement runs only when a condition held: it is in an if's branch, or after an <c>if (…) return …;</c>.</summary>
        private static bool IsGuarded(IOperation statement)
        {
            var child = statement;
            for (var parent = statement.Parent; parent != null; child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IConditionalOperation conditional when child != conditional.Condition:
                        return true;
                    case IBlockOperation block:
                        var index = block.Operations.IndexOf(child);
                        for (var i = 0; i < index; i++)
                        {
                            if (block.Operations[i] is IConditionalOperation { WhenFalse: null } earlier && TaskCompletion.AlwaysExits(earlier.WhenTrue))
                            {
                                return true;
                            }
                        }

                        break;
                    case IAnonymousFunctionOperation:
                    case ILocalFunctionOperation:
                        return false;
                }
            }

            return false;
        }

        private static void ReportChains(CompilationAnalysisContext context, CompilationContext shared, BlockingGraph graph)
        {
            if (!graph.HasCallsFromAsyncCode)
            {
                return;
            }

            var chains = graph.ResolveChains(context.CancellationToken, onlyWhereAsyncCodeReaches: true);
            if (chains.Count == 0)
            {
                return;
            }

            // The calls from async code into the members on a chain: the only ones a finding can be at, so the only ones
            // asked whether the author guarded a synchronous fast path.
            var sites = new List<CallSite>();
            foreach (var (operation, containingSymbol, site) in graph.CallSitesInto(chains, context.CancellationToken))
            {
                if (!IsGuardedFastPath(operation, site.Function, shared))
                {
                    sites.Add(CallSite.From(operation, site, containingSymbol, shared));
                }
            }

            var reported = new List<(CallSite Site, BlockingChain Chain)>();
            foreach (var site in sites.OrderBy(s => s.SortKey, StringComparer.Ordinal))
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (site.Counterpart(shared, site.Token, context.Options) is null)
                {
                    reported.Add((site, chains[site.Target]));
                }
            }

            // One root, many callers: one finding per place where the blocking can be fixed (the member that blocks in
            // its own body, or the one that asks dual-mode code for its synchronous path), at the nearest call from async
            // code (the shortest chain, then the first in file order); the other calls that reach it are counted.
            foreach (var group in reported.GroupBy(r => r.Chain.FixPoint?.Key ?? r.Site.SortKey))
            {
                var (site, chain) = group.OrderBy(r => r.Chain.Length).ThenBy(r => r.Site.SortKey, StringComparer.Ordinal).First();
                var others = group.Count() - 1;
                var fixPoint = chain.FixPoint?.DisplayName ?? site.CalleeName;
                var where = site.Context + (others == 0 ? string.Empty : " (" + others + (others == 1 ? " more call from async code reaches '" : " more calls from async code reach '") + fixPoint + "')");
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.TransitiveBlocking,
                    site.Location,
                    site.CalleeName,
                    chain.Text,
                    where,
                    Remedy(site, chain, shared)));
            }
        }

        private static string Remedy(CallSite site, BlockingChain chain, CompilationContext shared)
        {
            if (site.Target.SyncPath)
            {
                return "pass 'async: true' to '" + BlockingNode.NameOf(site.Target.Member) + "' and await it";
            }

            if (site.Invocation != null && DualModeCode.AsyncOverload(site.Target.Member, shared.Types) is { } overload
                && site.CallerType != null
                && shared.Compilation.IsSymbolAccessibleWithin(overload, site.CallerType))
            {
                return "call its dual-mode overload '" + overload.Name + "(async: true, ...)' and await it";
            }

            var dual = chain.ThroughSyncPath is { } step ? ", passing 'async: true' to '" + step.Member.Name + "'" : string.Empty;
            switch (site.Target.Member.MethodKind)
            {
                case MethodKind.Constructor:
                    return "a constructor cannot be async: create the object with an async factory method that does the blocking work asynchronously" + dual;
                case MethodKind.PropertyGet:
                case MethodKind.PropertySet:
                    return "a property cannot be async: replace '" + site.CalleeName + "' with an async method (and make the methods below it async" + dual + "), then await it";
                default:
                    return "make '" + site.CalleeName + "' async (and the methods below it" + dual + "), then await it";
            }
        }

        private sealed class CallSite
        {
            private string? _sortKey;

            private readonly EnclosingFunction _function;
            private readonly bool _inLambdaRunAtOnce;

            private CallSite(Location location, BlockingNode target, EnclosingFunction function, bool inLambdaRunAtOnce, INamedTypeSymbol? callerType, IInvocationOperation? invocation, ISymbol containingSymbol)
            {
                Location = location;
                Target = target;
                _function = function;
                _inLambdaRunAtOnce = inLambdaRunAtOnce;
                CallerType = callerType;
                Invocation = invocation;
                ContainingSymbol = containingSymbol;
            }

            public Location Location { get; }

            public BlockingNode Target { get; }

            /// <summary>"async method 'GetAsync'", "a lambda that async method 'RunAsync' runs at once".</summary>
            public string Context => _inLambdaRunAtOnce ? "a lambda that " + _function.Describe() + " runs at once" : _function.Describe();

            public string CalleeName => Target.DisplayName;

            public INamedTypeSymbol? CallerType { get; }

            /// <summary>The call, kept only when the callee may have an awaitable counterpart (asked at compilation end).</summary>
            public IInvocationOperation? Invocation { get; }

            public ISymbol ContainingSymbol { get; }

            public IMethodSymbol Function => _function.Symbol;

            /// <summary>File and position: the order in which calls are considered (computed for the few calls that are reported).</summary>
            public string SortKey => _sortKey ??= BlockingGraph.SortKey(Location);

            public static CallSite From(IOperation operation, AsyncCallSite site, ISymbol containingSymbol, CompilationContext shared)
            {
                var invocation = operation as IInvocationOperation;
                var keep = invocation != null
                           && shared.Counterparts.IsCandidateSource(invocation.TargetMethod)
                           && shared.Counterparts.HasCandidates(invocation, CounterpartShape.Await);
                return new CallSite(
                    NameLocation(operation),
                    site.Target,
                    site.Function,
                    site.InLambdaRunAtOnce,
                    containingSymbol.ContainingType,
                    keep ? invocation : null,
                    containingSymbol)
                {
                    Token = keep ? CancellationTokens.FindInScope(operation, containingSymbol, shared.Types) : null,
                };
            }

            /// <summary>The CancellationToken in scope at the call, as ASYNC201 forwards it.</summary>
            public string? Token { get; private set; }

            /// <summary>
            /// The callee's awaitable counterpart that binds here with <paramref name="token"/> (the oracle, asked as
            /// ASYNC201 asks it with the token in scope): then the call is ASYNC201's finding, with its fix — one call,
            /// one finding.
            /// </summary>
            public Counterpart? Counterpart(CompilationContext shared, string? token, AnalyzerOptions options)
                => Invocation is null ? null : shared.Counterparts.Find(Invocation, CounterpartShape.Await, token, ContainingSymbol, Function, options);
        }

        private static Location NameLocation(IOperation operation) => operation.Syntax switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Name.GetLocation(),
            InvocationExpressionSyntax { Expression: IdentifierNameSyntax name } => name.GetLocation(),
            InvocationExpressionSyntax { Expression: GenericNameSyntax generic } => generic.GetLocation(),
            InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding } => binding.Name.GetLocation(),
            MemberAccessExpressionSyntax access => access.Name.GetLocation(),
            MemberBindingExpressionSyntax binding => binding.Name.GetLocation(),
            ObjectCreationExpressionSyntax creation => creation.Type.GetLocation(),
            _ => operation.Syntax.GetLocation(),
        };
    }
}
