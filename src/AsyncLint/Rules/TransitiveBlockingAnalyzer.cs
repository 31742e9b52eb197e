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
    /// I/O that has an awaitable counterpart (the counterpart oracle, as ASYNC201 asks it). Facts are gathered per member
    /// while operations are analyzed; the chains are resolved once at compilation end by a breadth-first search from the
    /// blocking members (bounded in depth, safe on cycles), so every caller gets its shortest chain, ties broken by
    /// ordinal comparison: the same chain and message on every run. Blocking that happens only on a path that ends in a
    /// throw is not counted, and one blocking root is reported once per async member (see docs/rules/ASYNC105.md).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TransitiveBlockingAnalyzer : DiagnosticAnalyzer
    {
        private const int MaxDepth = 6;

        /// <summary>Bool parameters beyond the first few are not tracked as known false (what runs of <c>M(x, false)</c>).</summary>
        private const int MaxFlagOrdinal = 4;

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

                var facts = new Facts(start.Compilation.Assembly);
                start.RegisterOperationAction(
                    c => Collect(c, shared, facts),
                    OperationKind.Invocation,
                    OperationKind.PropertyReference,
                    OperationKind.ObjectCreation);
                start.RegisterCompilationEndAction(c => ReportChains(c, shared, facts));
            });
        }

        private static void Collect(OperationAnalysisContext context, CompilationContext shared, Facts facts)
        {
            // Cheap filters first: most operations are neither a call into this compilation nor a possibly blocking member.
            var operation = context.Operation;
            var target = Target(operation);
            var targetInSource = target != null && facts.IsInSource(target);
            var invocation = operation as IInvocationOperation;
            var mayBlock = operation is IPropertyReferenceOperation { Property.Name: "Result" }
                           || (invocation != null && BlockingCatalogue.MayBlockByName(invocation.TargetMethod.Name));
            var mayDoIO = !targetInSource
                          && invocation != null
                          && IsIOCandidate(invocation.TargetMethod, facts)
                          && shared.Counterparts.IsCandidateSource(invocation.TargetMethod)
                          && shared.Counterparts.HasCandidates(invocation, CounterpartShape.Await);
            if (!targetInSource && !mayBlock && !mayDoIO)
            {
                return;
            }

            if (!TryGetFunction(operation, context.ContainingSymbol, shared.Types, out var function, out var inLambdaRunAtOnce)
                || ErrorPaths.OnlyBeforeThrow(operation))
            {
                return;
            }

            var path = function.IsAsyncCode ? DualModeCode.PathOf(operation) : DualPath.Both;

            // As a call site in async code.
            if (function.IsAsyncCode
                && path != DualPath.Synchronous
                && targetInSource
                && EdgeTarget(operation, target!, from: null, shared.Types) is { } calleeNode
                && !IsGuardedFastPath(operation, function, shared))
            {
                facts.Sites.Add(CallSite.From(operation, calleeNode, function, inLambdaRunAtOnce, context.ContainingSymbol, shared));
            }

            // As a fact about the synchronous member it is in (and about what runs of it when a bool parameter is false:
            // Dispose(false) skips `if (disposing)`), or about the synchronous path of the dual-mode member it is in.
            var nodes = new List<Node>(1);
            if (!function.IsAsyncCode && function.FunctionOperation is not IAnonymousFunctionOperation)
            {
                nodes.Add(new Node(function.Symbol));
                foreach (var parameter in function.Symbol.Parameters)
                {
                    if (parameter.Type.SpecialType == SpecialType.System_Boolean
                        && parameter.Ordinal < MaxFlagOrdinal
                        && DualModeCode.PathOf(operation, parameter) != DualPath.Asynchronous)
                    {
                        nodes.Add(new Node(function.Symbol, parameter.Ordinal));
                    }
                }
            }
            else if (function.IsAsyncCode
                     && path != DualPath.Asynchronous
                     && function.FunctionOperation is not IAnonymousFunctionOperation
                     && DualModeCode.AsyncFlagParameter(function.Symbol) is { } flag)
            {
                nodes.Add(new Node(function.Symbol, flag.Ordinal));
            }

            if (nodes.Count == 0)
            {
                return;
            }

            if (targetInSource)
            {
                foreach (var node in nodes)
                {
                    if (EdgeTarget(operation, target!, node, shared.Types) is { } callee && !callee.Equals(node))
                    {
                        facts.AddEdge(node, callee);
                    }
                }

                return;
            }

            if (mayBlock && shared.Blocking.Blocks(operation, shared))
            {
                var root = Root.From(operation, io: null);
                foreach (var node in nodes)
                {
                    facts.AddRoot(node, root);
                }
            }
            else if (mayDoIO)
            {
                // The oracle binds speculatively: asked at compilation end, and only where a call from async code leads.
                facts.PendingIO.Add(new PendingIO(invocation!, function, context.ContainingSymbol, nodes));
            }
        }

        /// <summary>
        /// The I/O roots of the members that a call from async code reaches (through synchronous members): a root
        /// anywhere else is on no chain a finding could show, so its counterpart is never looked up.
        /// </summary>
        private static void ResolvePendingIO(CompilationAnalysisContext context, CompilationContext shared, Facts facts, HashSet<(Node From, Node To)> edges)
        {
            var callees = new Dictionary<Node, List<Node>>();
            foreach (var edge in edges)
            {
                if (!callees.TryGetValue(edge.From, out var list))
                {
                    callees[edge.From] = list = new List<Node>();
                }

                list.Add(edge.To);
            }

            var reached = new HashSet<Node>();
            var pending = new Stack<Node>();
            foreach (var site in facts.Sites)
            {
                if (reached.Add(site.Target))
                {
                    pending.Push(site.Target);
                }
            }

            while (pending.Count > 0)
            {
                if (callees.TryGetValue(pending.Pop(), out var list))
                {
                    foreach (var callee in list)
                    {
                        if (reached.Add(callee))
                        {
                            pending.Push(callee);
                        }
                    }
                }
            }

            foreach (var io in facts.PendingIO)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (io.Nodes.Exists(reached.Contains)
                    && SynchronousIO(io.Invocation, io.Function, io.ContainingSymbol, context.Options, shared) is { } counterpart)
                {
                    var root = Root.From(io.Invocation, counterpart);
                    foreach (var node in io.Nodes)
                    {
                        facts.AddRoot(node, root);
                    }
                }
            }
        }

        /// <summary>
        /// The function whose code <paramref name="operation"/> is, as AsyncContext sees it; a synchronous lambda run at
        /// once (<c>items.ForEach(i => …)</c>) counts as its enclosing function's code, in synchronous code too.
        /// </summary>
        private static bool TryGetFunction(IOperation operation, ISymbol containingSymbol, KnownTypes types, out EnclosingFunction function, out bool inLambdaRunAtOnce)
        {
            if (!AsyncContext.TryGetRunningFunction(operation, containingSymbol, types, out function, out inLambdaRunAtOnce))
            {
                return false;
            }

            while (!function.IsAsyncCode && function.FunctionOperation is IAnonymousFunctionOperation lambda && AsyncContext.RunsAtOnce(lambda))
            {
                if (!AsyncContext.TryGetEnclosingFunction(lambda, containingSymbol, types, out function))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The member a call, property access or object creation runs, or null.</summary>
        private static IMethodSymbol? Target(IOperation operation) => operation switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IObjectCreationOperation creation => creation.Constructor,
            IPropertyReferenceOperation property => IsWritten(property) ? property.Property.SetMethod : property.Property.GetMethod,
            _ => null,
        };

        private static bool IsWritten(IPropertyReferenceOperation property)
            => property.Parent is IAssignmentOperation assignment && assignment.Target == property && assignment is ISimpleAssignmentOperation;

        /// <summary>
        /// The synchronous code a call into this compilation runs: the callee (when it is not async code), what runs of it
        /// when a bool parameter is given a constant <c>false</c> (<c>Dispose(false)</c>), or the synchronous path of a
        /// dual-mode callee asked for it (<c>async: false</c>, or the caller's own flag passed on from a synchronous path).
        /// Null when the callee runs asynchronously.
        /// </summary>
        private static Node? EdgeTarget(IOperation operation, IMethodSymbol callee, Node? from, KnownTypes types)
        {
            callee = callee.OriginalDefinition;
            if (operation is IInvocationOperation invocation)
            {
                if (DualModeCode.AsyncFlagParameter(callee) is { } flag
                    && DualModeCode.FlagArgument(invocation, out var forwarded) is var value
                    && (value.HasValue || forwarded))
                {
                    return value == false || (forwarded && from is { SyncPath: true }) ? new Node(callee, flag.Ordinal) : null;
                }

                if (!AsyncContext.IsAsyncCode(callee, types))
                {
                    foreach (var argument in invocation.Arguments)
                    {
                        // The declared parameter is a bool (not a T that happens to be bool here): its branches are what the node tracks.
                        if (argument.Parameter is { Ordinal: < MaxFlagOrdinal } parameter
                            && parameter.Ordinal < callee.Parameters.Length
                            && callee.Parameters[parameter.Ordinal].Type.SpecialType == SpecialType.System_Boolean
                            && argument.Value.WalkDownConversions()?.ConstantValue is { HasValue: true, Value: false })
                        {
                            return new Node(callee, parameter.Ordinal);
                        }
                    }
                }
            }

            return AsyncContext.IsAsyncCode(callee, types) ? null : new Node(callee);
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

        /// <summary>
        /// Calls that may count as synchronous I/O: not <c>Dispose</c> (disposal is ASYNC202's and ASYNC201's question, and
        /// most of it does no I/O), and not an abstract or interface member of this compilation (what runs is one of its
        /// implementations here, which the search does not follow through virtual dispatch).
        /// </summary>
        private static bool IsIOCandidate(IMethodSymbol method, Facts facts)
            => method.Name != "Dispose" && !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, facts.Assembly);

        /// <summary>Synchronous I/O with an awaitable counterpart that binds here (the oracle's answer, with ASYNC201's exclusions), as "'NameAsync' exists".</summary>
        private static string? SynchronousIO(IInvocationOperation invocation, EnclosingFunction function, ISymbol containingSymbol, AnalyzerOptions options, CompilationContext shared)
        {
            var method = invocation.TargetMethod;
            var receiver = AsyncCounterparts.Receiver(invocation);
            if (invocation.Syntax is not InvocationExpressionSyntax syntax
                || CounterpartExclusions.IsExcludedMethod(method)
                || CounterpartExclusions.IsExcludedReceiver(receiver)
                || CounterpartExclusions.IsExcludedByUser(method, receiver?.WalkDownConversions()?.Type, AsyncLintOptions.SynchronousIOExcludedMembers.GetValue(options, syntax.SyntaxTree)))
            {
                return null;
            }

            var counterpart = shared.Counterparts.Find(invocation, CounterpartShape.Await, token: null, containingSymbol, function.Symbol, options);
            return counterpart is null ? null : counterpart.Method.Name;
        }

        private static void ReportChains(CompilationAnalysisContext context, CompilationContext shared, Facts facts)
        {
            if (facts.Sites.IsEmpty)
            {
                return;
            }

            var edges = facts.DistinctEdges();
            ResolvePendingIO(context, shared, facts, edges);
            if (facts.Roots.IsEmpty)
            {
                return;
            }

            var chains = ResolveChains(facts, edges, context.CancellationToken);
            var reported = new List<(CallSite Site, Chain Chain)>();
            foreach (var site in facts.Sites.Where(s => chains.ContainsKey(s.Target)).OrderBy(s => s.SortKey, StringComparer.Ordinal))
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

        /// <summary>
        /// The shortest chain from each member to a blocking expression: a breadth-first search backwards from the members
        /// that block in their own body, level by level, so that a member's chain is final when first found; among chains
        /// of equal length the ordinally first text wins. Independent of the order the facts were gathered in.
        /// </summary>
        private static Dictionary<Node, Chain> ResolveChains(Facts facts, HashSet<(Node From, Node To)> edges, System.Threading.CancellationToken cancellationToken)
        {
            var callers = new Dictionary<Node, List<Node>>();
            foreach (var edge in edges)
            {
                if (!callers.TryGetValue(edge.To, out var list))
                {
                    callers[edge.To] = list = new List<Node>();
                }

                list.Add(edge.From);
            }

            var chains = new Dictionary<Node, Chain>();
            var frontier = new List<Node>();
            foreach (var root in facts.Roots)
            {
                chains[root.Key] = new Chain(root.Key.DisplayName + " → " + root.Value.Text, root.Value, length: 1, throughSyncPath: root.Key.SyncPath ? root.Key : (Node?)null, fixPoint: root.Key.SyncPath ? null : root.Key);
                frontier.Add(root.Key);
            }

            for (var depth = 1; depth < MaxDepth && frontier.Count > 0; depth++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var next = new Dictionary<Node, Chain>();
                foreach (var callee in frontier)
                {
                    if (!callers.TryGetValue(callee, out var list))
                    {
                        continue;
                    }

                    var below = chains[callee];
                    foreach (var caller in list)
                    {
                        if (chains.ContainsKey(caller))
                        {
                            continue;
                        }

                        var candidate = new Chain(
                            caller.DisplayName + " → " + below.Text,
                            below.Root,
                            below.Length + 1,
                            caller.SyncPath ? caller : below.ThroughSyncPath,
                            below.FixPoint ?? (caller.SyncPath ? null : caller));
                        if (!next.TryGetValue(caller, out var known) || string.CompareOrdinal(candidate.Text, known.Text) < 0)
                        {
                            next[caller] = candidate;
                        }
                    }
                }

                frontier = new List<Node>(next.Keys);
                foreach (var found in next)
                {
                    chains[found.Key] = found.Value;
                }
            }

            return chains;
        }

        private static string Remedy(CallSite site, Chain chain, CompilationContext shared)
        {
            if (site.Target.SyncPath)
            {
                return "pass 'async: true' to '" + Node.NameOf(site.Target.Member) + "' and await it";
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

        /// <summary>
        /// A synchronous member, or what runs of it when one of its bool parameters is false: the synchronous path of a
        /// dual-mode member (its async flag false), or <c>Dispose(disposing: false)</c>.
        /// </summary>
        private readonly struct Node : IEquatable<Node>
        {
            public Node(IMethodSymbol member, int falseParameter = -1)
            {
                Member = member.OriginalDefinition;
                FalseParameter = falseParameter;
                SyncPath = falseParameter >= 0 && DualModeCode.AsyncFlagParameter(Member) is { } flag && flag.Ordinal == falseParameter;
            }

            public IMethodSymbol Member { get; }

            /// <summary>The ordinal of the bool parameter known to be false, or -1.</summary>
            public int FalseParameter { get; }

            /// <summary>The synchronous path of dual-mode code: its async flag is false.</summary>
            public bool SyncPath { get; }

            /// <summary>"Load", "Value" (a property), "new Settings" (a constructor), "Read(async: false)", "Dispose(disposing: false)".</summary>
            public string DisplayName => NameOf(Member) + (FalseParameter >= 0 ? "(" + Member.Parameters[FalseParameter].Name + ": false)" : string.Empty);

            public static string NameOf(IMethodSymbol member) => member.MethodKind switch
            {
                MethodKind.Constructor => "new " + member.ContainingType.Name,
                MethodKind.PropertyGet or MethodKind.PropertySet => member.AssociatedSymbol?.Name ?? member.Name,
                _ => member.Name,
            };

            /// <summary>Identifies the node in groupings: where the member is declared.</summary>
            public string Key => (Member.DeclaringSyntaxReferences.FirstOrDefault() is { } declaration
                ? declaration.SyntaxTree.FilePath + ":" + declaration.Span.Start.ToString("D9", System.Globalization.CultureInfo.InvariantCulture)
                : Member.ToDisplayString()) + ":" + FalseParameter.ToString(System.Globalization.CultureInfo.InvariantCulture);

            public bool Equals(Node other) => FalseParameter == other.FalseParameter && SymbolEqualityComparer.Default.Equals(Member, other.Member);

            public override bool Equals(object? obj) => obj is Node other && Equals(other);

            public override int GetHashCode() => (SymbolEqualityComparer.Default.GetHashCode(Member) * 8) + FalseParameter + 1;
        }

        /// <summary>A blocking expression in a member's own body: a wait, or synchronous I/O with an awaitable counterpart.</summary>
        private sealed class PendingIO
        {
            public PendingIO(IInvocationOperation invocation, EnclosingFunction function, ISymbol containingSymbol, List<Node> nodes)
            {
                Invocation = invocation;
                Function = function;
                ContainingSymbol = containingSymbol;
                Nodes = nodes;
            }

            public IInvocationOperation Invocation { get; }

            public EnclosingFunction Function { get; }

            public ISymbol ContainingSymbol { get; }

            /// <summary>The members (and flag paths) whose root the call would be.</summary>
            public List<Node> Nodes { get; }
        }

        private sealed class Root
        {
            private Root(string text, string key)
            {
                Text = text;
                Key = key;
            }

            /// <summary>"'task.Result'", "'stream.Read(buffer)' (synchronous I/O; 'ReadAsync' exists)".</summary>
            public string Text { get; }

            /// <summary>Where it is (file and position): identifies it, and orders roots of one member (first in the file wins).</summary>
            public string Key { get; }

            public static Root From(IOperation operation, string? io)
            {
                var text = "'" + DisplayText.AsWritten(operation.Syntax) + "'" + (io is null ? string.Empty : " (synchronous I/O; '" + io + "' exists)");
                return new Root(text, SortKey(operation.Syntax.GetLocation()));
            }
        }

        private sealed class Chain
        {
            public Chain(string text, Root root, int length, Node? throughSyncPath, Node? fixPoint)
            {
                Text = text;
                Root = root;
                Length = length;
                ThroughSyncPath = throughSyncPath;
                FixPoint = fixPoint;
            }

            /// <summary>
            /// Where the blocking can be fixed: the synchronous member that blocks in its own body, or — when the blocking is
            /// on the synchronous path of dual-mode code — the member that asks for that path with <c>async: false</c>.
            /// Null when the call site itself asks for it.
            /// </summary>
            public Node? FixPoint { get; }

            public string Text { get; }

            public Root Root { get; }

            public int Length { get; }

            /// <summary>The first dual-mode step asked for its synchronous path on the way down, if any.</summary>
            public Node? ThroughSyncPath { get; }
        }

        private sealed class CallSite
        {
            private string? _sortKey;

            private readonly EnclosingFunction _function;
            private readonly bool _inLambdaRunAtOnce;

            private CallSite(Location location, Node target, EnclosingFunction function, bool inLambdaRunAtOnce, INamedTypeSymbol? callerType, IInvocationOperation? invocation, ISymbol containingSymbol)
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

            public Node Target { get; }

            /// <summary>"async method 'GetAsync'", "a lambda that async method 'RunAsync' runs at once".</summary>
            public string Context => _inLambdaRunAtOnce ? "a lambda that " + _function.Describe() + " runs at once" : _function.Describe();

            public string CalleeName => Target.DisplayName;

            public INamedTypeSymbol? CallerType { get; }

            /// <summary>The call, kept only when the callee may have an awaitable counterpart (asked at compilation end).</summary>
            public IInvocationOperation? Invocation { get; }

            public ISymbol ContainingSymbol { get; }

            public IMethodSymbol Function => _function.Symbol;

            /// <summary>File and position: the order in which calls are considered (computed for the few calls that are reported).</summary>
            public string SortKey => _sortKey ??= TransitiveBlockingAnalyzer.SortKey(Location);

            public static CallSite From(IOperation operation, Node target, EnclosingFunction function, bool inLambdaRunAtOnce, ISymbol containingSymbol, CompilationContext shared)
            {
                var invocation = operation as IInvocationOperation;
                var keep = invocation != null
                           && shared.Counterparts.IsCandidateSource(invocation.TargetMethod)
                           && shared.Counterparts.HasCandidates(invocation, CounterpartShape.Await);
                return new CallSite(
                    NameLocation(operation),
                    target,
                    function,
                    inLambdaRunAtOnce,
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

        private static string SortKey(Location location)
            => (location.SourceTree?.FilePath ?? string.Empty) + ":" + location.SourceSpan.Start.ToString("D9", System.Globalization.CultureInfo.InvariantCulture);

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

        private sealed class Facts
        {
            public Facts(IAssemblySymbol assembly)
            {
                Assembly = assembly;
            }

            public IAssemblySymbol Assembly { get; }

            /// <summary>Members that block in their own body, with the first blocking expression (by position: the same on every run).</summary>
            public ConcurrentDictionary<Node, Root> Roots { get; } = new ConcurrentDictionary<Node, Root>();

            /// <summary>Synchronous member → the synchronous members of this compilation it runs.</summary>
            public ConcurrentBag<(Node From, Node To)> Edges { get; } = new ConcurrentBag<(Node From, Node To)>();

            public ConcurrentBag<CallSite> Sites { get; } = new ConcurrentBag<CallSite>();

            /// <summary>Calls in synchronous members that may be synchronous I/O, for <see cref="ResolvePendingIO"/>.</summary>
            public ConcurrentBag<PendingIO> PendingIO { get; } = new ConcurrentBag<PendingIO>();

            public bool IsInSource(IMethodSymbol method)
                => !method.IsAbstract
                   && !method.IsExtern
                   && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, Assembly)
                   && !method.DeclaringSyntaxReferences.IsEmpty;

            // (caller, callee) pairs as they come, repeats included: a bag adds without a lock on the common path; the
            // pairs are made distinct once, at compilation end.
            public void AddEdge(Node from, Node to)
                => Edges.Add((from, to));

            public HashSet<(Node From, Node To)> DistinctEdges() => new HashSet<(Node From, Node To)>(Edges);

            public void AddRoot(Node node, Root root)
                => Roots.AddOrUpdate(node, root, (_, known) => string.CompareOrdinal(root.Key, known.Key) < 0 ? root : known);
        }
    }
}
