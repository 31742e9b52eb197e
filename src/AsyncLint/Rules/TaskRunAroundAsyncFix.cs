using System.Collections.Immutable;
using AsyncLint.Core;

namespace AsyncLint.Rules
{
    /// <summary>
    /// What ASYNC402 hands its fixer, declared once: <see cref="TaskRunAroundAsyncAnalyzer"/> writes it with
    /// <see cref="ToProperties"/>, the fixer reads it with <see cref="From"/> (<c>Task.Run(() =&gt; FooAsync())</c> →
    /// <c>FooAsync()</c>; the inner call is the additional location). A finding carries none where the direct call would
    /// not be the same: a returned <c>Task.Run</c> whose task type differs from the inner call's, a token given to
    /// <c>Task.Run</c> that the inner call does not receive too, and a lambda whose body must move in place (it awaits
    /// first and does more).
    /// </summary>
    internal sealed class TaskRunAroundAsyncFix
    {
        private const string MethodGroupKey = "MethodGroup";

        public TaskRunAroundAsyncFix(bool methodGroup) => MethodGroup = methodGroup;

        /// <summary>The inner call is a method group, so the fix adds <c>()</c>.</summary>
        public bool MethodGroup { get; }

        public ImmutableDictionary<string, string?> ToProperties()
            => DiagnosticProperties.Create(FixKinds.CallDirectly, makeAsync: false).WithFlag(MethodGroupKey, MethodGroup);

        /// <summary>The fix a finding carries, or null when it has none.</summary>
        public static TaskRunAroundAsyncFix? From(ImmutableDictionary<string, string?> properties)
            => properties.TryGetValue(DiagnosticProperties.Fix, out var kind) && kind == FixKinds.CallDirectly
                ? new TaskRunAroundAsyncFix(properties.ContainsKey(MethodGroupKey))
                : null;
    }
}
