using System.Collections.Immutable;
using AsyncLint.Core;

namespace AsyncLint.Rules
{
    /// <summary>
    /// What ASYNC304 hands its fixer, declared once: <see cref="TaskEscapesScopeAnalyzer"/> writes it with
    /// <see cref="ToProperties"/>, the fixer reads it with <see cref="From"/>; the shared await engine, which makes the
    /// function async and awaits its returns, reads its keys. A finding carries none inside a lock or outside async code (no await may go there), and for a
    /// <c>using</c> resource that is a non-generic task (no result to dispose) or a variable with an explicit type or used
    /// again in the scope (awaited, it would change type under them). The keys are those of
    /// <see cref="DiagnosticProperties"/>.
    /// </summary>
    internal sealed class TaskEscapesScopeFix
    {
        public TaskEscapesScopeFix(bool makeAsync) => MakeAsync = makeAsync;

        /// <summary>The enclosing function is not async: the fix makes it async (and MakeAsync awaits its returns).</summary>
        public bool MakeAsync { get; }

        public ImmutableDictionary<string, string?> ToProperties()
            => DiagnosticProperties.Create(FixKinds.Await, MakeAsync);

        /// <summary>The fix a finding carries, or null when it has none.</summary>
        public static TaskEscapesScopeFix? From(ImmutableDictionary<string, string?> properties)
            => properties.TryGetValue(DiagnosticProperties.Fix, out var kind) && kind == FixKinds.Await
                ? new TaskEscapesScopeFix(properties.ContainsKey(DiagnosticProperties.MakeAsync))
                : null;
    }
}
