using System.Collections.Immutable;
using AsyncLint.Core;

namespace AsyncLint.Rules
{
    /// <summary>
    /// What ASYNC301 hands its fixer, declared once: <see cref="AsyncVoidAnalyzer"/> writes it with
    /// <see cref="ToProperties"/>, the fixer reads it with <see cref="From"/>. Two rewrites:
    /// <see cref="FixKinds.ReturnTask"/> (<c>async void M()</c> → <c>async Task M()</c>, its statement calls awaited in async
    /// callers; the fixer finds the declaration and its callers) where the signature is the method's own to change, and
    /// <see cref="FixKinds.CatchInside"/> (the body catches and traces its exceptions) where a contract (an override, an
    /// interface) or a delegate use forces void. A finding carries none for an event handler (void is its contract, and
    /// the option that reports it asks for a catch the user writes), and for a virtual, abstract, extern or partial method
    /// whose signature cannot change alone.
    /// </summary>
    internal sealed class AsyncVoidFix
    {
        private const string ExceptionNameKey = "NewParameterName";

        public static readonly AsyncVoidFix ReturnTask = new AsyncVoidFix(FixKinds.ReturnTask, null);

        private AsyncVoidFix(string kind, string? exceptionName)
        {
            Kind = kind;
            ExceptionName = exceptionName;
        }

        /// <summary><see cref="FixKinds.ReturnTask"/> or <see cref="FixKinds.CatchInside"/>.</summary>
        public string Kind { get; }

        /// <summary>CatchInside: the name of the caught exception, which nothing in the method uses.</summary>
        public string? ExceptionName { get; }

        public static AsyncVoidFix CatchInside(string exceptionName) => new AsyncVoidFix(FixKinds.CatchInside, exceptionName);

        public ImmutableDictionary<string, string?> ToProperties()
            => DiagnosticProperties.Create(Kind, makeAsync: false).WithValue(ExceptionNameKey, ExceptionName);

        /// <summary>The fix a finding carries, or null when it has none (or the properties are not a whole one).</summary>
        public static AsyncVoidFix? From(ImmutableDictionary<string, string?> properties)
        {
            if (!properties.TryGetValue(DiagnosticProperties.Fix, out var kind))
            {
                return null;
            }

            switch (kind)
            {
                case FixKinds.ReturnTask:
                    return ReturnTask;
                case FixKinds.CatchInside when properties.TryGetValue(ExceptionNameKey, out var name) && name != null:
                    return CatchInside(name);
                default:
                    return null;
            }
        }
    }
}
