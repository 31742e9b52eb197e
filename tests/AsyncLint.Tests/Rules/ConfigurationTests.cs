using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = AsyncLint.Tests.Verifiers.CSharpAnalyzerVerifier<AsyncLint.Rules.ConfigurationAnalyzer>;

namespace AsyncLint.Tests.Rules
{
    /// <summary>ASYNC001: every asynclint.* key is checked against its declaration; a problem is reported once, with the accepted values.</summary>
    public class ConfigurationTests
    {
        private const string Source = "class C { }";

        /// <summary>
        /// The report sits at the file's first character, before any <c>#pragma</c> the library inserts to check
        /// suppression: a configuration problem is silenced in configuration (severity none), not in code.
        /// </summary>
        private const TestBehaviors Pragma = TestBehaviors.SkipSuppressionCheck;

        private const string Where = "in an .editorconfig that applies to '/0/Test0.cs'";

        [Fact]
        public Task Known_keys_with_good_values_are_silent()
            => new Verify.Test
            {
                TestBehaviors = Pragma,
                TestCode = Source,
                Options =
                {
                    ["asynclint.ASYNC301.flag_event_handlers"] = "true",
                    ["asynclint.flag_event_subscriptions"] = "False",
                    ["asynclint.ASYNC201.excluded_members"] = "M:System.IO.Stream.Flush, T:System.IO.File",
                    ["dotnet_diagnostic.ASYNC101.severity"] = "error",
                },
                GlobalOptions = { ["asynclint.project_kind"] = "ui" },
            }.RunAsync();

        [Fact]
        public Task An_unknown_key_is_reported_with_the_known_keys()
            => new Verify.Test
            {
                TestBehaviors = Pragma,
                TestCode = Source,
                Options = { ["asynclint.ASYNC301.flag_event_handler"] = "true" },
                ExpectedDiagnostics =
                {
                    Verify.Diagnostic("ASYNC001").WithSpan(1, 1, 1, 1).WithArguments(
                        "'asynclint.async301.flag_event_handler' is not an AsyncLint option",
                        Where,
                        "the keys are asynclint.project_kind, asynclint.ASYNC401.fix_public_api, asynclint.ASYNC104.keep_obsolete_sync_wrapper, asynclint.ASYNC201.excluded_members, asynclint.synchronous_providers, asynclint.ASYNC301.flag_event_handlers, asynclint.ASYNC302.flag_event_subscriptions, asynclint.ASYNC303.observing_methods (a rule's key also works without the rule ID, for every rule that has it)"),
                },
            }.RunAsync();

        [Fact]
        public Task A_malformed_value_is_reported_with_the_accepted_values()
            => new Verify.Test
            {
                TestBehaviors = Pragma,
                TestCode = Source,
                Options = { ["asynclint.ASYNC401.fix_public_api"] = "yes" },
                ExpectedDiagnostics =
                {
                    Verify.Diagnostic("ASYNC001").WithSpan(1, 1, 1, 1).WithArguments(
                        "'asynclint.async401.fix_public_api = yes' is not a value AsyncLint can read",
                        Where,
                        "accepted: true or false; the default (false) applies meanwhile"),
                },
            }.RunAsync();

        [Fact]
        public Task A_bad_project_kind_in_a_globalconfig_names_the_kinds()
            => new Verify.Test
            {
                TestBehaviors = Pragma,
                TestCode = Source,
                GlobalOptions = { ["asynclint.project_kind"] = "desktop" },
                ExpectedDiagnostics =
                {
                    Verify.Diagnostic("ASYNC001").WithSpan(1, 1, 1, 1).WithArguments(
                        "'asynclint.project_kind = desktop' is not a value AsyncLint can read",
                        "in the project's global configuration (a .globalconfig)",
                        "accepted: auto, library, application, ui, web, test; the default (auto) applies meanwhile"),
                },
            }.RunAsync();

        [Fact]
        public Task A_project_wide_key_set_per_file_is_reported()
            => new Verify.Test
            {
                TestBehaviors = Pragma,
                TestCode = Source,
                Options = { ["asynclint.project_kind"] = "ui" },
                ExpectedDiagnostics =
                {
                    Verify.Diagnostic("ASYNC001").WithSpan(1, 1, 1, 1).WithArguments(
                        "'asynclint.project_kind' is project-wide but is set per file, where AsyncLint does not read it",
                        Where,
                        "set it in a .globalconfig, or the project's MSBuild property (docs/configuration.md)"),
                },
            }.RunAsync();

        [Fact]
        public Task A_problem_shared_by_every_file_is_reported_once_on_the_first()
        {
            var test = new Verify.Test
            {
                TestBehaviors = Pragma,
                Options = { ["asynclint.nonsense"] = "1" },
                ExpectedDiagnostics =
                {
                    Verify.Diagnostic("ASYNC001").WithSpan("/0/Test0.cs", 1, 1, 1, 1).WithMessage(null),
                },
            };
            test.TestState.Sources.Add(Source);
            test.TestState.Sources.Add("class D { }");
            test.TestState.Sources.Add("class E { }");
            return test.RunAsync();
        }

        [Fact]
        public Task An_unreadable_baseline_is_reported_in_the_file()
        {
            var test = new Verify.Test
            {
                TestBehaviors = Pragma,
                TestCode = Source,
                ExpectedDiagnostics =
                {
                    Verify.Diagnostic("ASYNC001").WithSpan("/0/.asynclint-baseline.json", 1, 1, 1, 1).WithArguments(
                        "the baseline file cannot be read (line 3: expected ':')",
                        "in '/0/.asynclint-baseline.json'",
                        "write it anew with 'dotnet build -p:AsyncLintUpdateBaseline=true'; until then it hides nothing"),
                },
            };
            test.TestState.AdditionalFiles.Add(("/0/.asynclint-baseline.json", "{\n  \"version\": 1,\n  \"findings\" [\n"));
            return test.RunAsync();
        }

        [Fact]
        public Task A_baseline_is_not_checked_by_the_build_that_writes_it()
        {
            var test = new Verify.Test { TestBehaviors = Pragma, TestCode = Source, GlobalOptions = { ["build_property.AsyncLintUpdateBaseline"] = "true" } };
            test.TestState.AdditionalFiles.Add(("/0/.asynclint-baseline.json", "not json"));
            return test.RunAsync();
        }
    }
}
