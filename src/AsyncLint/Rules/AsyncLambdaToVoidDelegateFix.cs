using System.Collections.Immutable;
using System.Globalization;
using AsyncLint.Core;

namespace AsyncLint.Rules
{
    /// <summary>
    /// What ASYNC302 hands its fixer, declared once: <see cref="AsyncLambdaToVoidDelegateAnalyzer"/> writes it with
    /// <see cref="ToProperties"/>, the fixer reads it with <see cref="From"/>. A finding without one has no safe rewrite.
    /// The keys are those of <see cref="DiagnosticProperties"/>, which the shared await engine also reads.
    /// </summary>
    internal sealed class AsyncLambdaToVoidDelegateFix
    {
        private const string NewParameterNameKey = "NewParameterName";
        private const string LambdaArgumentKey = "LambdaArgument";
        private const string AwaitResultKey = "AwaitResult";

        public AsyncLambdaToVoidDelegateFix(
            string kind,
            bool makeAsync = false,
            string? cancellationToken = null,
            string? newParameterName = null,
            string? overload = null,
            int lambdaArgument = -1,
            bool awaitResult = false)
        {
            Kind = kind;
            MakeAsync = makeAsync;
            CancellationToken = cancellationToken;
            NewParameterName = newParameterName;
            Overload = overload;
            LambdaArgument = lambdaArgument;
            AwaitResult = awaitResult;
        }

        /// <summary>Which rewrite: <see cref="FixKinds.ForEachLoop"/>, <see cref="FixKinds.ParallelAsync"/>, <see cref="FixKinds.TaskRun"/>, <see cref="FixKinds.TaskOverload"/> or <see cref="FixKinds.CatchInside"/>.</summary>
        public string Kind { get; }

        /// <summary>The enclosing function is not async and the rewrite awaits: the fix makes it async.</summary>
        public bool MakeAsync { get; }

        /// <summary>The CancellationToken in scope that <c>Parallel.ForEachAsync</c> receives.</summary>
        public string? CancellationToken { get; }

        /// <summary>A free name: the lambda's token parameter (ParallelAsync, TaskOverload) or the caught exception (CatchInside).</summary>
        public string? NewParameterName { get; }

        /// <summary>TaskOverload: the overload whose delegate returns a task.</summary>
        public string? Overload { get; }

        /// <summary>TaskOverload: the index of the lambda's argument in the call.</summary>
        public int LambdaArgument { get; }

        /// <summary>TaskOverload: the overload returns a task, which the rewritten call awaits.</summary>
        public bool AwaitResult { get; }

        public ImmutableDictionary<string, string?> ToProperties()
        {
            // The rewritten node is the additional location (the call, the statement or the lambda), not the lambda's header.
            var properties = DiagnosticProperties.Create(Kind, MakeAsync, CancellationToken)
                .Add(DiagnosticProperties.FixTargetIsAdditionalLocation, "true")
                .WithValue(NewParameterNameKey, NewParameterName);
            return Overload is null
                ? properties
                : properties
                    .Add(DiagnosticProperties.Counterpart, Overload)
                    .Add(LambdaArgumentKey, LambdaArgument.ToString(CultureInfo.InvariantCulture))
                    .WithFlag(AwaitResultKey, AwaitResult);
        }

        /// <summary>The fix a finding carries, or null when it has none (or the properties are not a whole one).</summary>
        public static AsyncLambdaToVoidDelegateFix? From(ImmutableDictionary<string, string?> properties)
        {
            if (!properties.TryGetValue(DiagnosticProperties.Fix, out var kind) || kind is null)
            {
                return null;
            }

            properties.TryGetValue(DiagnosticProperties.CancellationToken, out var token);
            properties.TryGetValue(NewParameterNameKey, out var name);
            properties.TryGetValue(DiagnosticProperties.Counterpart, out var overload);
            var lambdaArgument = -1;
            if (overload != null
                && (!properties.TryGetValue(LambdaArgumentKey, out var index)
                    || !int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out lambdaArgument)))
            {
                return null;
            }

            return new AsyncLambdaToVoidDelegateFix(
                kind,
                properties.ContainsKey(DiagnosticProperties.MakeAsync),
                token,
                name,
                overload,
                lambdaArgument,
                properties.ContainsKey(AwaitResultKey));
        }
    }
}
