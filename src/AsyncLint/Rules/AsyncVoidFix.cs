using System.Collections.Immutable;
using AsyncLint.Core;

namespace AsyncLint.Rules
{
    /// <summary>
    /// What ASYNC301 hands its fixer, declared once: <see cref="AsyncVoidAnalyzer"/> writes it with
    /// <see cref="ToProperties"/>, the fixer reads it with <see cref="From"/> (<c>async void M()</c> → <c>async Task M()</c>,
    /// its statement calls awaited in async callers). It carries no data: the fixer finds the declaration and its callers.
    /// A finding carries none where void is forced or the signature cannot change alone: an event handler, a member whose
    /// contract (an override, an interface) or delegate use forces void, and a virtual, abstract, extern or partial method.
    /// </summary>
    internal sealed class AsyncVoidFix
    {
        public static readonly AsyncVoidFix ReturnTask = new AsyncVoidFix();

        private AsyncVoidFix()
        {
        }

        public ImmutableDictionary<string, string?> ToProperties()
            => DiagnosticProperties.Create(FixKinds.ReturnTask, makeAsync: false);

        /// <summary>The fix a finding carries, or null when it has none.</summary>
        public static AsyncVoidFix? From(ImmutableDictionary<string, string?> properties)
            => properties.TryGetValue(DiagnosticProperties.Fix, out var kind) && kind == FixKinds.ReturnTask ? ReturnTask : null;
    }
}
