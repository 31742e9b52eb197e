using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit.Abstractions;

namespace AsyncLint.Tests.Integration
{
    /// <summary>
    /// A real editor client: the csharp-ls language server (pinned in .config/dotnet-tools.json) opens a consumer of the
    /// packed package, and AsyncLint's diagnostics must arrive as an editor shows them, with their ranges, severities
    /// (an .editorconfig change honoured) and help links. What this server needs, measured here: the consumer restored
    /// before it starts; <c>workspace/configuration</c> for section "csharp" answered with <c>analyzersEnabled: true</c>
    /// (analyzers are off by default); a client that advertises pull diagnostics gets no push, and the first
    /// <c>textDocument/diagnostic</c> with findings answers about 7–9 s after start. Compilation-end diagnostics
    /// (ASYNC105) arrive in the per-document pull too.
    /// Code fixes are not tested through it: csharp-ls builds code actions only from Roslyn's own fix providers, so
    /// AsyncLint's fixes never reach it. They are proven by the testing library (tests/Rules) and by
    /// <c>dotnet format analyzers</c> (ConsumerBuildTests).
    /// </summary>
    [Collection(PackageCollection.Name)]
    public sealed class EditorClientTests
    {
        private const string Source = @"namespace Consumer;

public class Orders
{
    public async Task<int> SumAsync(Task<int> first)
    {
        await Task.Yield();
        Thread.Sleep(10);
        return first.Result;
    }

    public async Task<int> LoadAsync(Task<int> first)
    {
        await Task.Yield();
        return Load(first);
    }

    private static int Load(Task<int> first) => first.Result;
}
";

        private static readonly TimeSpan Budget = TimeSpan.FromSeconds(120);

        private readonly PackageFixture _package;
        private readonly ITestOutputHelper _output;

        public EditorClientTests(PackageFixture package, ITestOutputHelper output)
        {
            _package = package;
            _output = output;
        }

        [SkippableFact]
        public async Task Csharp_ls_shows_AsyncLint_diagnostics_with_ranges_severities_and_help_links()
        {
            var restore = DotNetCli.Run(RepositoryPaths.Root, null, "tool", "restore");
            Skip.If(restore.ExitCode != 0, "csharp-ls could not be restored from the NuGet registry (dotnet tool restore failed), so the editor-client test cannot run:\n" + restore.Output);

            var folder = _package.CreateConsumer(
                "editor",
                Source,
                "[*.cs]\ndotnet_diagnostic.ASYNC101.severity = error\ndotnet_diagnostic.ASYNC104.severity = none\n");
            var consumerRestore = DotNetCli.Run(folder, _package.PackagesFolder, "restore");
            Assert.True(consumerRestore.ExitCode == 0, consumerRestore.ToString());

            var clock = Stopwatch.StartNew();
            using var server = new LanguageServerClient(ServerStart(), parameters =>
            {
                var items = parameters?["items"]?.AsArray() ?? new JsonArray();
                return new JsonArray(items.Select(item => (string?)item?["section"] == "csharp" ? (JsonNode)new JsonObject { ["analyzersEnabled"] = true } : null).ToArray());
            });

            var rootUri = new Uri(folder + Path.DirectorySeparatorChar).AbsoluteUri.TrimEnd('/');
            await server.RequestAsync("initialize", new JsonObject
            {
                ["processId"] = Environment.ProcessId,
                ["rootUri"] = rootUri,
                ["capabilities"] = new JsonObject
                {
                    ["workspace"] = new JsonObject { ["configuration"] = true },
                    ["textDocument"] = new JsonObject { ["diagnostic"] = new JsonObject { ["dynamicRegistration"] = false } },
                },
            }, Budget);
            server.Notify("initialized", new JsonObject());
            var documentUri = rootUri + "/Consumer.cs";
            server.Notify("textDocument/didOpen", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = documentUri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = Source },
            });

            // Pull until AsyncLint's three findings are there (the server loads the project first), within the budget.
            JsonArray items = new JsonArray();
            while (clock.Elapsed < Budget)
            {
                var report = await server.RequestAsync("textDocument/diagnostic", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = documentUri } }, Budget);
                items = report?["items"]?.AsArray() ?? new JsonArray();
                if (new[] { "ASYNC101", "ASYNC102", "ASYNC105" }.All(id => items.Any(d => (string?)d?["code"] == id)))
                {
                    break;
                }

                await Task.Delay(1000);
            }

            _output.WriteLine("AsyncLint's diagnostics after " + clock.Elapsed.TotalSeconds.ToString("0.0") + " s: " + items.ToJsonString());
            var asyncLint = items.Where(d => ((string?)d?["code"])?.StartsWith("ASYNC", StringComparison.Ordinal) == true).ToList();
            Assert.True(asyncLint.Count == 3, "expected ASYNC101, ASYNC102 and ASYNC105 within " + Budget.TotalSeconds + " s, got: " + items.ToJsonString() + "\n" + server.Transcript);

            var lines = Source.Replace("\r\n", "\n").Split('\n');
            AssertDiagnostic(asyncLint, "ASYNC101", Span(lines, "return first.Result;", "Result"), severity: 1); // error: the .editorconfig raised it
            AssertDiagnostic(asyncLint, "ASYNC102", Span(lines, "Thread.Sleep(10);", "Thread.Sleep(10)"), severity: 2); // warning: its default
            AssertDiagnostic(asyncLint, "ASYNC105", Span(lines, "return Load(first);", "Load"), severity: 3); // info, from a compilation-end action
            Assert.DoesNotContain(asyncLint, d => (string?)d?["code"] == "ASYNC104"); // none in the .editorconfig

            try
            {
                await server.RequestAsync("shutdown", null, TimeSpan.FromSeconds(10));
                server.Notify("exit", null);
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
                // the server is killed on dispose either way
            }
        }

        private static void AssertDiagnostic(System.Collections.Generic.List<JsonNode?> diagnostics, string id, (int Line, int Start, int End) span, int severity)
        {
            var diagnostic = Assert.Single(diagnostics, d => (string?)d?["code"] == id)!;
            var range = diagnostic["range"]!;
            Assert.Equal((span.Line, span.Start, span.Line, span.End), ((int)range["start"]!["line"]!, (int)range["start"]!["character"]!, (int)range["end"]!["line"]!, (int)range["end"]!["character"]!));
            Assert.Equal(severity, (int)diagnostic["severity"]!);
            Assert.Equal("https://github.com/asynclint/asynclint/blob/main/docs/rules/" + id + ".md", (string?)diagnostic["codeDescription"]?["href"]);
        }

        /// <summary>The 0-based line and character range of <paramref name="text"/> on the line that contains <paramref name="line"/>.</summary>
        private static (int Line, int Start, int End) Span(string[] lines, string line, string text)
        {
            var index = Array.FindIndex(lines, l => l.Contains(line, StringComparison.Ordinal));
            var start = lines[index].IndexOf(text, StringComparison.Ordinal);
            return (index, start, start + text.Length);
        }

        /// <summary>csharp-ls from the repository's tool manifest, with the machine's package cache, where the tool was restored.</summary>
        private static ProcessStartInfo ServerStart() => DotNetCli.StartInfo(RepositoryPaths.Root, null, "tool", "run", "csharp-ls");
    }
}
