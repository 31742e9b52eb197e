using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace AsyncLint.Core
{
    /// <summary>
    /// The one per-compilation context every AsyncLint analyzer reads: the known types, the blocking catalogue, the
    /// async-counterpart oracle with its caches, the file's ConfigureAwait style and the UI-context facts. Built once per
    /// compilation and shared by all analyzers that run on it (the table is weak: it lives exactly as long as the
    /// compilation), so a counterpart question asked by ASYNC201 is answered from the cache for ASYNC105 and ASYNC202.
    /// Ask for it in a compilation-start action; <see cref="TryGet"/> is null when the compilation has no
    /// <c>System.Threading.Tasks.Task</c>, and then an analyzer registers nothing.
    /// </summary>
    internal sealed class CompilationContext
    {
        private static readonly ConditionalWeakTable<Compilation, Holder> Cache = new ConditionalWeakTable<Compilation, Holder>();

        private readonly Lazy<BlockingCatalogue> _blocking;
        private readonly Lazy<CompletedTaskMembers> _completedTasks;
        private readonly Lazy<AsyncCounterparts> _counterparts;
        private readonly Lazy<UiContext> _ui;
        private readonly Lazy<TaskObservation> _observation;

        private CompilationContext(KnownTypes types)
        {
            Types = types;
            _blocking = new Lazy<BlockingCatalogue>(() => new BlockingCatalogue(types), LazyThreadSafetyMode.ExecutionAndPublication);
            _completedTasks = new Lazy<CompletedTaskMembers>(() => new CompletedTaskMembers(types), LazyThreadSafetyMode.ExecutionAndPublication);
            _counterparts = new Lazy<AsyncCounterparts>(() => new AsyncCounterparts(types), LazyThreadSafetyMode.ExecutionAndPublication);
            _ui = new Lazy<UiContext>(() => new UiContext(types.Compilation), LazyThreadSafetyMode.ExecutionAndPublication);
            _observation = new Lazy<TaskObservation>(() => new TaskObservation(types), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public Compilation Compilation => Types.Compilation;

        public KnownTypes Types { get; }

        /// <summary>What blocks: the blocking catalogue, resolved to symbols on first use.</summary>
        public BlockingCatalogue Blocking => _blocking.Value;

        /// <summary>Source members that only hand out completed tasks (per member, cached).</summary>
        public CompletedTaskMembers CompletedTasks => _completedTasks.Value;

        /// <summary>The async-counterpart oracle, with its per-compilation caches.</summary>
        public AsyncCounterparts Counterparts => _counterparts.Value;

        /// <summary>Whether a file writes <c>ConfigureAwait(false)</c>; each file is read once.</summary>
        public ConfigureAwaitStyle ConfigureAwait { get; } = new ConfigureAwaitStyle();

        /// <summary>Does code run on a UI thread (per type, cached)?</summary>
        public UiContext Ui => _ui.Value;

        /// <summary>The code fixes' lazy chain searches, one per analyzer options (<see cref="BlockingChains.For"/>).</summary>
        internal ConditionalWeakTable<Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions, BlockingChains> ChainsByOptions { get; } = new ConditionalWeakTable<Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions, BlockingChains>();

        /// <summary>Per function body (its syntax): the members it fills (<see cref="LazyInitialization"/>).</summary>
        internal ConcurrentDictionary<SyntaxNode, HashSet<ISymbol>> FilledMembers { get; } = new ConcurrentDictionary<SyntaxNode, HashSet<ISymbol>>();

        /// <summary>Can a task's exception go unseen (callee summaries cached per method)?</summary>
        public TaskObservation Observation => _observation.Value;

        /// <summary>The context of <paramref name="compilation"/>, or null when it has no Task type.</summary>
        public static CompilationContext? TryGet(Compilation compilation)
            => Cache.GetValue(compilation, c => new Holder(c.GetTypeByMetadataName("System.Threading.Tasks.Task") is { } task ? new CompilationContext(new KnownTypes(c, task)) : null)).Context;

        private sealed class Holder
        {
            public Holder(CompilationContext? context) => Context = context;

            public CompilationContext? Context { get; }
        }
    }
}
