using System.Collections.Immutable;
using AsyncLint.Core;

namespace AsyncLint.Rules
{
    /// <summary>
    /// What ASYNC403 hands its fixer, declared once: <see cref="LostInnerTaskAnalyzer"/> writes it with
    /// <see cref="ToProperties"/>, the fixer reads it with <see cref="From"/> (the <c>Task&lt;Task&gt;</c>, the additional
    /// location, → <c>.Unwrap()</c>, or <c>Task.Run</c> for a plain <c>StartNew</c>). Every finding carries one: unwrapping
    /// always observes the inner task; the fixer offers what binds at the site.
    /// </summary>
    internal sealed class LostInnerTaskFix
    {
        private const string TaskRunKey = "TaskRun";

        public LostInnerTaskFix(bool taskRun) => TaskRun = taskRun;

        /// <summary>The origin is <c>Task.Factory.StartNew(() =&gt; …[, ct])</c>, which <c>Task.Run</c> can replace.</summary>
        public bool TaskRun { get; }

        public ImmutableDictionary<string, string?> ToProperties()
            => DiagnosticProperties.Create(FixKinds.Unwrap, makeAsync: false).WithFlag(TaskRunKey, TaskRun);

        /// <summary>The fix a finding carries, or null when the properties are not one.</summary>
        public static LostInnerTaskFix? From(ImmutableDictionary<string, string?> properties)
            => properties.TryGetValue(DiagnosticProperties.Fix, out var kind) && kind == FixKinds.Unwrap
                ? new LostInnerTaskFix(properties.ContainsKey(TaskRunKey))
                : null;
    }
}
