using System.Collections.Immutable;
using AsyncLint.Core;

namespace AsyncLint.Rules
{
    /// <summary>
    /// What ASYNC103 hands its fixer, declared once: <see cref="BlockingPrimitiveAnalyzer"/> writes it with
    /// <see cref="ToProperties"/>, the fixer reads it with <see cref="From"/>. The one rewrite the analyzer decides is the
    /// same receiver's awaitable twin (<c>semaphore.Wait(…)</c> → <c>await semaphore.WaitAsync(…, ct)</c>); a finding
    /// without it may still get a fix that changes a private field (a one-shot signal, a lock), which only the fixer,
    /// seeing every use of the field in the document, can decide. The keys are those of <see cref="DiagnosticProperties"/>,
    /// which the shared await engine also reads.
    /// </summary>
    internal sealed class BlockingPrimitiveFix
    {
        public BlockingPrimitiveFix(bool makeAsync, string? cancellationToken)
        {
            MakeAsync = makeAsync;
            CancellationToken = cancellationToken;
        }

        /// <summary>The enclosing function is not async: the fix makes it async.</summary>
        public bool MakeAsync { get; }

        /// <summary>The CancellationToken in scope, added to the awaitable call when the blocking one had none.</summary>
        public string? CancellationToken { get; }

        public ImmutableDictionary<string, string?> ToProperties()
            => DiagnosticProperties.Create(FixKinds.AsyncAlternative, MakeAsync, CancellationToken);

        /// <summary>The awaitable-twin fix a finding carries, or null when the analyzer found none.</summary>
        public static BlockingPrimitiveFix? From(ImmutableDictionary<string, string?> properties)
        {
            if (!properties.TryGetValue(DiagnosticProperties.Fix, out var kind) || kind != FixKinds.AsyncAlternative)
            {
                return null;
            }

            properties.TryGetValue(DiagnosticProperties.CancellationToken, out var token);
            return new BlockingPrimitiveFix(properties.ContainsKey(DiagnosticProperties.MakeAsync), token);
        }
    }
}
