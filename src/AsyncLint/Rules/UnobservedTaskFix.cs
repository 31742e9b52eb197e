using System.Collections.Immutable;
using AsyncLint.Core;

namespace AsyncLint.Rules
{
    /// <summary>
    /// What ASYNC303 hands its fixer, declared once: <see cref="UnobservedTaskAnalyzer"/> writes it with
    /// <see cref="ToProperties"/>, the fixer reads it with <see cref="From"/>. In async code where an await may go
    /// (<see cref="FixKinds.Await"/>) the fixer offers both "await it" and "discard it explicitly"; elsewhere
    /// (<see cref="FixKinds.Discard"/>) only the discard. A dropped awaitable that is not a task (<c>Task.Yield()</c>, a
    /// scheduler switch) carries none: it does nothing unless awaited, so discarding it is no remedy, and whether to await
    /// or remove it is the author's call. The shared keys are those of <see cref="DiagnosticProperties"/>, which the await
    /// engine also reads.
    /// </summary>
    internal sealed class UnobservedTaskFix
    {
        public UnobservedTaskFix(bool canAwait, bool makeAsync)
        {
            CanAwait = canAwait;
            MakeAsync = canAwait && makeAsync;
        }

        /// <summary>An await may replace the drop here (<see cref="FixKinds.Await"/>); otherwise only the discard applies.</summary>
        public bool CanAwait { get; }

        /// <summary>CanAwait, and the enclosing function is not async: the await fix makes it async.</summary>
        public bool MakeAsync { get; }

        public ImmutableDictionary<string, string?> ToProperties()
            => DiagnosticProperties.Create(CanAwait ? FixKinds.Await : FixKinds.Discard, MakeAsync);

        /// <summary>The fix a finding carries, or null when it has none.</summary>
        public static UnobservedTaskFix? From(ImmutableDictionary<string, string?> properties)
            => properties.TryGetValue(DiagnosticProperties.Fix, out var kind) && kind is FixKinds.Await or FixKinds.Discard
                ? new UnobservedTaskFix(kind == FixKinds.Await, properties.ContainsKey(DiagnosticProperties.MakeAsync))
                : null;
    }
}
