using System.Collections.Immutable;
using AsyncLint.Core;

namespace AsyncLint.Rules
{
    /// <summary>
    /// What ASYNC401 hands its fixer, declared once: <see cref="AsyncOverSyncAnalyzer"/> writes it with
    /// <see cref="ToProperties"/>, the fixer reads it with <see cref="From"/>. Three rewrites:
    /// <see cref="FixKinds.MakeSynchronous"/> (a fake-async wrapper becomes a synchronous method returning the work's value,
    /// its callers' awaits removed; the work is the additional location), <see cref="FixKinds.RunInline"/> (an
    /// offloaded step runs inline; the work and the await are the additional locations) and
    /// <see cref="FixKinds.AsyncAlternative"/> (an awaited <c>Task.Run</c> of nothing but a wait becomes the wait's async
    /// form, <c>Task.Delay</c> or the receiver's <c>WaitAsync</c>; the wait is the additional location). A finding carries
    /// none for another offloaded wait (inlined, it would block the async caller: the message names its async form); for a wrapper
    /// whose signature is a contract (override, virtual, interface member) or generic, that is public API while
    /// <c>asynclint.fix_public_api</c> is off, that passes a token, or whose work is not one expression; and for an
    /// offloaded step whose task is not awaited at once, whose token is not cheap to read, or whose work is not one
    /// expression.
    /// </summary>
    internal sealed class AsyncOverSyncFix
    {
        private const string MethodGroupKey = "MethodGroup";
        private const string RenameKey = "Rename";
        private const string AsyncFormKey = "AsyncForm";
        private const string OnTaskKey = "OnTask";

        private AsyncOverSyncFix(string kind, bool methodGroup, string? rename, string? cancellationToken, string? asyncFormName = null, bool onTask = false)
        {
            Kind = kind;
            MethodGroup = methodGroup;
            Rename = rename;
            CancellationToken = cancellationToken;
            AsyncFormName = asyncFormName;
            OnTask = onTask;
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

        /// <summary>AsyncAlternative: the async form's name (<c>Delay</c>, <c>WaitAsync</c>) on the wait's receiver, or on <see cref="System.Threading.Tasks.Task"/> when <see cref="OnTask"/>.</summary>
        public string? AsyncFormName { get; }

        /// <summary>AsyncAlternative: the async form is a static member of Task (<c>Thread.Sleep</c> → <c>Task.Delay</c>).</summary>
        public bool OnTask { get; }

        public static AsyncOverSyncFix AsyncForm(string name, bool onTask)
            => new AsyncOverSyncFix(FixKinds.AsyncAlternative, methodGroup: false, rename: null, cancellationToken: null, name, onTask);

        public ImmutableDictionary<string, string?> ToProperties()
            => DiagnosticProperties.Create(Kind, makeAsync: false, CancellationToken)
                .WithFlag(MethodGroupKey, MethodGroup)
                .WithValue(RenameKey, Rename)
                .WithValue(AsyncFormKey, AsyncFormName)
                .WithFlag(OnTaskKey, OnTask);

        /// <summary>The fix a finding carries, or null when it has none.</summary>
        public static AsyncOverSyncFix? From(ImmutableDictionary<string, string?> properties)
        {
            if (!properties.TryGetValue(DiagnosticProperties.Fix, out var kind) || kind is not (FixKinds.MakeSynchronous or FixKinds.RunInline or FixKinds.AsyncAlternative))
            {
                return null;
            }

            properties.TryGetValue(RenameKey, out var rename);
            properties.TryGetValue(DiagnosticProperties.CancellationToken, out var token);
            properties.TryGetValue(AsyncFormKey, out var asyncForm);
            if (kind == FixKinds.AsyncAlternative && asyncForm is null)
            {
                return null;
            }

            return new AsyncOverSyncFix(kind, properties.ContainsKey(MethodGroupKey), rename, token, asyncForm, properties.ContainsKey(OnTaskKey));
        }
    }
}
