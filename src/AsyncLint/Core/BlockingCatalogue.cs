using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AsyncLint.Core
{
    /// <summary>What a blocking member waits for, which tells where its subject is and which rule owns it.</summary>
    internal enum BlockingKind
    {
        /// <summary><c>t.Result</c> on Task&lt;T&gt; or ValueTask&lt;T&gt;: the task is the instance.</summary>
        TaskResult,

        /// <summary><c>t.Wait(…)</c>: the task is the instance.</summary>
        TaskWait,

        /// <summary><c>awaiter.GetResult()</c>: the task is <c>x</c> of <c>x.GetAwaiter()</c>, or the awaiter itself.</summary>
        AwaiterGetResult,

        /// <summary><c>Task.WaitAll</c>/<c>Task.WaitAny</c>: the tasks are the arguments.</summary>
        TaskWaitAllOrAny,

        /// <summary><c>Thread.Sleep</c>.</summary>
        Sleep,

        /// <summary>A blocking synchronization primitive (<c>SemaphoreSlim.Wait</c>, <c>WaitHandle.WaitOne</c>, …).</summary>
        Primitive,
    }

    /// <summary>One row of the blocking catalogue: a member that blocks the calling thread.</summary>
    internal sealed class BlockingMember
    {
        public BlockingMember(string[] typeNames, string name, bool isStatic, BlockingKind kind, string rule, int timeoutArgumentIndex, string? asyncAlternative, string? advice = null)
        {
            TypeNames = typeNames;
            Name = name;
            IsStatic = isStatic;
            Kind = kind;
            Rule = rule;
            TimeoutArgumentIndex = timeoutArgumentIndex;
            AsyncAlternative = asyncAlternative;
            Advice = advice;
        }

        /// <summary>Metadata names of the declaring types (derived types count too: <c>Mutex.WaitOne</c> is <c>WaitHandle.WaitOne</c>).</summary>
        public string[] TypeNames { get; }

        public string Name { get; }

        public bool IsStatic { get; }

        public BlockingKind Kind { get; }

        /// <summary>The rule that reports it in async code (ASYNC101, ASYNC102 or ASYNC103; ASYNC101's waits are ASYNC104's in synchronous code).</summary>
        public string Rule { get; }

        /// <summary>Which parameter is a timeout (a zero timeout is a poll, not a wait); -1 when none.</summary>
        public int TimeoutArgumentIndex { get; }

        /// <summary>The awaitable member that replaces it on the same receiver (<c>WaitAsync</c>), or null when there is none.</summary>
        public string? AsyncAlternative { get; }

        /// <summary>ASYNC103's remedy for messages (<c>{0}</c> is the receiver).</summary>
        public string? Advice { get; }
    }

    /// <summary>One blocking call found in code: the catalogue row, the operation, and the task it waits for.</summary>
    internal readonly struct BlockingCall
    {
        public BlockingCall(BlockingMember member, IOperation operation, IOperation? task, bool throughAwaiter, IOperation? timeout = null)
        {
            Member = member;
            Operation = operation;
            Task = task;
            ThroughAwaiter = throughAwaiter;
            IsPoll = timeout.IsZeroTimeout();
            IsBounded = timeout != null && !timeout.IsInfiniteTimeout();
        }

        public BlockingMember Member { get; }

        /// <summary>The invocation or property reference.</summary>
        public IOperation Operation { get; }

        /// <summary>The task waited for (<c>t</c> in <c>t.Result</c> or <c>t.GetAwaiter().GetResult()</c>), or null (WaitAll, Sleep, primitives).</summary>
        public IOperation? Task { get; }

        /// <summary><c>t.GetAwaiter().GetResult()</c>: the task is reached through <c>GetAwaiter()</c>.</summary>
        public bool ThroughAwaiter { get; }

        /// <summary>A constant zero timeout: the call polls and does not block.</summary>
        public bool IsPoll { get; }

        /// <summary>A timeout is given and it is not infinite: the call blocks at most that long (<c>task.Wait(1500)</c>).</summary>
        public bool IsBounded { get; }
    }

    /// <summary>
    /// The one answer to "what blocks?": a table of members (type, member, timeout argument, async alternative, owning
    /// rule) resolved to symbols once per compilation, a member name when code first calls a member of that name (reach it
    /// through <see cref="CompilationContext.Blocking"/>).
    /// ASYNC101–105 and ASYNC401 classify operations with it; ASYNC201's exclusions ask <see cref="IsOwnedByBlockingRule"/>
    /// so that one call is reported once, by the rule that explains it best. Thread-affine locks (held across an await,
    /// ASYNC103) are in <see cref="Locks"/>. Modelled on vs-threading's CommonInterest (one table, several rules).
    /// </summary>
    internal sealed class BlockingCatalogue
    {
        private const string UseAsyncPrimitive = "use an async-aware primitive instead (SemaphoreSlim.WaitAsync, TaskCompletionSource, Channel)";

        /// <summary>
        /// <c>token.WaitHandle.WaitOne(delay)</c>: a sleep that ends early when the token is cancelled. Its async form is
        /// <c>Task.Delay(delay, token)</c>, not another primitive: the advice names it.
        /// </summary>
        public static string? CancellableSleepAdvice(IInvocationOperation invocation)
        {
            if (invocation.TargetMethod.Name != "WaitOne"
                || invocation.Arguments.Length != 1
                || invocation.Instance.WalkDownConversions() is not IPropertyReferenceOperation { Property.Name: "WaitHandle", Instance: { } token } handle
                || handle.Property.ContainingType?.Name != "CancellationToken")
            {
                return null;
            }

            return "a cancellable sleep: use 'await Task.Delay(" + DisplayText.Of(invocation.Arguments[0].Value.Syntax) + ", " + DisplayText.Of(token.Syntax)
                + ")' instead (it throws OperationCanceledException when the token is cancelled, where WaitOne returns)";
        }
        private const string Tasks = "System.Threading.Tasks.";
        private const string CompilerServices = "System.Runtime.CompilerServices.";

        private static readonly string[] TaskTypes = { Tasks + "Task" };
        private static readonly string[] ResultTypes = { Tasks + "Task`1", Tasks + "ValueTask`1" };

        private static readonly string[] AwaiterTypes =
        {
            CompilerServices + "TaskAwaiter",
            CompilerServices + "TaskAwaiter`1",
            CompilerServices + "ValueTaskAwaiter",
            CompilerServices + "ValueTaskAwaiter`1",
            CompilerServices + "ConfiguredTaskAwaitable+ConfiguredTaskAwaiter",
            CompilerServices + "ConfiguredTaskAwaitable`1+ConfiguredTaskAwaiter",
            CompilerServices + "ConfiguredValueTaskAwaitable+ConfiguredValueTaskAwaiter",
            CompilerServices + "ConfiguredValueTaskAwaitable`1+ConfiguredValueTaskAwaiter",
        };

        /// <summary>The catalogue. Add a blocking member here and every rule that asks "does this block?" knows it.</summary>
        private static readonly BlockingMember[] Table =
        {
            new BlockingMember(ResultTypes, "Result", false, BlockingKind.TaskResult, RuleIds.BlockingWait, -1, null),
            new BlockingMember(TaskTypes, "Wait", false, BlockingKind.TaskWait, RuleIds.BlockingWait, 0, "WaitAsync"),
            new BlockingMember(AwaiterTypes, "GetResult", false, BlockingKind.AwaiterGetResult, RuleIds.BlockingWait, -1, null),
            new BlockingMember(TaskTypes, "WaitAll", true, BlockingKind.TaskWaitAllOrAny, RuleIds.BlockingWait, 1, "WhenAll"),
            new BlockingMember(TaskTypes, "WaitAny", true, BlockingKind.TaskWaitAllOrAny, RuleIds.BlockingWait, 1, "WhenAny"),
            new BlockingMember(new[] { "System.Threading.Thread" }, "Sleep", true, BlockingKind.Sleep, RuleIds.ThreadSleep, 0, "Delay"),
            Primitive("System.Threading.SemaphoreSlim", "Wait", false, "WaitAsync", "use 'await {0}.WaitAsync(...)' instead", 0),
            Primitive("System.Threading.Thread", "Join", false, null, "await a Task that represents the thread's work instead", 0),
            Primitive("System.Threading.ManualResetEventSlim", "Wait", false, null, UseAsyncPrimitive, 0),
            Primitive("System.Threading.WaitHandle", "WaitOne", false, null, UseAsyncPrimitive, 0),
            Primitive("System.Threading.WaitHandle", "WaitAll", true, null, UseAsyncPrimitive, 1),
            Primitive("System.Threading.WaitHandle", "WaitAny", true, null, UseAsyncPrimitive, 1),
            Primitive("System.Threading.WaitHandle", "SignalAndWait", true, null, UseAsyncPrimitive, 2),
            Primitive("System.Threading.CountdownEvent", "Wait", false, null, UseAsyncPrimitive, 0),
            Primitive("System.Threading.Barrier", "SignalAndWait", false, null, UseAsyncPrimitive, 0),
            Primitive("System.Threading.Monitor", "Wait", true, null, UseAsyncPrimitive, 1),
            Primitive("System.Threading.SpinWait", "SpinUntil", true, null, "await a Task or a TaskCompletionSource that completes when the condition holds", 1),
        };

        private static readonly ImmutableHashSet<string> Names = CreateNames();

        /// <summary>The table's rows per member name, in the table's order.</summary>
        private static readonly Dictionary<string, BlockingMember[]> TableByName =
            Table.GroupBy(member => member.Name, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.ToArray(), StringComparer.Ordinal);

        private readonly Compilation _compilation;
        private readonly Lazy<ThreadAffineLocks> _locks;

        /// <summary>Per member name, the rows of that name with their declaring types: resolved when code first calls a member of that name.</summary>
        private readonly ConcurrentDictionary<string, (INamedTypeSymbol Type, BlockingMember Member)[]> _byName =
            new ConcurrentDictionary<string, (INamedTypeSymbol, BlockingMember)[]>(StringComparer.Ordinal);

        internal BlockingCatalogue(KnownTypes types)
        {
            _compilation = types.Compilation;
            _locks = new Lazy<ThreadAffineLocks>(() => new ThreadAffineLocks(types.Compilation), LazyThreadSafetyMode.PublicationOnly);
        }

        /// <summary>Thread-affine locks (Monitor, ReaderWriterLockSlim, Mutex): what releases what.</summary>
        public ThreadAffineLocks Locks => _locks.Value;

        /// <summary>A name pre-filter: only members with these names can be in the catalogue.</summary>
        public static bool MayBlockByName(string name) => Names.Contains(name);

        /// <summary>
        /// "Owned by a blocking rule": the member is in the catalogue, so a rule that would report it for another reason
        /// (ASYNC201: <c>SemaphoreSlim.Wait</c> has <c>WaitAsync</c>) leaves it to ASYNC101–103. Answered from the
        /// table by the declaring type's name, for callers that have no compilation context at hand.
        /// </summary>
        public static bool IsOwnedByBlockingRule(IMethodSymbol method)
        {
            if (!Names.Contains(method.Name))
            {
                return false;
            }

            for (var type = method.ContainingType; type != null; type = type.BaseType)
            {
                var name = MetadataName(type.OriginalDefinition);
                foreach (var member in Table)
                {
                    if (member.Name == method.Name && member.IsStatic == method.IsStatic && Array.IndexOf(member.TypeNames, name) >= 0)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The catalogue row of <paramref name="member"/> (a method or the <c>Result</c> property), or null. A name lookup first.</summary>
        public BlockingMember? Find(ISymbol member)
        {
            if (!TableByName.TryGetValue(member.Name, out var named) || member.ContainingType is null)
            {
                return null;
            }

            var candidates = Resolve(member.Name, named);

            var isProperty = member.Kind == SymbolKind.Property;
            foreach (var (type, row) in candidates)
            {
                if (row.IsStatic != member.IsStatic || (row.Kind == BlockingKind.TaskResult) != isProperty)
                {
                    continue;
                }

                for (var current = member.ContainingType; current != null; current = current.BaseType)
                {
                    if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, type))
                    {
                        return row;
                    }
                }
            }

            return null;
        }

        /// <summary>The blocking call <paramref name="operation"/> is (an invocation or a <c>Result</c> reference), or null.</summary>
        public BlockingCall? Classify(IOperation operation)
        {
            switch (operation)
            {
                case IPropertyReferenceOperation reference:
                    if (reference.Property.Name != "Result"
                        || reference.Instance is null
                        || reference.Instance is IInstanceReferenceOperation
                        || Find(reference.Property) is not { } result)
                    {
                        return null;
                    }

                    return new BlockingCall(result, reference, reference.Instance, throughAwaiter: false);
                case IInvocationOperation invocation:
                    if (!Names.Contains(invocation.TargetMethod.Name) || Find(invocation.TargetMethod) is not { } member)
                    {
                        return null;
                    }

                    if (!member.IsStatic && invocation.Instance is null)
                    {
                        return null;
                    }

                    var task = default(IOperation);
                    var throughAwaiter = false;
                    if (member.Kind == BlockingKind.TaskWait)
                    {
                        task = invocation.Instance;
                    }
                    else if (member.Kind == BlockingKind.AwaiterGetResult)
                    {
                        throughAwaiter = invocation.Instance.WalkDownConversions() is IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: not null };
                        task = throughAwaiter ? ((IInvocationOperation)invocation.Instance.WalkDownConversions()!).Instance : invocation.Instance;
                    }

                    return new BlockingCall(member, invocation, task, throughAwaiter, TimeoutArgument(invocation, member.TimeoutArgumentIndex));
                default:
                    return null;
            }
        }

        /// <summary>
        /// Does <paramref name="operation"/> block the thread, whatever code it is in? A catalogued call that is not a
        /// zero-timeout poll and, for a wait on a task, whose task is not provably complete (ASYNC105's fact).
        /// </summary>
        public bool Blocks(IOperation operation, CompilationContext context)
        {
            if (Classify(operation) is not { IsPoll: false } call)
            {
                return false;
            }

            return call.Member.Kind switch
            {
                BlockingKind.TaskResult or BlockingKind.TaskWait or BlockingKind.AwaiterGetResult => !TaskCompletion.IsProvablyComplete(call.Task, operation, context),
                _ => true,
            };
        }

        /// <summary>Of the table's rows named <paramref name="name"/> (<paramref name="named"/>), those whose declaring type the compilation has, in the table's order.</summary>
        private (INamedTypeSymbol Type, BlockingMember Member)[] Resolve(string name, BlockingMember[] named)
        {
            if (_byName.TryGetValue(name, out var rows))
            {
                return rows;
            }

            var resolved = new List<(INamedTypeSymbol, BlockingMember)>();
            foreach (var member in named)
            {
                foreach (var typeName in member.TypeNames)
                {
                    if (_compilation.GetTypeByMetadataName(typeName) is { } type)
                    {
                        resolved.Add((type, member));
                    }
                }
            }

            return _byName.GetOrAdd(name, resolved.ToArray());
        }

        /// <summary>The argument for the timeout parameter at <paramref name="index"/> (an int, a long or a TimeSpan), or null.</summary>
        private static IOperation? TimeoutArgument(IInvocationOperation invocation, int index)
        {
            if (index < 0)
            {
                return null;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is not { } parameter || parameter.Ordinal != index)
                {
                    continue;
                }

                var type = parameter.Type;
                var isTimeout = type.SpecialType == SpecialType.System_Int32
                    || type.SpecialType == SpecialType.System_Int64
                    || (type.Name == "TimeSpan" && type.ContainingNamespace?.Name == "System");
                return isTimeout ? argument.Value : null;
            }

            return null;
        }

        private static BlockingMember Primitive(string typeName, string name, bool isStatic, string? asyncAlternative, string advice, int timeoutArgumentIndex)
            => new BlockingMember(new[] { typeName }, name, isStatic, BlockingKind.Primitive, RuleIds.BlockingPrimitive, timeoutArgumentIndex, asyncAlternative, advice);

        private static ImmutableHashSet<string> CreateNames()
        {
            var builder = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
            foreach (var member in Table)
            {
                builder.Add(member.Name);
            }

            return builder.ToImmutable();
        }

        /// <summary>"System.Threading.Tasks.Task`1", "System.Runtime.CompilerServices.ConfiguredTaskAwaitable+ConfiguredTaskAwaiter".</summary>
        private static string MetadataName(INamedTypeSymbol type)
        {
            var name = type.MetadataName;
            if (type.ContainingType is { } outer)
            {
                return MetadataName(outer) + "+" + name;
            }

            var ns = type.ContainingNamespace;
            return ns is null || ns.IsGlobalNamespace ? name : ns.ToDisplayString() + "." + name;
        }
    }
}
