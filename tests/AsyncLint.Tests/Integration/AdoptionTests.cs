using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AsyncLint.Tests.Integration
{
    /// <summary>
    /// Adoption through configuration, proven on the packed package in throwaway consumers (docs/configuration.md):
    /// analysis modes, project kinds, the baseline round trip, the configuration check and the README's install steps.
    /// Info findings do not show in a build's console output, so these tests read the SARIF log the compiler writes.
    /// </summary>
    [Collection(PackageCollection.Name)]
    public sealed class AdoptionTests
    {
        /// <summary>One finding of each kind-dependent decision (line numbers matter to the assertions).</summary>
        private const string KindSource = @"namespace Consumer;

public class Orders
{
    public event EventHandler? Changed;

    public Orders() => Changed += OnChanged;

    public int Count(Func<Task<int[]>> load) => load().Result.Length;

    public async Task<int> ValidateAsync(int order)
    {
        var valid = await Task.Run(() => Check(order));
        await Task.Delay(1);
        return valid;
    }

    public void Touch() => Changed?.Invoke(this, EventArgs.Empty);

    private static int Check(int order) => order;

    private async void OnChanged(object? sender, EventArgs e) => await Task.Delay(1);
}

public static class Program
{
    public static void Main()
    {
    }
}
";

        private const string SyncOverAsync = "ASYNC104 {0} line 9";
        private const string OffloadedStep = "ASYNC401 {0} line 13";
        private const string EventHandler = "ASYNC301 warning line 22";

        private readonly PackageFixture _package;

        public AdoptionTests(PackageFixture package)
        {
            _package = package;
        }

        [Fact]
        public void Analysis_modes_set_severities_as_documented_and_strict_is_an_alias()
        {
            var folder = _package.CreateConsumer("modes", KindSource, "[*.cs]\nasynclint.ASYNC401.fix_public_api = yes\n");

            var none = BuildWithSarif(folder, "none", "-p:AsyncLintAnalysisMode=None");
            var minimum = BuildWithSarif(folder, "minimum", "-p:AsyncLintAnalysisMode=Minimum");
            var all = BuildWithSarif(folder, "all", "-p:AsyncLintAnalysisMode=All");
            var strict = BuildWithSarif(folder, "strict", "-p:AsyncLintPreset=strict");

            // None silences AsyncLint, its configuration check included.
            Assert.Empty(none);

            // Minimum: sync-over-async becomes a warning; the offloading rule keeps its Info default.
            Assert.Equal(new[] { "ASYNC001 warning line 1", string.Format(SyncOverAsync, "warning"), string.Format(OffloadedStep, "note") }, minimum);

            // All: every rule a warning, Info-by-default ASYNC104 and ASYNC401 included; the bad value is ASYNC001.
            Assert.Equal(new[] { "ASYNC001 warning line 1", string.Format(SyncOverAsync, "warning"), string.Format(OffloadedStep, "warning") }, all);

            // strict: every rule an error.
            Assert.Equal(new[] { "ASYNC001 error line 1", string.Format(SyncOverAsync, "error"), string.Format(OffloadedStep, "error") }, strict);
        }

        [Fact]
        public void Project_kinds_change_what_the_table_says()
        {
            var library = BuildWithSarif(_package.CreateConsumer("kind-library", KindSource), "library");
            var application = BuildWithSarif(_package.CreateConsumer("kind-application", KindSource, properties: "\n    <OutputType>Exe</OutputType>"), "application");
            var ui = BuildWithSarif(_package.CreateConsumer("kind-ui", KindSource, properties: "\n    <AsyncLintProjectKind>ui</AsyncLintProjectKind>"), "ui");
            var test = BuildWithSarif(_package.CreateConsumer("kind-test", KindSource, properties: "\n    <IsTestProject>true</IsTestProject>"), "test");

            Assert.Equal(new[] { string.Format(SyncOverAsync, "note"), string.Format(OffloadedStep, "note") }, library);
            Assert.Equal(new[] { string.Format(SyncOverAsync, "note"), EventHandler, string.Format(OffloadedStep, "note") }, application);
            Assert.Equal(new[] { string.Format(SyncOverAsync, "warning") }, ui);
            Assert.Equal(new[] { string.Format(SyncOverAsync, "note") }, test);
        }

        [Fact]
        public void Baseline_round_trip_hides_accepted_findings_reports_new_ones_and_stale_entries()
        {
            const string Source = @"namespace Consumer;

public class Orders
{
    public async Task<int> CountAsync(Task<int[]> pending)
    {
        await Task.Yield();
        return pending.Result.Length;
    }

    public async Task<int> TotalAsync(Task<int> pending)
    {
        await Task.Yield();
        Thread.Sleep(10);
        return pending.Result;
    }
}
";
            var folder = _package.CreateConsumer("baseline", Source);
            var baseline = Path.Combine(folder, ".asynclint-baseline.json");
            var sourceFile = Path.Combine(folder, "Consumer.cs");

            // 1. Write it: every current finding, sorted, one per line; the writing build does not fail on them.
            var write = _package.Build(folder, "-p:AsyncLintUpdateBaseline=true", "-warnaserror");
            Assert.True(write.ExitCode == 0, write.ToString());
            var written = File.ReadAllText(baseline);
            Assert.Equal(
                new[]
                {
                    "{ \"rule\": \"ASYNC101\", \"path\": \"Consumer.cs\", \"code\": \"return pending.Result.Length;\", \"occurrence\": 1 }",
                    "{ \"rule\": \"ASYNC101\", \"path\": \"Consumer.cs\", \"code\": \"return pending.Result;\", \"occurrence\": 1 }",
                    "{ \"rule\": \"ASYNC102\", \"path\": \"Consumer.cs\", \"code\": \"Thread.Sleep(10);\", \"occurrence\": 1 }",
                },
                written.Split('\n').Where(l => l.Contains("\"rule\"")).Select(l => l.Trim().TrimEnd(',')));

            // 2. Rebuild: clean even with warnings as errors; SARIF still lists the findings, suppressed by the baseline.
            var sarif = Path.Combine(folder, "clean.sarif");
            var clean = _package.Build(folder, "-warnaserror", "-p:ErrorLog=" + sarif + "%2Cversion=2.1");
            Assert.True(clean.ExitCode == 0, clean.ToString());
            Assert.DoesNotContain("ASYNC", clean.Output);
            var logged = SarifLog.Read(sarif).Where(r => r.RuleId.StartsWith("ASYNC")).ToList();
            Assert.Equal(3, logged.Count);
            Assert.All(logged, r => Assert.Contains("Suppression Id: ASYNC090", r.SuppressionType));

            // 3. A new violation in another method: exactly that one is reported.
            var original = File.ReadAllText(sourceFile);
            File.WriteAllText(sourceFile, original.Replace("    public async Task<int> TotalAsync", @"    public async Task<int> SumAsync(Task<int> first)
    {
        await Task.Yield();
        return first.Result;
    }

    public async Task<int> TotalAsync"));
            var added = _package.Build(folder);
            Assert.True(added.ExitCode == 0, added.ToString());
            Assert.Equal(new[] { "Consumer.cs(14,22): warning ASYNC101" }, Warnings(added.Output));

            // 4. Code moved around, lines added above, a method reordered: still clean.
            var moved = "// moved\n\n" + original
                .Replace("namespace Consumer;", "namespace Consumer;\n\n// a note above everything\n")
                .Replace("    public async Task<int> CountAsync", "    public int Unrelated() => 42;\n\n    public async Task<int> CountAsync");
            var countStart = moved.IndexOf("    public async Task<int> CountAsync", StringComparison.Ordinal);
            var totalStart = moved.IndexOf("    public async Task<int> TotalAsync", StringComparison.Ordinal);
            var end = moved.LastIndexOf('}');
            moved = moved.Substring(0, countStart) + moved.Substring(totalStart, end - totalStart).TrimEnd() + "\n\n" + moved.Substring(countStart, totalStart - countStart).TrimEnd() + "\n}\n";
            File.WriteAllText(sourceFile, moved);
            var reordered = _package.Build(folder, "-warnaserror");
            Assert.True(reordered.ExitCode == 0, reordered.ToString() + "\n" + moved);
            Assert.Empty(Warnings(reordered.Output));

            // 5. A baselined finding fixed: one stale-entry report, at its line of the baseline, with the refresh command.
            File.WriteAllText(sourceFile, moved.Replace("Thread.Sleep(10);", "await Task.Delay(10);"));
            var fixedBuild = _package.Build(folder);
            Assert.True(fixedBuild.ExitCode == 0, fixedBuild.ToString());
            var stale = Assert.Single(Warnings(fixedBuild.Output));
            Assert.Equal(".asynclint-baseline.json(7): warning ASYNC002", stale);
            Assert.Contains("The baseline entry ASYNC102 in 'Consumer.cs' ('Thread.Sleep(10);') matches no finding any more", fixedBuild.Output);
            Assert.Contains("refresh the file with 'dotnet build -p:AsyncLintUpdateBaseline=true'", fixedBuild.Output);
            Assert.Equal(written, File.ReadAllText(baseline)); // a normal build never writes the file

            // 6. Refreshed: the entry is gone, and so is the report.
            var refresh = _package.Build(folder, "-p:AsyncLintUpdateBaseline=true");
            Assert.True(refresh.ExitCode == 0, refresh.ToString());
            Assert.DoesNotContain("Thread.Sleep", File.ReadAllText(baseline));
            var after = _package.Build(folder, "-warnaserror");
            Assert.True(after.ExitCode == 0, after.ToString());
        }

        [Fact]
        public void Package_has_release_notes_from_release_tracking_and_local_packs_get_unique_versions()
        {
            using (var archive = ZipFile.OpenRead(_package.PackagePath))
            {
                using var stream = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
                var nuspec = XDocument.Load(stream);
                var ns = nuspec.Root!.GetDefaultNamespace();
                var notes = nuspec.Root.Element(ns + "metadata")!.Element(ns + "releaseNotes")!.Value;
                foreach (var line in File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "src", "AsyncLint", "AnalyzerReleases.Unshipped.md")).Where(l => l.StartsWith("ASYNC", StringComparison.Ordinal)))
                {
                    Assert.Contains(line, notes);
                }

                Assert.Contains("tasks/AsyncLint.Build.dll", archive.Entries.Select(e => e.FullName));
                Assert.Contains("presets/analysismode-all.globalconfig", archive.Entries.Select(e => e.FullName));
                Assert.Contains("buildMultiTargeting/AsyncLint.targets", archive.Entries.Select(e => e.FullName));
            }

            // The version is declared once (Directory.Build.props); a pack without AsyncLintRelease gets a dev suffix of its own.
            var project = Path.Combine("src", "AsyncLint.Package", "AsyncLint.Package.csproj");
            var first = DotNetCli.Run(RepositoryPaths.Root, _package.PackagesFolder, "msbuild", project, "-getProperty:PackageVersion", "-getProperty:VersionPrefix");
            System.Threading.Thread.Sleep(1100);
            var second = DotNetCli.Run(RepositoryPaths.Root, _package.PackagesFolder, "msbuild", project, "-getProperty:PackageVersion");
            var release = DotNetCli.Run(RepositoryPaths.Root, _package.PackagesFolder, "msbuild", project, "-getProperty:PackageVersion", "-p:AsyncLintRelease=true");
            var underCi = DotNetCli.Run(RepositoryPaths.Root, _package.PackagesFolder, "msbuild", project, "-getProperty:ContinuousIntegrationBuild", "-p:CI=true");
            var local = DotNetCli.Run(RepositoryPaths.Root, _package.PackagesFolder, "msbuild", project, "-getProperty:ContinuousIntegrationBuild", "-p:CI=false");
            Assert.Equal("true", underCi.Output.Trim());
            Assert.Equal(string.Empty, local.Output.Trim());
            var prefix = Regex.Match(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "Directory.Build.props")), "<VersionPrefix>(.*)</VersionPrefix>").Groups[1].Value;
            Assert.Matches("\"PackageVersion\": \"" + Regex.Escape(prefix) + @"-dev\.\d{14}""", first.Output);
            Assert.NotEqual(Regex.Match(first.Output, @"dev\.\d+").Value, Regex.Match(second.Output, @"dev\.\d+").Value);
            Assert.Equal(prefix, release.Output.Trim());
        }

        [Fact]
        public void README_install_from_a_clone_works_in_a_new_webapi_project_which_AsyncLint_sees_as_web()
        {
            var folder = Path.Combine(_package.WorkFolder, "MyApi");
            Directory.CreateDirectory(folder);
            var created = DotNetCli.Run(folder, _package.PackagesFolder, "new", "webapi", "--no-restore", "--force");
            Assert.True(created.ExitCode == 0, created.ToString());

            // The README's commands, as written, with the feed folder for the clone's artifacts folder.
            foreach (var command in ReadmeInstallCommands())
            {
                var arguments = command.Replace("/path/to/asynclint/artifacts", _package.FeedFolder).Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
                var run = DotNetCli.Run(folder, _package.PackagesFolder, arguments);
                Assert.True(run.ExitCode == 0, command + "\n" + run);
            }

            Assert.Contains("PackageReference Include=\"AsyncLint\" Version=\"" + _package.Version + "\"", File.ReadAllText(Path.Combine(folder, "MyApi.csproj")));

            // The Web SDK makes the project kind "web": an async void event handler is reported, since nothing catches its exceptions.
            File.WriteAllText(Path.Combine(folder, "Ticker.cs"), @"public class Ticker
{
    public event EventHandler? Tick;

    public Ticker() => Tick += OnTick;

    public void Raise() => Tick?.Invoke(this, EventArgs.Empty);

    private async void OnTick(object? sender, EventArgs e) => await Task.Delay(1);
}
");
            var build = _package.Build(folder);
            Assert.True(build.ExitCode == 0, build.ToString());
            Assert.Contains("Ticker.cs(9,24): warning ASYNC301", build.Output);
        }

        /// <summary>The dotnet commands of the README's "from a clone" block after the pack, in order.</summary>
        internal static string[] ReadmeInstallCommands()
        {
            var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
            var block = Regex.Match(readme, "```bash\n(dotnet pack src/AsyncLint.Package[^`]*)```").Groups[1].Value;
            var commands = block.Split('\n')
                .Select(l => Regex.Replace(l, @"\s+#.*$", string.Empty).Trim())
                .Where(l => l.StartsWith("dotnet ", StringComparison.Ordinal) && !l.StartsWith("dotnet pack", StringComparison.Ordinal))
                .ToArray();
            Assert.Equal(3, commands.Length);
            return commands;
        }

        /// <summary>Builds from scratch with a SARIF log; returns AsyncLint's unsuppressed results, "ASYNC104 note line 9".</summary>
        private string[] BuildWithSarif(string folder, string name, params string[] arguments)
        {
            var sarif = Path.Combine(folder, name + ".sarif");
            var result = _package.Build(folder, arguments.Concat(new[] { "--no-incremental", "-p:ErrorLog=" + sarif + "%2Cversion=2.1" }).ToArray());
            Assert.True(File.Exists(sarif), result.ToString());
            return SarifLog.Shown(SarifLog.Read(sarif)).ToArray();
        }

        /// <summary>"Consumer.cs(14,22): warning ASYNC101" for each distinct warning of the build output.</summary>
        private static string[] Warnings(string output)
            => Regex.Matches(output, @"([\w.\-]+(\(\d+(,\d+)?\))?): warning (ASYNC\d+)")
                .Select(m => m.Groups[1].Value + ": warning " + m.Groups[4].Value)
                .Distinct()
                .ToArray();
    }
}
