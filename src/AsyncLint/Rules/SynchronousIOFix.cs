using System.Collections.Immutable;
using AsyncLint.Core;

namespace AsyncLint.Rules
{
    /// <summary>
    /// What ASYNC201 hands its fixer, declared once: <see cref="SynchronousIOAnalyzer"/> writes it with
    /// <see cref="ToProperties"/>, the fixer reads it with <see cref="From"/> (<c>x.Name(args)</c> →
    /// <c>await x.NameAsync(args, ct)</c>, <c>foreach</c> → <c>await foreach</c>). ASYNC105's fixer hands the same
    /// rewrite a counterpart it found at the call site, through this contract too. A finding carries none where the
    /// remedy needs more than one rewrite: a conditional access that is not a whole statement on a local or a parameter
    /// (the null test would have to be written another way), and a project with another target that lacks the
    /// counterpart (the remedy needs <c>#if</c>). The shared keys are those of <see cref="DiagnosticProperties"/>, which
    /// the await engine also reads.
    /// </summary>
    internal sealed class SynchronousIOFix
    {
        private const string CancellationTokenParameterKey = "CancellationTokenParameter";

        public SynchronousIOFix(
            string kind,
            bool makeAsync,
            string counterpart,
            string? cancellationToken = null,
            string? cancellationTokenParameter = null,
            bool configureAwaitFalse = false,
            bool targetIsAdditionalLocation = true)
        {
            Kind = kind;
            MakeAsync = makeAsync;
            Counterpart = counterpart;
            CancellationToken = cancellationToken;
            CancellationTokenParameter = cancellationTokenParameter;
            ConfigureAwaitFalse = configureAwaitFalse;
            TargetIsAdditionalLocation = targetIsAdditionalLocation;
        }

        /// <summary>Which rewrite: <see cref="FixKinds.AsyncCounterpart"/> or <see cref="FixKinds.AwaitForEach"/>.</summary>
        public string Kind { get; }

        /// <summary>The enclosing function is not async: the fix makes it async.</summary>
        public bool MakeAsync { get; }

        /// <summary>The name of the awaitable counterpart to call instead (<c>LoadAsync</c> for <c>Load</c>).</summary>
        public string Counterpart { get; }

        /// <summary>The CancellationToken expression to forward, when one is in scope.</summary>
        public string? CancellationToken { get; }

        /// <summary>The parameter name the forwarded token is passed to (<c>cancellationToken: ct</c>), when not by position.</summary>
        public string? CancellationTokenParameter { get; }

        /// <summary>The file writes <c>.ConfigureAwait(false)</c>: the added await does too.</summary>
        public bool ConfigureAwaitFalse { get; }

        /// <summary>
        /// The rewritten node is the diagnostic's first additional location (the call, the statement, the loop), not the
        /// reported member name; ASYNC105 reports the call itself.
        /// </summary>
        public bool TargetIsAdditionalLocation { get; }

        public ImmutableDictionary<string, string?> ToProperties()
            => DiagnosticProperties.Create(Kind, MakeAsync, CancellationToken)
                .Add(DiagnosticProperties.Counterpart, Counterpart)
                .WithFlag(DiagnosticProperties.TargetIsAdditionalLocation, TargetIsAdditionalLocation)
                .WithValue(CancellationTokenParameterKey, CancellationTokenParameter)
                .WithFlag(DiagnosticProperties.ConfigureAwaitFalse, ConfigureAwaitFalse);

        /// <summary>The fix a finding carries, or null when it has none (or the properties are not a whole one).</summary>
        public static SynchronousIOFix? From(ImmutableDictionary<string, string?> properties)
        {
            if (!properties.TryGetValue(DiagnosticProperties.Fix, out var kind) || kind is null
                || !properties.TryGetValue(DiagnosticProperties.Counterpart, out var counterpart) || counterpart is null)
            {
                return null;
            }

            properties.TryGetValue(DiagnosticProperties.CancellationToken, out var token);
            properties.TryGetValue(CancellationTokenParameterKey, out var tokenParameter);
            return new SynchronousIOFix(
                kind,
                properties.ContainsKey(DiagnosticProperties.MakeAsync),
                counterpart,
                token,
                tokenParameter,
                properties.ContainsKey(DiagnosticProperties.ConfigureAwaitFalse),
                properties.ContainsKey(DiagnosticProperties.TargetIsAdditionalLocation));
        }
    }
}
