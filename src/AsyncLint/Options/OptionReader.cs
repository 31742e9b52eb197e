using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncLint.Options
{
    /// <summary>
    /// Reads AsyncLint's own .editorconfig keys for one syntax tree: <c>asynclint.&lt;RuleId&gt;.&lt;name&gt;</c> (one rule)
    /// wins over <c>asynclint.&lt;name&gt;</c> (every rule). Declare each option once, as a static field of
    /// <see cref="AsyncLintOptions"/>, with its default.
    /// </summary>
    internal static class OptionReader
    {
        public static string? GetRaw(AnalyzerOptions options, SyntaxTree tree, string ruleId, string name)
        {
            var config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
            if (config.TryGetValue("asynclint." + ruleId + "." + name, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }

            return config.TryGetValue("asynclint." + name, out value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        }
    }

    /// <summary>A boolean option with its default.</summary>
    internal sealed class BoolOption
    {
        public BoolOption(string ruleId, string name, bool defaultValue)
        {
            RuleId = ruleId;
            Name = name;
            DefaultValue = defaultValue;
        }

        public string RuleId { get; }

        public string Name { get; }

        public bool DefaultValue { get; }

        /// <summary>The full key a user writes: <c>asynclint.ASYNC301.flag_event_handlers</c>.</summary>
        public string Key => "asynclint." + RuleId + "." + Name;

        public bool GetValue(AnalyzerOptions options, SyntaxTree tree)
        {
            var raw = OptionReader.GetRaw(options, tree, RuleId, Name);
            return raw != null && bool.TryParse(raw, out var value) ? value : DefaultValue;
        }
    }

    /// <summary>A comma-separated list option (names, patterns, documentation IDs); empty by default.</summary>
    internal sealed class ListOption
    {
        private static readonly char[] Separators = { ',', ';', ' ' };

        /// <param name="ruleId">The rule whose page documents the option.</param>
        /// <param name="name">The option's name.</param>
        /// <param name="shared">
        /// The option is one fact that several rules read the same way (the counterpart oracle's): its only key is
        /// <c>asynclint.&lt;name&gt;</c>, so that no rule can see a different answer.
        /// </param>
        public ListOption(string ruleId, string name, bool shared = false)
        {
            RuleId = ruleId;
            Name = name;
            Shared = shared;
        }

        public string RuleId { get; }

        public string Name { get; }

        public bool Shared { get; }

        public string Key => Shared ? "asynclint." + Name : "asynclint." + RuleId + "." + Name;

        public ImmutableArray<string> GetValue(AnalyzerOptions options, SyntaxTree tree)
        {
            string? raw;
            if (Shared)
            {
                raw = options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(Key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
            }
            else
            {
                raw = OptionReader.GetRaw(options, tree, RuleId, Name);
            }

            return raw is null ? ImmutableArray<string>.Empty : Split(raw);
        }

        /// <summary>Splits on the separators, except inside parentheses (a documentation ID's parameter list has commas).</summary>
        private static ImmutableArray<string> Split(string raw)
        {
            var items = ImmutableArray.CreateBuilder<string>();
            var depth = 0;
            var start = 0;
            for (var i = 0; i <= raw.Length; i++)
            {
                var c = i < raw.Length ? raw[i] : ',';
                if (c == '(')
                {
                    depth++;
                }
                else if (c == ')' && depth > 0)
                {
                    depth--;
                }
                else if ((depth == 0 || i == raw.Length) && Array.IndexOf(Separators, c) >= 0)
                {
                    if (i > start)
                    {
                        items.Add(raw.Substring(start, i - start));
                    }

                    start = i + 1;
                }
            }

            return items.ToImmutable();
        }
    }

    /// <summary>Every AsyncLint option, declared once with its default. docs/configuration.md lists them all.</summary>
    internal static class AsyncLintOptions
    {
        /// <summary>ASYNC401: offer "Make synchronous" for a fake-async wrapper that is public API (a breaking change).</summary>
        public static readonly BoolOption FixPublicApi = new BoolOption(RuleIds.AsyncOverSync, "fix_public_api", false);

        /// <summary>ASYNC201: members (documentation IDs or Type.Member patterns) whose async counterpart is not wanted.</summary>
        public static readonly ListOption SynchronousIOExcludedMembers = new ListOption(RuleIds.SynchronousIO, "excluded_members");

        /// <summary>
        /// ASYNC201, ASYNC202 (and ASYNC105's hand-off): namespaces or types of data providers whose async API runs
        /// synchronously, added to the built-in Microsoft.Data.Sqlite. One key for every rule: the counterpart oracle reads it.
        /// </summary>
        public static readonly ListOption SynchronousProviders = new ListOption(RuleIds.SynchronousIO, "synchronous_providers", shared: true);

        /// <summary>ASYNC301: report async void event handlers too (teams that ban async void everywhere).</summary>
        public static readonly BoolOption FlagEventHandlers = new BoolOption(RuleIds.AsyncVoid, "flag_event_handlers", false);

        /// <summary>ASYNC302: report async lambdas subscribed with <c>+=</c> (event handlers) too.</summary>
        public static readonly BoolOption FlagEventSubscriptions = new BoolOption(RuleIds.AsyncLambdaToVoidDelegate, "flag_event_subscriptions", false);

        /// <summary>
        /// ASYNC303: methods that observe a task handed to them (<c>task.Forget()</c>); added to the built-in
        /// <c>Forget</c>, <c>FireAndForget</c>, <c>SafeFireAndForget</c>.
        /// </summary>
        public static readonly ListOption ObservingMethods = new ListOption(RuleIds.UnobservedTask, "observing_methods");
    }
}
