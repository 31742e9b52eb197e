using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AsyncLint.Options;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>
    /// A synchronous member, or what runs of it when one of its bool parameters is false: the synchronous path of a
    /// dual-mode member (its async flag false), or <c>Dispose(disposing: false)</c>.
    /// </summary>
    internal readonly struct BlockingNode : IEquatable<BlockingNode>
    {
        public BlockingNode(IMethodSymbol member, int falseParameter = -1)
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

        public bool Equals(BlockingNode other) => FalseParameter == other.FalseParameter && SymbolEqualityComparer.Default.Equals(Member, other.Member);

        public override bool Equals(object? obj) => obj is BlockingNode other && Equals(other);

        public override int GetHashCode() => (SymbolEqualityComparer.Default.GetHashCode(Member) * 8) + FalseParameter + 1;
    }

    /// <summary>A blocking expression in a member's own body: a wait, or synchronous I/O with an awaitable counterpart.</summary>
    internal sealed class BlockingRoot
    {
        private BlockingRoot(string text, Location location)
        {
            Text = text;
            Location = location;
            Key = BlockingGraph.SortKey(location);
        }

        /// <summary>"'task.Result'", "'stream.Read(buffer)' (synchronous I/O; 'ReadAsync' exists)".</summary>
        public string Text { get; }

        /// <summary>The blocking expression: where a fix starts (the make-async cascade's seed).</summary>
        public Location Location { get; }

        /// <summary>Where it is (file and position): identifies it, and orders roots of one member (first in the file wins).</summary>
        public string Key { get; }

        /// <summary>Synchronous I/O (its counterpart named), rather than a wait from the blocking catalogue.</summary>
        public bool IsSynchronousIO { get; private set; }

        public static BlockingRoot From(IOperation operation, string? io)
        {
            var text = "'" + DisplayText.AsWritten(operation.Syntax) + "'" + (io is null ? string.Empty : " (synchronous I/O; '" + io + "' exists)");
            return new BlockingRoot(text, operation.Syntax.GetLocation()) { IsSynchronousIO = io != null };
        }
    }

    /// <summary>Why a node blocks: the chain of calls from it down to a blocking expression, as ASYNC105's message shows it.</summary>
    internal sealed class BlockingChain
    {
        public BlockingChain(string text, BlockingRoot root, int length, BlockingNode? throughSyncPath, BlockingNode? fixPoint)
        {
            Text = text;
            Root = root;
            Length = length;
            ThroughSyncPath = throughSyncPath;
            FixPoint = fixPoint;
        }

        /// <summary>"Load → ReadFile → 'FetchAsync(name).Result'".</summary>
        public string Text { get; }

        public BlockingRoot Root { get; }

        /// <summary>The number of members on the chain (1 for the member that blocks in its own body).</summary>
        public int Length { get; }

        /// <summary>The first dual-mode step asked for its synchronous path on the way down, if any.</summary>
        public BlockingNode? ThroughSyncPath { get; }

        /// <summary>
        /// Where the blocking can be fixed: the synchronous member that blocks in its own body, or — when the blocking is
        /// on the synchronous path of dual-mode code — the member that asks for that path with <c>async: false</c>.
        /// Null when the call site itself asks for it.
        /// </summary>
        public BlockingNode? FixPoint { get; }
    }

    /// <summary>A call from async code to synchronous code of this compilation: where ASYNC105 may report.</summary>
    internal readonly struct AsyncCallSite
    {
        public AsyncCallSite(BlockingNode target, EnclosingFunction function, bool inLambdaRunAtOnce)
        {
            Target = target;
            Function = function;
            InLambdaRunAtOnce = inLambdaRunAtOnce;
        }

        /// <summary>The synchronous code the call runs.</summary>
        public BlockingNode Target { get; }

        /// <summary>The async function the call is in.</summary>
        public EnclosingFunction Function { get; }

        /// <summary>The call is in a synchronous lambda that <see cref="Function"/> runs at once.</summary>
        public bool InLambdaRunAtOnce { get; }
    }

    /// <summary>
    /// The one definition of "this synchronous member blocks further down" (ASYNC105's question, and the question its
    /// code fix asks about the callee it looks at): facts per member, gathered operation by operation
    /// (<see cref="Collect"/>) — the member blocks in its own body (what the blocking catalogue lists, or synchronous I/O
    /// with an awaitable counterpart as the counterpart oracle finds it, not on a path that ends in a throw nor where it
    /// fills a cache once), or runs
    /// another synchronous member of this compilation — and the chains resolved from them (<see cref="ResolveChains"/>) by
    /// a breadth-first search backwards from the blocking members, bounded in depth, safe on cycles, so that every member
    /// gets its shortest chain, ties broken by ordinal comparison: the same chain on every run. The analyzer gathers the
    /// facts of the whole compilation as it analyzes it; <see cref="BlockingChains"/> gathers those of the members one
    /// question reaches.
    /// </summary>
    internal sealed class BlockingGraph
    {
        /// <summary>The longest chain followed, in members.</summary>
        public const int MaxDepth = 6;

        /// <summary>Bool parameters beyond the first few are not tracked as known false (what runs of <c>M(x, false)</c>).</summary>
        private const int MaxFlagOrdinal = 4;

        public BlockingGraph(IAssemblySymbol assembly)
        {
            Assembly = assembly;
        }

        public IAssemblySymbol Assembly { get; }

        /// <summary>Calls in synchronous members that may be synchronous I/O, until <see cref="ResolveChains"/> asks the oracle.</summary>
        private readonly ConcurrentQueue<PendingIO> _pendingIO = new ConcurrentQueue<PendingIO>();

        private sealed class PendingIO
        {
            public PendingIO(IInvocationOperation invocation, EnclosingFunction function, ISymbol containingSymbol, AnalyzerOptions options, List<BlockingNode> nodes, CompilationContext shared)
            {
                Invocation = invocation;
                Function = function;
                ContainingSymbol = containingSymbol;
                Options = options;
                Nodes = nodes;
                Shared = shared;
            }

            public IInvocationOperation Invocation { get; }

            public EnclosingFunction Function { get; }

            public ISymbol ContainingSymbol { get; }

            public AnalyzerOptions Options { get; }

            /// <summary>The members (and flag paths) whose root the call would be.</summary>
            public List<BlockingNode> Nodes { get; }

            public CompilationContext Shared { get; }
        }

        /// <summary>Members that block in their own body, with the first blocking expression (by position: the same on every run).</summary>
        public ConcurrentDictionary<BlockingNode, BlockingRoot> Roots { get; } = new ConcurrentDictionary<BlockingNode, BlockingRoot>();

        /// <summary>
        /// The calls into this compilation <see cref="Collect"/> found since the last search: a lock-free queue, written
        /// once per call, read (and grouped by callee) when a search asks.
        /// </summary>
        private readonly ConcurrentQueue<SourceCall> _newCalls = new ConcurrentQueue<SourceCall>();

        /// <summary>Whether <see cref="Collect"/> found a call from async code into this compilation (a possible call site).</summary>
        public bool HasCallsFromAsyncCode { get; private set; }

        /// <summary>The calls into each member of this compilation (its definition), as of the last <see cref="Drain"/>.</summary>
        private readonly Dictionary<IMethodSymbol, List<SourceCall>> _callsInto = new Dictionary<IMethodSymbol, List<SourceCall>>(SymbolEqualityComparer.Default);

        /// <summary>Synchronous member → the synchronous members of this compilation it runs, as of the last <see cref="Edges"/>.</summary>
        private readonly Dictionary<BlockingNode, HashSet<BlockingNode>> _edges = new Dictionary<BlockingNode, HashSet<BlockingNode>>();

        /// <summary>A call into this compilation, as <see cref="Collect"/> found it; what it tells is worked out once, by <see cref="Evaluate"/>.</summary>
        private sealed class SourceCall
        {
            public SourceCall(IOperation operation, IMethodSymbol target, EnclosingFunction function, bool inLambdaRunAtOnce, ISymbol containingSymbol, CompilationContext shared)
            {
                Operation = operation;
                Target = target;
                Function = function;
                InLambdaRunAtOnce = inLambdaRunAtOnce;
                ContainingSymbol = containingSymbol;
                Shared = shared;
            }

            public IOperation Operation { get; }

            /// <summary>The member called (as called: a constructed generic method keeps its type arguments).</summary>
            public IMethodSymbol Target { get; }

            public EnclosingFunction Function { get; }

            public bool InLambdaRunAtOnce { get; }

            public ISymbol ContainingSymbol { get; }

            public CompilationContext Shared { get; }

            public bool Evaluated { get; set; }

            /// <summary>Its edges are in <see cref="Edges"/>.</summary>
            public bool InEdges { get; set; }

            /// <summary>The call site, when the call is one from async code into synchronous code (after <see cref="Evaluate"/>).</summary>
            public AsyncCallSite? Site { get; set; }

            /// <summary>The (caller, callee) edges the call gives (after <see cref="Evaluate"/>), or null.</summary>
            public List<(BlockingNode Caller, BlockingNode Callee)>? Edges { get; set; }
        }

        /// <summary>
        /// Groups the calls found since the last search by callee. Only when no collection runs at the same time: at
        /// compilation end, or under the lazy search's lock.
        /// </summary>
        private void Drain()
        {
            while (_newCalls.TryDequeue(out var call))
            {
                var callee = call.Target.OriginalDefinition;
                if (!_callsInto.TryGetValue(callee, out var calls))
                {
                    _callsInto[callee] = calls = new List<SourceCall>();
                }

                calls.Add(call);
                _edgesBehind = true;
            }
        }

        /// <summary>Calls were grouped that <see cref="Edges"/> has not worked out yet.</summary>
        private bool _edgesBehind;

        /// <summary>
        /// Synchronous member → the synchronous members of this compilation it runs: every call collected so far worked
        /// out (the fixers' search reads it forwards, member by member; the analyzer's search never does). Read only when
        /// no collection runs at the same time: at compilation end, or under the lazy search's lock.
        /// </summary>
        private Dictionary<BlockingNode, HashSet<BlockingNode>> Edges
        {
            get
            {
                Drain();
                if (!_edgesBehind)
                {
                    return _edges;
                }

                _edgesBehind = false;
                foreach (var calls in _callsInto.Values)
                {
                    foreach (var call in calls)
                    {
                        if (call.InEdges)
                        {
                            continue;
                        }

                        call.InEdges = true;
                        Evaluate(call);
                        foreach (var (caller, callee) in call.Edges ?? Enumerable.Empty<(BlockingNode, BlockingNode)>())
                        {
                            if (!_edges.TryGetValue(caller, out var callees))
                            {
                                _edges[caller] = callees = new HashSet<BlockingNode>();
                            }

                            callees.Add(callee);
                        }
                    }
                }

                return _edges;
            }
        }

        /// <summary>The synchronous members of this compilation <paramref name="node"/> runs, as far as collected (see <see cref="Edges"/>).</summary>
        public IEnumerable<BlockingNode> CalleesOf(BlockingNode node)
            => Edges.TryGetValue(node, out var callees) ? callees : Enumerable.Empty<BlockingNode>();

        /// <summary>The collected calls into <paramref name="member"/> (any node of it), after <see cref="Drain"/>.</summary>
        private List<SourceCall> CallsInto(IMethodSymbol member)
            => _callsInto.TryGetValue(member, out var calls) ? calls : NoCalls;

        private static readonly List<SourceCall> NoCalls = new List<SourceCall>();

        /// <summary>The nodes that run <paramref name="node"/>: the calls into its member worked out, their edges into it.</summary>
        private List<BlockingNode> CallersOf(BlockingNode node)
        {
            var callers = new List<BlockingNode>();
            HashSet<BlockingNode>? seen = null;
            foreach (var call in CallsInto(node.Member))
            {
                Evaluate(call);
                foreach (var (caller, callee) in call.Edges ?? Enumerable.Empty<(BlockingNode, BlockingNode)>())
                {
                    if (callee.Equals(node) && (seen ??= new HashSet<BlockingNode>()).Add(caller))
                    {
                        callers.Add(caller);
                    }
                }
            }

            return callers;
        }

        /// <summary>
        /// The calls from async code into synchronous code of this compilation whose callee has a chain in
        /// <paramref name="chains"/> (what <see cref="ResolveChains"/> returned): where ASYNC105 may report. Only the calls
        /// into the members on a chain are worked out.
        /// </summary>
        public List<(IOperation Operation, ISymbol ContainingSymbol, AsyncCallSite Site)> CallSitesInto(Dictionary<BlockingNode, BlockingChain> chains, CancellationToken cancellationToken)
        {
            Drain();
            var sites = new List<(IOperation Operation, ISymbol ContainingSymbol, AsyncCallSite Site)>();
            var members = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            foreach (var node in chains.Keys)
            {
                if (!members.Add(node.Member))
                {
                    continue;
                }

                foreach (var call in CallsInto(node.Member))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (!call.Function.IsAsyncCode)
                    {
                        continue;
                    }

                    Evaluate(call);
                    if (call.Site is { } site && chains.ContainsKey(site.Target))
                    {
                        sites.Add((call.Operation, call.ContainingSymbol, site));
                    }
                }
            }

            return sites;
        }

        /// <summary>The operation kinds <see cref="Collect"/> reads.</summary>
        public static readonly OperationKind[] OperationKinds = { OperationKind.Invocation, OperationKind.PropertyReference, OperationKind.ObjectCreation };

        /// <summary>
        /// Records what <paramref name="operation"/> (an invocation, property reference or object creation in the body of
        /// <paramref name="containingSymbol"/>) tells about the synchronous member it is in: a blocking expression of its
        /// own, or a call into synchronous code of this compilation (an edge, or a call site when it is in async code:
        /// <see cref="CallSitesInto"/>), kept as it is until a search asks about the callee.
        /// </summary>
        public void Collect(IOperation operation, ISymbol containingSymbol, AnalyzerOptions options, CompilationContext shared)
        {
            // Cheap filters first: most operations are neither a call into this compilation nor a possibly blocking member.
            var target = Target(operation);
            var targetInSource = target != null && IsInSource(target);
            var invocation = operation as IInvocationOperation;
            var mayBlock = operation is IPropertyReferenceOperation { Property.Name: "Result" }
                           || (invocation != null && BlockingCatalogue.MayBlockByName(invocation.TargetMethod.Name));
            var mayDoIO = !targetInSource
                          && invocation != null
                          && IsIOCandidate(invocation.TargetMethod)
                          && shared.Counterparts.IsCandidateSource(invocation.TargetMethod)
                          && shared.Counterparts.HasCandidates(invocation, CounterpartShape.Await);
            if (!targetInSource && !mayBlock && !mayDoIO)
            {
                return;
            }

            if (targetInSource && IsAutoAccessor(target!))
            {
                // A call into this compilation tells only an edge or a call site, and an auto-implemented accessor is on
                // no chain (it has no body, hence no facts): a quarter of the calls into source on Npgsql and Redis.
                return;
            }

            if (!TryGetFunction(operation, containingSymbol, shared.Types, out var function, out var inLambdaRunAtOnce))
            {
                return;
            }

            if (targetInSource)
            {
                // Only an edge or a call site, and findings are rare: the path analysis (throw paths, lazy initialization,
                // dual-mode paths) waits until a search asks about the callee, which it does only for the members on a
                // chain (see CallsInto). Done here for every call, it was most of ASYNC105's collection time.
                _newCalls.Enqueue(new SourceCall(operation, target!, function, inLambdaRunAtOnce, containingSymbol, shared));
                if (function.IsAsyncCode)
                {
                    HasCallsFromAsyncCode = true;
                }

                return;
            }

            if (BlockingGraph.RunsRarely(operation, shared))
            {
                return;
            }

            var nodes = CallerNodes(operation, function, function.IsAsyncCode ? DualModeCode.PathOf(operation) : DualPath.Both);
            if (nodes.Count == 0)
            {
                return;
            }

            if (mayBlock && shared.Blocking.Blocks(operation, shared))
            {
                var root = BlockingRoot.From(operation, io: null);
                foreach (var node in nodes)
                {
                    AddRoot(node, root);
                }
            }
            else if (mayDoIO)
            {
                // The oracle binds speculatively: asked when the chains are resolved, and only where a call from async
                // code leads (most synchronous I/O is on no chain a finding shows).
                _pendingIO.Enqueue(new PendingIO((IInvocationOperation)operation, function, containingSymbol, options, nodes, shared));
            }
        }

        /// <summary>
        /// The nodes whose code <paramref name="operation"/> is, as a fact about the synchronous member it is in (and about
        /// what runs of it when a bool parameter is false: Dispose(false) skips <c>if (disposing)</c>), or about the
        /// synchronous path of the dual-mode member it is in (<paramref name="path"/>: the dual-mode path it is on).
        /// </summary>
        private static List<BlockingNode> CallerNodes(IOperation operation, EnclosingFunction function, DualPath path)
        {
            var nodes = new List<BlockingNode>(1);
            if (!function.IsAsyncCode && function.FunctionOperation is not IAnonymousFunctionOperation)
            {
                nodes.Add(new BlockingNode(function.Symbol));
                foreach (var parameter in function.Symbol.Parameters)
                {
                    if (parameter.Type.SpecialType == SpecialType.System_Boolean
                        && parameter.Ordinal < MaxFlagOrdinal
                        && DualModeCode.PathOf(operation, parameter) != DualPath.Asynchronous)
                    {
                        nodes.Add(new BlockingNode(function.Symbol, parameter.Ordinal));
                    }
                }
            }
            else if (function.IsAsyncCode
                     && path != DualPath.Asynchronous
                     && function.FunctionOperation is not IAnonymousFunctionOperation
                     && DualModeCode.AsyncFlagParameter(function.Symbol) is { } flag)
            {
                nodes.Add(new BlockingNode(function.Symbol, flag.Ordinal));
            }

            return nodes;
        }

        /// <summary>
        /// What a call into this compilation tells, worked out once, when a search first asks: nothing when it runs rarely
        /// (<see cref="RunsRarely"/>) or creates an iterator that is not enumerated there; else the call site, when it is
        /// in async code (not on the synchronous path of dual-mode code) and runs synchronous code; and the edges from the
        /// nodes it is the code of to the node it runs.
        /// </summary>
        private static void Evaluate(SourceCall call)
        {
            if (call.Evaluated)
            {
                return;
            }

            call.Evaluated = true;
            var operation = call.Operation;
            var function = call.Function;
            var types = call.Shared.Types;
            if (BlockingGraph.RunsRarely(operation, call.Shared)
                || (Iterators.IsIterator(call.Target) && !Iterators.IsEnumeratedAtOnce(operation)))
            {
                return;
            }

            var path = function.IsAsyncCode ? DualModeCode.PathOf(operation) : DualPath.Both;
            if (function.IsAsyncCode
                && path != DualPath.Synchronous
                && CallTarget(operation, call.Target, from: null, types) is { } calleeNode)
            {
                call.Site = new AsyncCallSite(calleeNode, function, call.InLambdaRunAtOnce);
            }

            foreach (var node in CallerNodes(operation, function, path))
            {
                if (CallTarget(operation, call.Target, node, types) is { } callee && !callee.Equals(node))
                {
                    (call.Edges ??= new List<(BlockingNode Caller, BlockingNode Callee)>(1)).Add((node, callee));
                }
            }
        }

        /// <summary>
        /// <paramref name="operation"/> as a blocking expression of <paramref name="function"/>'s own code (a wait the
        /// blocking catalogue lists on a task that is not provably complete, or synchronous I/O with an awaitable
        /// counterpart that binds here), or null. Where the chains end; the make-async cascade asks it of the members it
        /// converts.
        /// </summary>
        public BlockingRoot? RootAt(IOperation operation, EnclosingFunction function, ISymbol containingSymbol, AnalyzerOptions options, CompilationContext shared)
        {
            var invocation = operation as IInvocationOperation;
            var mayBlock = operation is IPropertyReferenceOperation { Property.Name: "Result" }
                           || (invocation != null && BlockingCatalogue.MayBlockByName(invocation.TargetMethod.Name));
            var mayDoIO = invocation != null
                          && !(BlockingGraph.Target(operation) is { } target && IsInSource(target))
                          && IsIOCandidate(invocation.TargetMethod)
                          && shared.Counterparts.IsCandidateSource(invocation.TargetMethod)
                          && shared.Counterparts.HasCandidates(invocation, CounterpartShape.Await);
            return RootAt(operation, mayBlock, mayDoIO, function, containingSymbol, options, shared);
        }

        /// <summary>
        /// Blocking that a chain does not count because it does not happen on every call: only on the way to a throw,
        /// once to fill a cache, or when a write buffer overflows.
        /// </summary>
        public static bool RunsRarely(IOperation operation, CompilationContext shared)
            => ErrorPaths.OnlyBeforeThrow(operation)
               || LazyInitialization.RunsOnce(operation, shared)
               || BufferedWrites.FlushesOnlyWhenFull(operation);

        /// <summary>
        /// The function whose code <paramref name="operation"/> is, as the chains count it: a synchronous lambda run at
        /// once (<c>items.ForEach(i => …)</c>) counts as its enclosing function's code, in synchronous code too.
        /// </summary>
        public static bool TryGetFunction(IOperation operation, ISymbol containingSymbol, KnownTypes types, out EnclosingFunction function, out bool inLambdaRunAtOnce)
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

        /// <summary>
        /// The synchronous code a call into this compilation runs: the callee (when it is not async code), what runs of it
        /// when a bool parameter is given a constant <c>false</c> (<c>Dispose(false)</c>), or the synchronous path of a
        /// dual-mode callee asked for it (<c>async: false</c>, or the caller's own flag passed on from a synchronous path,
        /// <paramref name="from"/>). Null when the callee runs asynchronously.
        /// </summary>
        public static BlockingNode? CallTarget(IOperation operation, IMethodSymbol callee, BlockingNode? from, KnownTypes types)
        {
            callee = callee.OriginalDefinition;
            if (operation is IInvocationOperation invocation)
            {
                if (DualModeCode.AsyncFlagParameter(callee) is { } flag
                    && DualModeCode.FlagArgument(invocation, out var forwarded) is var value
                    && (value.HasValue || forwarded))
                {
                    return value == false || (forwarded && from is { SyncPath: true }) ? new BlockingNode(callee, flag.Ordinal) : null;
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
                            return new BlockingNode(callee, parameter.Ordinal);
                        }
                    }
                }
            }

            return AsyncContext.IsAsyncCode(callee, types) ? null : new BlockingNode(callee);
        }

        /// <summary>The nodes a member can have: itself, and what runs of it when one of its first bool parameters is false.</summary>
        public IEnumerable<BlockingNode> NodesOf(IMethodSymbol member)
        {
            yield return new BlockingNode(member);
            for (var ordinal = 0; ordinal < MaxFlagOrdinal && ordinal < member.Parameters.Length; ordinal++)
            {
                if (member.Parameters[ordinal].Type.SpecialType == SpecialType.System_Boolean)
                {
                    yield return new BlockingNode(member, ordinal);
                }
            }
        }

        /// <summary>The member a call, property access or object creation runs, or null.</summary>
        public static IMethodSymbol? Target(IOperation operation) => operation switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IObjectCreationOperation creation => creation.Constructor,
            IPropertyReferenceOperation property => IsWritten(property) ? property.Property.SetMethod : property.Property.GetMethod,
            _ => null,
        };

        /// <summary>A member of this compilation with a body the search can follow.</summary>
        public bool IsInSource(IMethodSymbol method)
            => !method.IsAbstract
               && !method.IsExtern
               && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, Assembly)
               && !method.DeclaringSyntaxReferences.IsEmpty;

        /// <summary>
        /// The shortest chain from each member to a blocking expression: a breadth-first search backwards from the members
        /// that block in their own body, level by level, so that a member's chain is final when first found; among chains
        /// of equal length the ordinally first text wins (then the first root, by position). Independent of the order the
        /// facts were gathered in. Only the calls into the members the search reaches are worked out (<see cref="CallersOf"/>).
        /// With <paramref name="onlyWhereAsyncCodeReaches"/> (the analyzer), pending synchronous I/O is resolved only in the
        /// members that calls from async code may reach; else (the fixers, one callee at a time) all of it.
        /// </summary>
        public Dictionary<BlockingNode, BlockingChain> ResolveChains(CancellationToken cancellationToken, bool onlyWhereAsyncCodeReaches = false)
        {
            Drain();
            ResolvePendingIO(onlyWhereAsyncCodeReaches, cancellationToken);
            var chains = new Dictionary<BlockingNode, BlockingChain>();
            var frontier = new List<BlockingNode>();
            foreach (var root in Roots)
            {
                chains[root.Key] = new BlockingChain(root.Key.DisplayName + " → " + root.Value.Text, root.Value, length: 1, throughSyncPath: root.Key.SyncPath ? root.Key : (BlockingNode?)null, fixPoint: root.Key.SyncPath ? null : root.Key);
                frontier.Add(root.Key);
            }

            for (var depth = 1; depth < MaxDepth && frontier.Count > 0; depth++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var next = new Dictionary<BlockingNode, BlockingChain>();
                foreach (var callee in frontier)
                {
                    var below = chains[callee];
                    foreach (var caller in CallersOf(callee))
                    {
                        if (chains.ContainsKey(caller))
                        {
                            continue;
                        }

                        var candidate = new BlockingChain(
                            caller.DisplayName + " → " + below.Text,
                            below.Root,
                            below.Length + 1,
                            caller.SyncPath ? caller : below.ThroughSyncPath,
                            below.FixPoint ?? (caller.SyncPath ? null : caller));
                        if (!next.TryGetValue(caller, out var known) || IsBefore(candidate, known))
                        {
                            next[caller] = candidate;
                        }
                    }
                }

                frontier = new List<BlockingNode>(next.Keys);
                foreach (var found in next)
                {
                    chains[found.Key] = found.Value;
                }
            }

            return chains;
        }

        /// <summary>Of two chains of the same length from one member: the ordinally first text, then the first root.</summary>
        private static bool IsBefore(BlockingChain candidate, BlockingChain known)
            => string.CompareOrdinal(candidate.Text, known.Text) is var byText && byText != 0
                ? byText < 0
                : string.CompareOrdinal(candidate.Root.Key, known.Root.Key) < 0;

        /// <summary>
        /// Turns the pending synchronous-I/O calls into roots where the oracle finds a counterpart: with
        /// <paramref name="onlyWhereAsyncCodeReaches"/>, only those in the members that the calls from async code may reach
        /// (following, member to member, every collected call that could be an edge, from synchronous or dual-mode code
        /// into a member with synchronous code, without working out which ones count: a superset of the members on the
        /// chains a call site can have, so the same chains there); else all of them (the fixers ask about one callee at a
        /// time). The others stay pending for a later question.
        /// </summary>
        private void ResolvePendingIO(bool onlyWhereAsyncCodeReaches, CancellationToken cancellationToken)
        {
            if (_pendingIO.IsEmpty)
            {
                return;
            }

            HashSet<IMethodSymbol>? reached = null;
            if (onlyWhereAsyncCodeReaches)
            {
                reached = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
                var callees = new Dictionary<IMethodSymbol, List<IMethodSymbol>>(SymbolEqualityComparer.Default);
                var pending = new Stack<IMethodSymbol>();
                foreach (var calls in _callsInto)
                {
                    if (calls.Value.Count == 0 || !MayHaveNodes(calls.Key, calls.Value[0].Shared.Types))
                    {
                        continue; // async code, not dual-mode: no call into it is a call site or an edge
                    }

                    foreach (var call in calls.Value)
                    {
                        if (call.Function.IsAsyncCode && reached.Add(calls.Key))
                        {
                            pending.Push(calls.Key);
                        }

                        // Only synchronous code, or dual-mode code (its synchronous path), runs its callees as a node does.
                        if (call.Function.FunctionOperation is not IAnonymousFunctionOperation
                            && (!call.Function.IsAsyncCode || DualModeCode.AsyncFlagParameter(call.Function.Symbol) != null))
                        {
                            var caller = call.Function.Symbol.OriginalDefinition;
                            if (!callees.TryGetValue(caller, out var list))
                            {
                                callees[caller] = list = new List<IMethodSymbol>();
                            }

                            list.Add(calls.Key);
                        }
                    }
                }

                while (pending.Count > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
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
            }

            var unreached = new List<PendingIO>();
            while (_pendingIO.TryDequeue(out var io))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (reached != null && !io.Nodes.Exists(node => reached.Contains(node.Member)))
                {
                    unreached.Add(io);
                    continue;
                }

                if (SynchronousIO(io.Invocation, io.Function, io.ContainingSymbol, io.Options, io.Shared) is { } counterpart)
                {
                    var root = BlockingRoot.From(io.Invocation, counterpart);
                    foreach (var node in io.Nodes)
                    {
                        AddRoot(node, root);
                    }
                }
            }

            foreach (var io in unreached)
            {
                _pendingIO.Enqueue(io);
            }
        }

        /// <summary>Whether a call can run synchronous code of <paramref name="member"/> (<see cref="CallTarget"/> can give a node of it).</summary>
        private static bool MayHaveNodes(IMethodSymbol member, KnownTypes types)
            => !AsyncContext.IsAsyncCode(member, types) || DualModeCode.AsyncFlagParameter(member) != null;

        /// <summary>File and position: orders roots and call sites the same way on every run.</summary>
        public static string SortKey(Location location)
            => (location.SourceTree?.FilePath ?? string.Empty) + ":" + location.SourceSpan.Start.ToString("D9", System.Globalization.CultureInfo.InvariantCulture);

        private void AddRoot(BlockingNode node, BlockingRoot root)
            => Roots.AddOrUpdate(node, root, (_, known) => string.CompareOrdinal(root.Key, known.Key) < 0 ? root : known);

        /// <summary>
        /// An auto-implemented accessor (<c>get;</c>, <c>set;</c>, <c>init;</c>) of a property that is not partial: it has
        /// no body, so the search records nothing about it and no chain goes through it.
        /// </summary>
        private static bool IsAutoAccessor(IMethodSymbol method)
            => method.MethodKind is MethodKind.PropertyGet or MethodKind.PropertySet
               && method.DeclaringSyntaxReferences is { Length: 1 } references
               && references[0].GetSyntax() is AccessorDeclarationSyntax { Body: null, ExpressionBody: null, Parent.Parent: PropertyDeclarationSyntax property }
               && !property.Modifiers.Any(SyntaxKind.PartialKeyword);

        private static bool IsWritten(IPropertyReferenceOperation property)
            => property.Parent is IAssignmentOperation assignment && assignment.Target == property && assignment is ISimpleAssignmentOperation;

        /// <summary>
        /// Calls that may count as synchronous I/O: not <c>Dispose</c> (disposal is ASYNC202's and ASYNC201's question, and
        /// most of it does no I/O), and not a member of this compilation (an abstract or interface member of it runs one of
        /// its implementations here, which the search does not follow through virtual dispatch).
        /// </summary>
        private bool IsIOCandidate(IMethodSymbol method)
            => method.Name != "Dispose" && !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, Assembly);

        private static BlockingRoot? RootAt(IOperation operation, bool mayBlock, bool mayDoIO, EnclosingFunction function, ISymbol containingSymbol, AnalyzerOptions options, CompilationContext shared)
            => mayBlock && shared.Blocking.Blocks(operation, shared) ? BlockingRoot.From(operation, io: null)
                : mayDoIO && SynchronousIO((IInvocationOperation)operation, function, containingSymbol, options, shared) is { } counterpart ? BlockingRoot.From(operation, counterpart)
                : null;

        /// <summary>Synchronous I/O with an awaitable counterpart that binds here (the oracle's answer, with ASYNC201's exclusions), as "'NameAsync' exists".</summary>
        private static string? SynchronousIO(IInvocationOperation invocation, EnclosingFunction function, ISymbol containingSymbol, AnalyzerOptions options, CompilationContext shared)
        {
            var receiver = AsyncCounterparts.Receiver(invocation);
            if (invocation.Syntax is not InvocationExpressionSyntax || CounterpartExclusions.Excludes(invocation, receiver, options))
            {
                return null;
            }

            var counterpart = shared.Counterparts.Find(invocation, CounterpartShape.Await, token: null, containingSymbol, function.Symbol, options);
            return counterpart is null || DownLevelTargets.For(counterpart.Method, options) is { Everywhere: true } ? null : counterpart.Method.Name;
        }
    }

    /// <summary>
    /// <see cref="BlockingGraph"/> asked lazily, one callee at a time, for the code fixes: ASYNC105's fix asks where the
    /// blocking below a call is (the cascade starts at that expression), the make-async cascade whether a member it
    /// reaches calls blocking code where no await may stand. The facts are gathered from the bodies of the members the
    /// question reaches (to the depth a chain can have), exactly as the analyzer gathers them, and the chains are
    /// resolved by the same search, so the answer is the chain ASYNC105's message names. Generated code is skipped, as
    /// the analyzer skips it. One instance per compilation and analyzer options (<see cref="For"/>); facts are kept.
    /// </summary>
    internal sealed class BlockingChains
    {
        private readonly CompilationContext _context;
        private readonly AnalyzerOptions _options;
        private readonly BlockingGraph _graph;
        private readonly object _gate = new object();
        private readonly HashSet<IMethodSymbol> _collected = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        private readonly Dictionary<IMethodSymbol, int> _explored = new Dictionary<IMethodSymbol, int>(SymbolEqualityComparer.Default);
        private readonly Dictionary<SyntaxTree, SemanticModel> _models = new Dictionary<SyntaxTree, SemanticModel>();
        private Dictionary<BlockingNode, BlockingChain>? _chains;

        private BlockingChains(CompilationContext context, AnalyzerOptions options)
        {
            _context = context;
            _options = options;
            _graph = new BlockingGraph(context.Compilation.Assembly);
        }

        /// <summary>The lazy search of <paramref name="context"/>'s compilation with <paramref name="options"/> (a project's analyzer options).</summary>
        public static BlockingChains For(CompilationContext context, AnalyzerOptions options)
        {
            return context.ChainsByOptions.GetValue(options, o => new BlockingChains(context, o));
        }

        /// <summary>
        /// The chain below the synchronous code that <paramref name="call"/> (a call, property access or object creation)
        /// runs, or null when it blocks nowhere the search sees.
        /// </summary>
        public BlockingChain? Below(IOperation call, CancellationToken cancellationToken)
        {
            if (BlockingGraph.Target(call) is not { } target
                || !_graph.IsInSource(target)
                || BlockingGraph.CallTarget(call, target, from: null, _context.Types) is not { } node)
            {
                return null;
            }

            return Of(node, cancellationToken);
        }

        /// <summary>
        /// The blocking expressions of <paramref name="member"/>'s own code in <paramref name="body"/> (its body, with the
        /// synchronous lambdas it runs at once), in source order: where the chains through it end, as the analyzer finds them.
        /// </summary>
        public IEnumerable<(IOperation Operation, BlockingRoot Root)> RootsIn(IOperation body, IMethodSymbol member)
        {
            foreach (var operation in body.DescendantsAndSelf())
            {
                if (operation.Kind is OperationKind.Invocation or OperationKind.PropertyReference
                    && RootAt(operation, member) is { } root)
                {
                    yield return (operation, root);
                }
            }
        }

        /// <summary><paramref name="operation"/> as a blocking expression of <paramref name="member"/>'s own code, or null.</summary>
        public BlockingRoot? RootAt(IOperation operation, IMethodSymbol member)
        {
            if (!BlockingGraph.TryGetFunction(operation, member, _context.Types, out var function, out _)
                || function.FunctionOperation is IAnonymousFunctionOperation
                || !SymbolEqualityComparer.Default.Equals(function.Symbol.OriginalDefinition, member.OriginalDefinition)
                || BlockingGraph.RunsRarely(operation, _context))
            {
                return null;
            }

            return _graph.RootAt(operation, function, member, _options, _context);
        }

        /// <summary>The chain below <paramref name="node"/>, or null.</summary>
        public BlockingChain? Of(BlockingNode node, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                if (Explore(node.Member, cancellationToken))
                {
                    _chains = null;
                }

                _chains ??= _graph.ResolveChains(cancellationToken);
                return _chains.TryGetValue(node, out var chain) ? chain : null;
            }
        }

        /// <summary>Gathers the facts of the members within a chain's reach of <paramref name="start"/>; true when any were new.</summary>
        private bool Explore(IMethodSymbol start, CancellationToken cancellationToken)
        {
            var changed = false;
            var pending = new Queue<(IMethodSymbol Member, int Remaining)>();
            pending.Enqueue((start.OriginalDefinition, BlockingGraph.MaxDepth - 1));
            while (pending.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (member, remaining) = pending.Dequeue();
                if (_explored.TryGetValue(member, out var known) && known >= remaining)
                {
                    continue;
                }

                _explored[member] = remaining;
                changed |= CollectOnce(member, cancellationToken);
                if (remaining == 0)
                {
                    continue;
                }

                foreach (var node in _graph.NodesOf(member))
                {
                    foreach (var callee in _graph.CalleesOf(node))
                    {
                        pending.Enqueue((callee.Member, remaining - 1));
                    }
                }
            }

            return changed;
        }

        /// <summary>Feeds every operation of the member's body (and the local functions in it) to the graph, once per member.</summary>
        private bool CollectOnce(IMethodSymbol member, CancellationToken cancellationToken)
        {
            var owner = member;
            while (owner.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction && owner.ContainingSymbol is IMethodSymbol outer)
            {
                owner = outer; // a local function's code is analyzed with the member it is declared in
            }

            if (!_collected.Add(owner.OriginalDefinition) || GeneratedCode.IsGenerated(owner))
            {
                return false;
            }

            foreach (var reference in owner.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax(cancellationToken);
                if (GeneratedCode.IsGenerated(syntax.SyntaxTree, _options, cancellationToken))
                {
                    continue;
                }

                if (!_models.TryGetValue(syntax.SyntaxTree, out var model))
                {
                    _models[syntax.SyntaxTree] = model = CreateModel(syntax.SyntaxTree);
                }

                if (model.GetOperation(syntax, cancellationToken) is not { } body)
                {
                    continue;
                }

                foreach (var operation in body.DescendantsAndSelf())
                {
                    if (operation.Kind is OperationKind.Invocation or OperationKind.PropertyReference or OperationKind.ObjectCreation)
                    {
                        _graph.Collect(operation, owner, _options, _context);
                    }
                }
            }

            return true;
        }

#pragma warning disable RS1030 // The fixes' search binds only the bodies a question reaches, lazily; no analyzer callback hands out their models.
        private SemanticModel CreateModel(SyntaxTree tree) => _context.Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
    }
}
