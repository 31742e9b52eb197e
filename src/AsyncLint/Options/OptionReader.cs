using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using AsyncLint.Core;
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
        public const string Prefix = "asynclint.";

        public static string? GetRaw(AnalyzerOptions options, SyntaxTree tree, string ruleId, string name)
        {
            var config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
            if (config.TryGetValue(Prefix + ruleId + "." + name, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }

            return config.TryGetValue(Prefix + name, out value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        }
    }

    /// <summary>What an option's value is, as docs/configuration.md names it.</summary>
    internal enum OptionType
    {
        Boolean,
        List,
        Choice,
    }

    /// <summary>
    /// One <c>asynclint.*</c> key: its rule (null for a project-wide key), name, type, default and the values it
    /// accepts. The configuration check (ASYNC001) and docs/configuration.md both read these declarations.
    /// </summary>
    internal abstract class AsyncLintOption
    {
        protected AsyncLintOption(string? ruleId, string name, OptionType type, bool shared = false)
        {
            RuleId = ruleId;
            Name = name;
            Type = type;
            Shared = shared;
        }

        /// <summary>The rule the option belongs to; null for a project-wide key such as <c>asynclint.project_kind</c>.</summary>
        public string? RuleId { get; }

        public string Name { get; }

        public OptionType Type { get; }

        /// <summary>A fact several rules read alike: documented with <see cref="RuleId"/>, but its one key has no rule in it.</summary>
        public bool Shared { get; }

        /// <summary>The full key a user writes: <c>asynclint.ASYNC301.flag_event_handlers</c> (<c>asynclint.name</c> when project-wide or shared).</summary>
        public string Key => RuleId is null || Shared ? OptionReader.Prefix + Name : OptionReader.Prefix + RuleId + "." + Name;

        /// <summary>The default as docs/configuration.md shows it.</summary>
        public abstract string DefaultText { get; }

        /// <summary>The accepted values, as the ASYNC001 message states them.</summary>
        public abstract string AcceptedValues { get; }

        /// <summary>Whether <paramref name="raw"/> (trimmed, non-empty) is a value this option understands.</summary>
        public abstract bool IsValid(string raw);
    }

    /// <summary>A boolean option with its default, which may depend on the project kind (docs/configuration.md, "Project kinds").</summary>
    internal sealed class BoolOption : AsyncLintOption
    {
        public BoolOption(string ruleId, string name, bool defaultValue, params ProjectKind[] trueIn)
            : base(ruleId, name, OptionType.Boolean)
        {
            DefaultValue = defaultValue;
            TrueIn = ImmutableArray.Create(trueIn);
        }

        /// <summary>The default for a library (the SDK's default output type), and for any kind not in <see cref="TrueIn"/>.</summary>
        public bool DefaultValue { get; }

        /// <summary>The project kinds whose default is <c>true</c> although <see cref="DefaultValue"/> is false.</summary>
        public ImmutableArray<ProjectKind> TrueIn { get; }

        public override string DefaultText => DefaultValue ? "`true`" : "`false`";

        public override string AcceptedValues => "true or false";

        public override bool IsValid(string raw) => bool.TryParse(raw, out _);

        public bool DefaultFor(ProjectKind kind) => DefaultValue || TrueIn.Contains(kind);

        public bool GetValue(AnalyzerOptions options, SyntaxTree tree)
        {
            var raw = OptionReader.GetRaw(options, tree, RuleId!, Name);
            return raw != null && bool.TryParse(raw, out var value) ? value : DefaultFor(ProjectKinds.Of(options));
        }
    }

    /// <summary>A comma-separated list option (names, patterns, documentation IDs); empty by default.</summary>
    internal sealed class ListOption : AsyncLintOption
    {
        private static readonly char[] Separators = { ',', ';', ' ' };

        /// <param name="ruleId">The rule whose page documents the option.</param>
        /// <param name="name">The option's name.</param>
        /// <param name="shared">
        /// The option is one fact that several rules read the same way (the counterpart oracle's): its only key is
        /// <c>asynclint.&lt;name&gt;</c>, so that no rule can see a different answer.
        /// </param>
        public ListOption(string ruleId, string name, bool shared = false)
            : base(ruleId, name, OptionType.List, shared)
        {
        }

        public override string DefaultText => "empty";

        public override string AcceptedValues => "a comma-separated list";

        public override bool IsValid(string raw) => true;

        public ImmutableArray<string> GetValue(AnalyzerOptions options, SyntaxTree tree)
        {
            var raw = Shared
                ? (options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(Key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null)
                : OptionReader.GetRaw(options, tree, RuleId!, Name);
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

    /// <summary>A project-wide option whose value is one of a fixed set of words.</summary>
    internal sealed class ChoiceOption : AsyncLintOption
    {
        public ChoiceOption(string name, string defaultValue, params string[] choices)
            : base(ruleId: null, name, OptionType.Choice)
        {
            DefaultValue = defaultValue;
            Choices = ImmutableArray.Create(choices);
        }

        public string DefaultValue { get; }

        public ImmutableArray<string> Choices { get; }

        public override string DefaultText => "`" + DefaultValue + "`";

        public override string AcceptedValues => string.Join(", ", Choices);

        public override bool IsValid(string raw) => Choices.Contains(raw.ToLowerInvariant());

        /// <summary>The value set in the project-wide (global) options, lower-cased; null when absent or not a choice.</summary>
        public string? GetGlobalValue(AnalyzerOptions options)
            => options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(Key, out var raw) && IsValid(raw.Trim())
                ? raw.Trim().ToLowerInvariant()
                : null;
    }

    /// <summary>Every AsyncLint option, declared once with its default. docs/configuration.md lists them all.</summary>
    internal static class AsyncLintOptions
    {
        /// <summary>
        /// The kind of project, which picks defaults (docs/configuration.md, "Project kinds"). The package's MSBuild
        /// targets set it from <c>AsyncLintProjectKind</c>; <c>auto</c> detects the kind from the project's properties.
        /// </summary>
        public static readonly ChoiceOption ProjectKindOption = new ChoiceOption("project_kind", "auto", ProjectKinds.Choices());

        /// <summary>ASYNC401: offer "Make synchronous" for a fake-async wrapper that is public API (a breaking change).</summary>
        public static readonly BoolOption FixPublicApi = new BoolOption(
            RuleIds.AsyncOverSync, "fix_public_api", false, ProjectKind.Application, ProjectKind.Web, ProjectKind.Test);

        /// <summary>
        /// ASYNC104/105's make-async cascade at public API of a library: false stops there (the member keeps blocking
        /// explicitly); true converts it and keeps the synchronous member as an [Obsolete] wrapper beside the async one.
        /// </summary>
        public static readonly BoolOption KeepObsoleteSyncWrapper = new BoolOption(RuleIds.SyncOverAsync, "keep_obsolete_sync_wrapper", false);

        /// <summary>ASYNC201: members (documentation IDs or Type.Member patterns) whose async counterpart is not wanted.</summary>
        public static readonly ListOption SynchronousIOExcludedMembers = new ListOption(RuleIds.SynchronousIO, "excluded_members");

        /// <summary>
        /// ASYNC201, ASYNC202 (and ASYNC105's hand-off): namespaces or types of data providers whose async API runs
        /// synchronously, added to the built-in Microsoft.Data.Sqlite. One key for every rule: the counterpart oracle reads it.
        /// </summary>
        public static readonly ListOption SynchronousProviders = new ListOption(RuleIds.SynchronousIO, "synchronous_providers", shared: true);

        /// <summary>ASYNC301: report async void event handlers too (teams that ban async void everywhere).</summary>
        public static readonly BoolOption FlagEventHandlers = new BoolOption(
            RuleIds.AsyncVoid, "flag_event_handlers", false, ProjectKind.Application, ProjectKind.Web);

        /// <summary>ASYNC302: report async lambdas subscribed with <c>+=</c> (event handlers) too.</summary>
        public static readonly BoolOption FlagEventSubscriptions = new BoolOption(
            RuleIds.AsyncLambdaToVoidDelegate, "flag_event_subscriptions", false, ProjectKind.Application, ProjectKind.Web);

        /// <summary>
        /// ASYNC303: methods that observe a task handed to them (<c>task.Forget()</c>); added to the built-in
        /// <c>Forget</c>, <c>FireAndForget</c>, <c>SafeFireAndForget</c>.
        /// </summary>
        public static readonly ListOption ObservingMethods = new ListOption(RuleIds.UnobservedTask, "observing_methods");

        /// <summary>Every declared option, in declaration order.</summary>
        public static ImmutableArray<AsyncLintOption> All { get; } = ImmutableArray.Create<AsyncLintOption>(
            ProjectKindOption, FixPublicApi, KeepObsoleteSyncWrapper, SynchronousIOExcludedMembers, SynchronousProviders, FlagEventHandlers, FlagEventSubscriptions, ObservingMethods);

        /// <summary>
        /// The declaration a key refers to: the rule-specific form <c>asynclint.ASYNC301.flag_event_handlers</c>, or the
        /// every-rule form <c>asynclint.flag_event_handlers</c>. Null for a key AsyncLint does not know. Keys compare
        /// case-insensitively, as .editorconfig keys do.
        /// </summary>
        public static AsyncLintOption? Find(string key)
        {
            foreach (var option in All)
            {
                if (string.Equals(option.Key, key, StringComparison.OrdinalIgnoreCase)
                    || (option.RuleId != null && !option.Shared && string.Equals(OptionReader.Prefix + option.Name, key, StringComparison.OrdinalIgnoreCase)))
                {
                    return option;
                }
            }

            return null;
        }

        /// <summary>The keys a user may write, for the ASYNC001 message on an unknown key.</summary>
        public static IEnumerable<string> KnownKeys()
        {
            foreach (var option in All)
            {
                yield return option.Key;
            }
        }
    }
}
