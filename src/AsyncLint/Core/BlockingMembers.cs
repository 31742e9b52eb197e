using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace AsyncLint.Core
{
    /// <summary>What a blocking synchronization primitive is, and what to use instead in async code.</summary>
    internal sealed class BlockingPrimitive
    {
        public BlockingPrimitive(string typeName, string methodName, bool isStatic, string? asyncAlternative, string advice, int timeoutArgumentIndex)
        {
            TypeName = typeName;
            MethodName = methodName;
            IsStatic = isStatic;
            AsyncAlternative = asyncAlternative;
            Advice = advice;
            TimeoutArgumentIndex = timeoutArgumentIndex;
        }

        /// <summary>Metadata name of the declaring type (derived types count too: <c>Mutex.WaitOne</c> is <c>WaitHandle.WaitOne</c>).</summary>
        public string TypeName { get; }

        public string MethodName { get; }

        public bool IsStatic { get; }

        /// <summary>The awaitable method on the same receiver that takes the same arguments, or null when there is none.</summary>
        public string? AsyncAlternative { get; }

        /// <summary>The remedy for messages.</summary>
        public string Advice { get; }

        /// <summary>Which argument is a timeout (a zero timeout is a poll, not a wait); -1 when none.</summary>
        public int TimeoutArgumentIndex { get; }
    }

    /// <summary>
    /// The curated table of blocking members that ASYNC101–ASYNC103 own, resolved once per compilation (reach it through
    /// <see cref="CompilationContext.Blocking"/>). Other rules (ASYNC201's counterpart search) consult
    /// <see cref="IsOwnedByBlockingRules"/> so that one call is reported once, by the rule that explains it best.
    /// </summary>
    internal sealed class BlockingMembers
    {
        private const string UseAsyncPrimitive = "use an async-aware primitive instead (SemaphoreSlim.WaitAsync, TaskCompletionSource, Channel)";

        private static readonly BlockingPrimitive[] Table =
        {
            new BlockingPrimitive("System.Threading.SemaphoreSlim", "Wait", false, "WaitAsync", "use 'await {0}.WaitAsync(...)' instead", 0),
            new BlockingPrimitive("System.Threading.Thread", "Join", false, null, "await a Task that represents the thread's work instead", 0),
            new BlockingPrimitive("System.Threading.ManualResetEventSlim", "Wait", false, null, UseAsyncPrimitive, 0),
            new BlockingPrimitive("System.Threading.WaitHandle", "WaitOne", false, null, UseAsyncPrimitive, 0),
            new BlockingPrimitive("System.Threading.WaitHandle", "WaitAll", true, null, UseAsyncPrimitive, 1),
            new BlockingPrimitive("System.Threading.WaitHandle", "WaitAny", true, null, UseAsyncPrimitive, 1),
            new BlockingPrimitive("System.Threading.WaitHandle", "SignalAndWait", true, null, UseAsyncPrimitive, 2),
            new BlockingPrimitive("System.Threading.CountdownEvent", "Wait", false, null, UseAsyncPrimitive, 0),
            new BlockingPrimitive("System.Threading.Barrier", "SignalAndWait", false, null, UseAsyncPrimitive, 0),
            new BlockingPrimitive("System.Threading.Monitor", "Wait", true, null, UseAsyncPrimitive, 1),
            new BlockingPrimitive("System.Threading.SpinWait", "SpinUntil", true, null, "await a Task or a TaskCompletionSource that completes when the condition holds", 1),
        };

        private readonly KnownTypes _types;
        private readonly Dictionary<string, List<(INamedTypeSymbol Type, BlockingPrimitive Primitive)>> _byMethodName =
            new Dictionary<string, List<(INamedTypeSymbol, BlockingPrimitive)>>();

        internal BlockingMembers(Compilation compilation, KnownTypes types)
        {
            _types = types;
            foreach (var primitive in Table)
            {
                var type = compilation.GetTypeByMetadataName(primitive.TypeName);
                if (type is null)
                {
                    continue;
                }

                if (!_byMethodName.TryGetValue(primitive.MethodName, out var list))
                {
                    _byMethodName[primitive.MethodName] = list = new List<(INamedTypeSymbol, BlockingPrimitive)>();
                }

                list.Add((type, primitive));
            }
        }

        /// <summary>The primitive <paramref name="method"/> is, or null. Cheap: a name lookup first.</summary>
        public BlockingPrimitive? FindPrimitive(IMethodSymbol method)
        {
            if (!_byMethodName.TryGetValue(method.Name, out var candidates))
            {
                return null;
            }

            foreach (var (type, primitive) in candidates)
            {
                if (primitive.IsStatic != method.IsStatic)
                {
                    continue;
                }

                for (var current = method.ContainingType; current != null; current = current.BaseType)
                {
                    if (SymbolEqualityComparer.Default.Equals(current, type))
                    {
                        return primitive;
                    }
                }
            }

            return null;
        }

        /// <summary>Task waits (ASYNC101), Thread.Sleep (ASYNC102) and the primitives above (ASYNC103).</summary>
        public bool IsOwnedByBlockingRules(IMethodSymbol method)
        {
            switch (method.Name)
            {
                case "Wait":
                case "WaitAll":
                case "WaitAny":
                    if (_types.IsTask(method.ContainingType))
                    {
                        return true;
                    }

                    break;
                case "GetResult":
                    if (_types.IsTaskAwaiter(method.ContainingType))
                    {
                        return true;
                    }

                    break;
                case "Sleep":
                    if (SymbolEqualityComparer.Default.Equals(method.ContainingType, _types.Thread))
                    {
                        return true;
                    }

                    break;
            }

            return FindPrimitive(method) != null;
        }
    }
}
