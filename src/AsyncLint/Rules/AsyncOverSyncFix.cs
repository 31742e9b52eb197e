using System.Collections.Immutable;
using AsyncLint.Core;

namespace AsyncLint.Rules
{
    /// <summary>
    /// What ASYNC401 hands its fixer, declared once: <see cref="AsyncOverSyncAnalyzer"/> writes it with
    /// <see cref="ToProperties"/>, the fixer reads it with <see cref="From"/>. Two rewrites:
    /// <see cref="FixKinds.MakeSynchronous"/> (a fake-async wrapper becomes a synchronous method returning the work's value,
    /// its callers' awaits removed; the work is the additional location) and <see cref="FixKinds.RunInline"/> (an
    /// offloaded step runs inline; the work and the await are the additional locations). A finding carries none for an
    /// offloaded wait (inlined, it would block the async caller: the message names its async form instead); for a wrapper
    /// whose signature is a contract (override, virtual, interface member) or generic, that is public API while
    /// <c>asynclint.fix_public_api</c> is off, that passes a token, or whose work is not one expression; and for an
    /// offloaded step whose task is not awaited at once, whose token is not cheap to read, or whose work is not one
    /// expression.
    /// </summary>
    internal sealed class AsyncOverSyncFix
    {
        private const string MethodGroupKey = "MethodGroup";
        private const string RenameKey = "Rename";

        private AsyncOverSyncFix(string kind, bool methodGroup, string? rename, string? cancellationToken)
        {
            Kind = kind;
            MethodGroup = methodGroup;
            Rename = rename;
            CancellationToken = cancellationToken;
        }

        /// <summary><see cref="FixKinds.MakeSynchronous"/> or <see cref="FixKinds.RunInline"/>.</summary>
        public string Kind { get; }

        /// <summary>The work is a method group, so the inlined call needs <c>()</c>.</summary>
        public bool MethodGroup { get; }

        /// <summary>MakeSynchronous: the wrapper's name without its Async suffix (it is no contract), or null to keep the name.</summary>
        public string? Rename { get; }

        /// <summary>RunInline: the token <c>Task.Run</c> was given, checked with <c>ThrowIfCancellationRequested()</c> before the work.</summary>
        public string? CancellationToken { get; }

        public static AsyncOverSyncFix MakeSynchronous(bool methodGroup, string? rename)
            => new AsyncOverSyncFix(FixKinds.MakeSynchronous, methodGroup, rename, cancellationToken: null);

        public static AsyncOverSyncFix RunInline(bool methodGroup, string? cancellationToken)
            => new AsyncOverSyncFix(FixKinds.RunInline, methodGroup, rename: null, cancellationToken);

        public ImmutableDictionary<string, string?> ToProperties()
            => DiagnosticProperties.Create(Kind, makeAsync: false, CancellationToken)
                .WithFlag(MethodGroupKey, MethodGroup)
                .WithValue(RenameKey, Rename);

        /// <summary>The fix a finding carries, or null when it has none.</summary>
        public static AsyncOverSyncFix? From(ImmutableDictionary<string, string?> properties)
        {
            if (!properties.TryGetValue(DiagnosticProperties.Fix, out var kind) || kind is not (FixKinds.MakeSynchronous or FixKinds.RunInline))
            {
                return null;
            }

            properties.TryGetValue(RenameKey, out var rename);
            properties.TryGetValue(DiagnosticProperties.CancellationToken, out var token);
            return new AsyncOverSyncFix(kind, properties.ContainsKey(MethodGroupKey), rename, token);
        }
    }
}
