using System.Collections.Immutable;
using AsyncLint.Core;

namespace AsyncLint.Rules
{
    /// <summary>
    /// What ASYNC305 hands its fixer, declared once: <see cref="NullTaskReturnAnalyzer"/> writes it with
    /// <see cref="ToProperties"/>, the fixer reads it with <see cref="From"/>: <c>return null;</c> →
    /// <c>return Task.CompletedTask;</c> / <c>Task.FromResult&lt;T&gt;(default)</c>, and <c>return x?.FooAsync();</c> →
    /// <c>return x?.FooAsync() ?? Task.CompletedTask;</c>. Every finding carries one: a completed task always keeps the
    /// meaning "nothing to do".
    /// </summary>
    internal sealed class NullTaskReturnFix
    {
        private const string ResultTypeKey = "ResultType";
        private const string SuppressNullableKey = "SuppressNullable";

        public NullTaskReturnFix(bool coalesce, string? resultType, bool suppressNullable)
        {
            Coalesce = coalesce;
            ResultType = resultType;
            SuppressNullable = suppressNullable;
        }

        /// <summary>The null comes from a conditional access, which keeps its place: <c>?? Task.CompletedTask</c> follows it.</summary>
        public bool Coalesce { get; }

        /// <summary>The T of the Task&lt;T&gt; the fix writes (<c>Task.FromResult&lt;T&gt;(default)</c>), as it reads at the site; null for a plain Task.</summary>
        public string? ResultType { get; }

        /// <summary>The fix writes <c>default!</c>: T is a non-nullable reference type in a nullable-enabled context.</summary>
        public bool SuppressNullable { get; }

        public ImmutableDictionary<string, string?> ToProperties()
            => DiagnosticProperties.Create(Coalesce ? FixKinds.CoalesceCompletedTask : FixKinds.CompletedTask, makeAsync: false)
                .WithValue(ResultTypeKey, ResultType)
                .WithFlag(SuppressNullableKey, SuppressNullable);

        /// <summary>The fix a finding carries, or null when the properties are not one.</summary>
        public static NullTaskReturnFix? From(ImmutableDictionary<string, string?> properties)
        {
            if (!properties.TryGetValue(DiagnosticProperties.Fix, out var kind) || kind is not (FixKinds.CompletedTask or FixKinds.CoalesceCompletedTask))
            {
                return null;
            }

            properties.TryGetValue(ResultTypeKey, out var resultType);
            return new NullTaskReturnFix(kind == FixKinds.CoalesceCompletedTask, resultType, properties.ContainsKey(SuppressNullableKey));
        }
    }
}
