using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Threading.Tasks;
using AsyncLint.Core;
using Microsoft.CodeAnalysis.Diagnostics;
using AsyncOverSync = AsyncLint.Tests.Verifiers.CSharpCodeFixVerifier<AsyncLint.Rules.AsyncOverSyncAnalyzer, AsyncLint.CodeFixes.Rules.AsyncOverSyncCodeFixProvider>;
using AsyncVoid = AsyncLint.Tests.Verifiers.CSharpCodeFixVerifier<AsyncLint.Rules.AsyncVoidAnalyzer, AsyncLint.CodeFixes.Rules.AsyncVoidCodeFixProvider>;
using LambdaToVoid = AsyncLint.Tests.Verifiers.CSharpCodeFixVerifier<AsyncLint.Rules.AsyncLambdaToVoidDelegateAnalyzer, AsyncLint.CodeFixes.Rules.AsyncLambdaToVoidDelegateCodeFixProvider>;

namespace AsyncLint.Tests.Rules
{
    /// <summary>
    /// What the project kind changes in the analyzers' decisions (docs/configuration.md, "Project kinds"); the severity
    /// changes are global configs, proven by the integration tests. The MSBuild facts arrive as <c>build_property.*</c>.
    /// </summary>
    public class ProjectKindTests
    {
        private const string Usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        private const string Handler = Usings + @"
class Worker
{
    public event EventHandler? Tick;

    public Worker() => Tick += OnTick;

    private async void {|#0:OnTick|}(object? sender, EventArgs e) => await Task.Delay(1);
}";

        private const string Offloaded = Usings + @"
static class Rules { public static int Validate(int r) => r; }
class OrderHandler
{
    public async Task<int> HandleAsync(int request)
    {
        var n = await {|#0:Task.Run(() => Rules.Validate(request))|};
        await Task.Delay(1);
        return n;
    }
}";

        [Theory]
        [InlineData("build_property.OutputType", "Exe")]
        [InlineData("build_property.OutputType", "WinExe")]
        [InlineData("build_property.UsingMicrosoftNETSdkWeb", "true")]
        [InlineData("asynclint.project_kind", "web")]
        public Task Async_void_event_handlers_are_reported_in_applications_and_web_projects(string key, string value)
            => new AsyncVoid.Test
            {
                TestCode = Handler,
                ExpectedDiagnostics =
                {
                    AsyncVoid.Diagnostic("ASYNC301").WithLocation(0).WithArguments("event handler 'OnTick'", "an exception it throws crashes the process; catch exceptions inside the handler"),
                },
                GlobalOptions = { [key] = value },
            }.RunAsync();

        [Theory]
        [InlineData("build_property.OutputType", "Library")]
        [InlineData("build_property.UseWPF", "true")]
        [InlineData("build_property.UseWindowsForms", "true")]
        [InlineData("build_property.UseMaui", "true")]
        [InlineData("build_property.IsTestProject", "true")]
        public Task Async_void_event_handlers_are_normal_in_ui_library_and_test_projects(string key, string value)
            => new AsyncVoid.Test { TestCode = Handler.Replace("{|#0:OnTick|}", "OnTick"), GlobalOptions = { [key] = value } }.RunAsync();

        [Fact]
        public Task The_rule_option_wins_over_the_kind()
            => new AsyncVoid.Test
            {
                TestCode = Handler.Replace("{|#0:OnTick|}", "OnTick"),
                GlobalOptions = { ["build_property.OutputType"] = "Exe" },
                Options = { ["asynclint.ASYNC301.flag_event_handlers"] = "false" },
            }.RunAsync();

        [Fact]
        public Task A_handler_that_catches_every_exception_is_not_reported_even_where_handlers_are()
            => new AsyncVoid.Test
            {
                TestCode = Usings + @"
class Worker
{
    public event EventHandler? Tick;

    public Worker() => Tick += OnTick;

    private async void OnTick(object? sender, EventArgs e)
    {
        try
        {
            await Task.Delay(1);
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine(ex);
        }
    }

    private async void {|#0:OnRethrow|}(object? sender, EventArgs e)
    {
        try
        {
            await Task.Delay(1);
        }
        catch (Exception)
        {
            throw;
        }
    }
}",
                ExpectedDiagnostics =
                {
                    AsyncVoid.Diagnostic("ASYNC301").WithLocation(0).WithArguments("event handler 'OnRethrow'", "an exception it throws crashes the process; catch exceptions inside the handler"),
                },
                GlobalOptions = { ["build_property.UsingMicrosoftNETSdkWeb"] = "true" },
            }.RunAsync();

        [Fact]
        public Task Async_lambdas_subscribed_to_events_are_reported_in_a_web_project_unless_they_catch_everything()
            => new LambdaToVoid.Test
            {
                TestCode = Usings + @"
class Worker
{
    public event EventHandler? Tick;

    public void Wire()
    {
        Tick += {|#0:async (s, e) =>|} await Task.Delay(1);
        Tick += async (s, e) =>
        {
            try { await Task.Delay(1); }
            catch { }
        };
    }
}",
                ExpectedDiagnostics =
                {
                    LambdaToVoid.Diagnostic("ASYNC302").WithLocation(0).WithArguments("Async lambda", "EventHandler", "nobody awaits it and an exception it throws crashes the process", "pass a delegate that returns a Task (an overload taking Func<..., Task>), or catch every exception inside the lambda"),
                },
                GlobalOptions = { ["build_property.UsingMicrosoftNETSdkWeb"] = "true" },
            }.RunAsync();

        [Theory]
        [InlineData("build_property.UseWPF", "true")]
        [InlineData("asynclint.project_kind", "ui")]
        public Task In_a_UI_project_an_offloaded_step_frees_the_UI_thread_and_is_not_reported(string key, string value)
            => new AsyncOverSync.Test { TestCode = Offloaded.Replace("{|#0:", string.Empty).Replace(")|};", ");"), GlobalOptions = { [key] = value } }.RunAsync();

        [Fact]
        public Task In_a_UI_project_a_fake_async_wrapper_is_still_reported()
        {
            var source = Usings + @"
static class Rules { public static int Compute(int x) => x * 2; }
public class Calculator
{
    public Task<int> ComputeAsync(int x) => [|Task.Run(() => Rules.Compute(x))|];
}";
            return new AsyncOverSync.Test { TestCode = source, FixedCode = source, GlobalOptions = { ["build_property.UseWPF"] = "true" } }.RunAsync();
        }

        [Fact]
        public Task A_web_project_reports_the_offloaded_step()
            => new AsyncOverSync.Test
            {
                TestCode = Offloaded,
                FixedCode = Offloaded.Replace("{|#0:Task.Run(() => Rules.Validate(request))|}", "Rules.Validate(request)").Replace("await Rules", "Rules"),
                ExpectedDiagnostics = { AsyncOverSync.Diagnostic("ASYNC401").WithLocation(0).WithOptions(Microsoft.CodeAnalysis.Testing.DiagnosticOptions.IgnoreAdditionalLocations).WithMessage(null) },
                GlobalOptions = { ["build_property.UsingMicrosoftNETSdkWeb"] = "true" },
            }.RunAsync();

        [Fact]
        public Task A_public_wrapper_gets_Make_synchronous_in_an_application_but_not_in_a_library()
        {
            var source = Usings + @"
static class Rules { public static int Compute(int x) => x * 2; }
public class Calculator
{
    public Task<int> ComputeAsync(int x) => [|Task.Run(() => Rules.Compute(x))|];
}";
            var synchronous = Usings + @"
static class Rules { public static int Compute(int x) => x * 2; }
public class Calculator
{
    public int ComputeAsync(int x) => Rules.Compute(x);
}";
            return Task.WhenAll(
                new AsyncOverSync.Test { TestCode = source, FixedCode = synchronous, GlobalOptions = { ["build_property.OutputType"] = "Exe" } }.RunAsync(),
                new AsyncOverSync.Test { TestCode = source, FixedCode = source, GlobalOptions = { ["build_property.OutputType"] = "Library" } }.RunAsync());
        }

        [Theory]
        [InlineData("library")]
        [InlineData("test", "IsTestProject", "true", "UseWPF", "true", "UsingMicrosoftNETSdkWeb", "true")]
        [InlineData("ui", "UseWPF", "true", "UsingMicrosoftNETSdkWeb", "true", "OutputType", "Exe")]
        [InlineData("ui", "UseWindowsForms", "True", "OutputType", "WinExe")]
        [InlineData("web", "UsingMicrosoftNETSdkWeb", "true", "OutputType", "Exe")]
        [InlineData("application", "OutputType", "exe")]
        [InlineData("library", "OutputType", "Library", "UseWPF", "false")]
        public void Auto_detects_the_kind_from_the_first_true_fact(string expected, params string[] facts)
        {
            var options = new Dictionary<string, string>();
            for (var i = 0; i < facts.Length; i += 2)
            {
                options["build_property." + facts[i]] = facts[i + 1];
            }

            Assert.Equal(expected, ProjectKinds.Name(ProjectKinds.Resolve(new DictionaryOptions(options))));
        }

        [Theory]
        [InlineData("ui", "ui")]
        [InlineData("Test", "test")]
        [InlineData("auto", "web")]
        [InlineData("nonsense", "web")]
        public void An_explicit_kind_wins_over_detection(string configured, string expected)
        {
            var options = new Dictionary<string, string>
            {
                ["asynclint.project_kind"] = configured,
                ["build_property.UsingMicrosoftNETSdkWeb"] = "true",
            };

            Assert.Equal(expected, ProjectKinds.Name(ProjectKinds.Resolve(new DictionaryOptions(options))));
        }

        private sealed class DictionaryOptions : AnalyzerConfigOptions
        {
            private readonly Dictionary<string, string> _values;

            public DictionaryOptions(Dictionary<string, string> values) => _values = new Dictionary<string, string>(values, KeyComparer);

            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
        }
    }
}
