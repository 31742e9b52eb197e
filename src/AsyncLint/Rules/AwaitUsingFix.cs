using System.Collections.Immutable;
using AsyncLint.Core;

namespace AsyncLint.Rules
{
    /// <summary>
    /// What ASYNC202 hands its fixer, declared once: <see cref="AwaitUsingAnalyzer"/> writes it with
    /// <see cref="ToProperties"/>, the fixer reads it with <see cref="From"/> (<c>using</c> → <c>await using</c>). A
    /// finding carries none where the remedy needs more than one rewrite can write: a file that writes
    /// <c>ConfigureAwait(false)</c> where no form keeping it compiles, or a project with another target that has no async
    /// disposal (the remedy needs <c>#if</c>). The shared keys are those of <see cref="DiagnosticProperties"/>, which the
    /// await engine also reads.
    /// </summary>
    internal sealed class AwaitUsingFix
    {
        private const string SpliceIntoBlockKey = "AwaitUsing.SpliceIntoBlock";

        public AwaitUsingFix(bool makeAsync, bool configureAwaitFalse = false, bool spliceIntoBlock = false)
        {
            MakeAsync = makeAsync;
            ConfigureAwaitFalse = configureAwaitFalse;
            SpliceIntoBlock = spliceIntoBlock;
        }

        /// <summary>The enclosing function is not async: the fix makes it async.</summary>
        public bool MakeAsync { get; }

        /// <summary>The file writes <c>.ConfigureAwait(false)</c>: the disposal's await does too.</summary>
        public bool ConfigureAwaitFalse { get; }

        /// <summary>
        /// ConfigureAwaitFalse: the statements that keep it may stand in the enclosing block itself (no later declaration
        /// there reuses the variable's name); otherwise they get braces of their own.
        /// </summary>
        public bool SpliceIntoBlock { get; }

        public ImmutableDictionary<string, string?> ToProperties()
            => DiagnosticProperties.Create(FixKinds.AwaitUsing, MakeAsync)
                .WithFlag(DiagnosticProperties.ConfigureAwaitFalse, ConfigureAwaitFalse)
                .WithFlag(SpliceIntoBlockKey, SpliceIntoBlock);

        /// <summary>The fix a finding carries, or null when it has none.</summary>
        public static AwaitUsingFix? From(ImmutableDictionary<string, string?> properties)
            => properties.TryGetValue(DiagnosticProperties.Fix, out var kind) && kind == FixKinds.AwaitUsing
                ? new AwaitUsingFix(
                    properties.ContainsKey(DiagnosticProperties.MakeAsync),
                    properties.ContainsKey(DiagnosticProperties.ConfigureAwaitFalse),
                    properties.ContainsKey(SpliceIntoBlockKey))
                : null;
    }
}
