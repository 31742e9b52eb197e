using System.Collections.Immutable;
using AsyncLint.Core;

namespace AsyncLint.Rules
{
    /// <summary>
    /// What ASYNC101 and ASYNC104 hand their fixers, declared once: <see cref="BlockingWaitAnalyzer"/> writes it with
    /// <see cref="ToProperties"/>, the fixers read it with <see cref="From"/>. A finding carries none where no await keeps
    /// the wait's meaning: where the site cannot await (a lock, a lambda run at once, a conditional access), a
    /// <c>Wait(timeout)</c> whose bool is read (WaitAsync throws instead) or on a target without <c>WaitAsync</c>, a
    /// <c>WaitAll</c> with a timeout, a <c>WaitAny</c> whose index is read or given a token, and an awaiter's
    /// <c>GetResult()</c> with no task in sight. The shared keys are those of <see cref="DiagnosticProperties"/>, which the
    /// await engine and the make-async cascade also read.
    /// </summary>
    internal sealed class BlockingWaitFix
    {
        private const string TimeoutInMillisecondsKey = "TimeoutInMilliseconds";
        private const string HasTokenArgumentKey = "HasTokenArgument";

        public BlockingWaitFix(
            string kind,
            bool makeAsync,
            string? conversion = null,
            string? cancellationToken = null,
            bool timeoutInMilliseconds = false,
            bool hasTokenArgument = false)
        {
            Kind = kind;
            MakeAsync = makeAsync;
            Conversion = conversion;
            CancellationToken = cancellationToken;
            TimeoutInMilliseconds = timeoutInMilliseconds;
            HasTokenArgument = hasTokenArgument;
        }

        /// <summary>Which rewrite: <see cref="FixKinds.Await"/>, <see cref="FixKinds.WaitAsync"/>, <see cref="FixKinds.WhenAll"/> or <see cref="FixKinds.WhenAny"/>.</summary>
        public string Kind { get; }

        /// <summary>The enclosing function is not async: the fix makes it async.</summary>
        public bool MakeAsync { get; }

        /// <summary>ASYNC104: how the synchronous member may turn async alone (values in <see cref="SyncToAsyncConversion"/>), or null.</summary>
        public string? Conversion { get; }

        /// <summary>WaitAsync: the CancellationToken in scope, added when the blocking wait had none.</summary>
        public string? CancellationToken { get; }

        /// <summary>WaitAsync: the timeout argument is in milliseconds (an int), so WaitAsync needs <c>TimeSpan.FromMilliseconds</c>.</summary>
        public bool TimeoutInMilliseconds { get; }

        /// <summary>WhenAll: the wait was given a CancellationToken (its last argument), which <c>.WaitAsync(ct)</c> takes.</summary>
        public bool HasTokenArgument { get; }

        public ImmutableDictionary<string, string?> ToProperties()
            => DiagnosticProperties.Create(Kind, MakeAsync, CancellationToken)
                .WithValue(DiagnosticProperties.AsyncConversion, Conversion)
                .WithFlag(TimeoutInMillisecondsKey, TimeoutInMilliseconds)
                .WithFlag(HasTokenArgumentKey, HasTokenArgument);

        /// <summary>The fix a finding carries, or null when it has none.</summary>
        public static BlockingWaitFix? From(ImmutableDictionary<string, string?> properties)
        {
            if (!properties.TryGetValue(DiagnosticProperties.Fix, out var kind) || kind is null)
            {
                return null;
            }

            properties.TryGetValue(DiagnosticProperties.AsyncConversion, out var conversion);
            properties.TryGetValue(DiagnosticProperties.CancellationToken, out var token);
            return new BlockingWaitFix(
                kind,
                properties.ContainsKey(DiagnosticProperties.MakeAsync),
                conversion,
                token,
                properties.ContainsKey(TimeoutInMillisecondsKey),
                properties.ContainsKey(HasTokenArgumentKey));
        }
    }
}
