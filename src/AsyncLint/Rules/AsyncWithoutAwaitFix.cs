using System.Collections.Immutable;
using AsyncLint.Core;

namespace AsyncLint.Rules
{
    /// <summary>
    /// What ASYNC404 hands its fixer, declared once: <see cref="AsyncWithoutAwaitAnalyzer"/> writes it with
    /// <see cref="ToProperties"/>, the fixer reads it with <see cref="From"/> (remove <c>async</c>, return completed tasks,
    /// route exceptions through the task). A function that returns no Task or ValueTask (a custom task-like type) carries
    /// none: there is no completed value of it to return.
    /// </summary>
    internal sealed class AsyncWithoutAwaitFix
    {
        private const string CannotThrowKey = "CannotThrow";

        public AsyncWithoutAwaitFix(bool cannotThrow) => CannotThrow = cannotThrow;

        /// <summary>The body cannot throw, so the fix needs no try/catch to route exceptions into the task.</summary>
        public bool CannotThrow { get; }

        public ImmutableDictionary<string, string?> ToProperties()
            => DiagnosticProperties.Create(FixKinds.RemoveAsync, makeAsync: false).WithFlag(CannotThrowKey, CannotThrow);

        /// <summary>The fix a finding carries, or null when it has none.</summary>
        public static AsyncWithoutAwaitFix? From(ImmutableDictionary<string, string?> properties)
            => properties.TryGetValue(DiagnosticProperties.Fix, out var kind) && kind == FixKinds.RemoveAsync
                ? new AsyncWithoutAwaitFix(properties.ContainsKey(CannotThrowKey))
                : null;
    }
}
