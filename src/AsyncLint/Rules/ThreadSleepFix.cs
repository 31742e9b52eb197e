using System.Collections.Immutable;
using AsyncLint.Core;

namespace AsyncLint.Rules
{
    /// <summary>
    /// What ASYNC102 hands its fixer, declared once: <see cref="ThreadSleepAnalyzer"/> writes it with
    /// <see cref="ToProperties"/>, the fixer reads it with <see cref="From"/> (<c>Thread.Sleep(x)</c> →
    /// <c>await Task.Delay(x, ct)</c>). A sleep inside a lock or in a lambda run at once carries none: no await may go there.
    /// The keys are those of <see cref="DiagnosticProperties"/>, which the shared await engine also reads.
    /// </summary>
    internal sealed class ThreadSleepFix
    {
        public ThreadSleepFix(bool makeAsync, string? cancellationToken)
        {
            MakeAsync = makeAsync;
            CancellationToken = cancellationToken;
        }

        /// <summary>The enclosing function is not async: the fix makes it async.</summary>
        public bool MakeAsync { get; }

        /// <summary>The CancellationToken in scope, which <c>Task.Delay</c> receives.</summary>
        public string? CancellationToken { get; }

        public ImmutableDictionary<string, string?> ToProperties()
            => DiagnosticProperties.Create(FixKinds.Delay, MakeAsync, CancellationToken);

        /// <summary>The fix a finding carries, or null when it has none.</summary>
        public static ThreadSleepFix? From(ImmutableDictionary<string, string?> properties)
        {
            if (!properties.TryGetValue(DiagnosticProperties.Fix, out var kind) || kind != FixKinds.Delay)
            {
                return null;
            }

            properties.TryGetValue(DiagnosticProperties.CancellationToken, out var token);
            return new ThreadSleepFix(properties.ContainsKey(DiagnosticProperties.MakeAsync), token);
        }
    }
}
