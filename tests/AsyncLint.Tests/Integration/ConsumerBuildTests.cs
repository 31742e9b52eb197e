using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;

namespace AsyncLint.Tests.Integration
{
    /// <summary>
    /// The package as users get it: packed, restored from a feed into a fresh project, and run by a real
    /// <c>dotnet build</c> (warnings, -warnaserror, .editorconfig severities, SARIF) and <c>dotnet format analyzers</c>.
    /// Slow by nature: each test is one or two real builds.
    /// </summary>
    [Collection(PackageCollection.Name)]
    public sealed class ConsumerBuildTests
    {
        private const string BlockingSource = @"namespace Consumer;

public class Orders
{
    public async Task<int> CountAsync(Task<int[]> pending)
    {
        await Task.Yield();
        return pending.Result.Length;
    }
}
";

        private readonly PackageFixture _package;

        public ConsumerBuildTests(PackageFixture package)
        {
            _package = package;
        }

        [Fact]
        public void Package_contains_both_analyzers_and_nothing_under_lib()
        {
            using var archive = ZipFile.OpenRead(_package.PackagePath);
            var entries = archive.Entries.Select(e => e.FullName).ToList();

            Assert.Contains("analyzers/dotnet/cs/AsyncLint.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/AsyncLint.CodeFixes.dll", entries);
            Assert.Contains("README.md", entries);
            Assert.Contains("buildTransitive/AsyncLint.props", entries);
            Assert.DoesNotContain(entries, e => e.StartsWith("lib/", System.StringComparison.Ordinal));

            var nuspecEntry = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", System.StringComparison.Ordinal));
            using var stream = nuspecEntry.Open();
            var nuspec = XDocument.Load(stream);
            var ns = nuspec.Root!.GetDefaultNamespace();
            var metadata = nuspec.Root.Element(ns + "metadata")!;
            Assert.Equal("AsyncLint", metadata.Element(ns + "id")!.Value);
            Assert.Equal("true", metadata.Element(ns + "developmentDependency")!.Value);
            Assert.Equal("MIT", metadata.Element(ns + "license")!.Value);
            Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
            Assert.NotNull(metadata.Element(ns + "repository"));
            Assert.Null(metadata.Element(ns + "dependencies"));
        }

        [Fact]
        public void Build_reports_the_warning_at_its_file_and_line_and_writes_it_to_SARIF()
        {
            var folder = _package.CreateConsumer("default", BlockingSource);
            var sarif = Path.Combine(folder, "build.sarif");

            var result = _package.Build(folder, "-p:ErrorLog=" + sarif + "%2Cversion=2.1");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("Consumer.cs(8,24): warning ASYNC101", result.Output);
            Assert.True(File.Exists(sarif), "no SARIF log was written");
            var log = File.ReadAllText(sarif);
            Assert.Contains("\"ruleId\": \"ASYNC101\"", log);
            Assert.Contains("docs/rules/ASYNC101.md", log);
        }

        [Fact]
        public void Warnaserror_fails_the_build()
        {
            var folder = _package.CreateConsumer("warnaserror", BlockingSource);

            var result = _package.Build(folder, "-warnaserror");

            Assert.True(result.ExitCode != 0, result.ToString());
            Assert.Contains("error ASYNC101", result.Output);
        }

        [Fact]
        public void Editorconfig_severity_none_silences_and_error_escalates()
        {
            var silenced = _package.CreateConsumer("severity-none", BlockingSource, "[*.cs]\ndotnet_diagnostic.ASYNC101.severity = none\n");
            var escalated = _package.CreateConsumer("severity-error", BlockingSource, "[*.cs]\ndotnet_diagnostic.ASYNC101.severity = error\n");

            var quiet = _package.Build(silenced);
            var failed = _package.Build(escalated);

            Assert.True(quiet.ExitCode == 0, quiet.ToString());
            Assert.DoesNotContain("ASYNC101", quiet.Output);
            Assert.True(failed.ExitCode != 0, failed.ToString());
            Assert.Contains("Consumer.cs(8,24): error ASYNC101", failed.Output);
        }

        [Fact]
        public void Dotnet_format_analyzers_applies_the_fix()
        {
            var folder = _package.CreateConsumer("format", BlockingSource + @"
public class Poller
{
    public async Task PollAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        Thread.Sleep(100);
    }
}
");
            var restore = DotNetCli.Run(folder, _package.PackagesFolder, "restore");
            Assert.True(restore.ExitCode == 0, restore.ToString());

            var format = DotNetCli.Run(folder, _package.PackagesFolder, "format", "analyzers", "Consumer.csproj", "--diagnostics", "ASYNC101", "ASYNC102", "--severity", "warn", "--no-restore");

            Assert.True(format.ExitCode == 0, format.ToString());
            var fixedSource = File.ReadAllText(Path.Combine(folder, "Consumer.cs"));
            Assert.Contains("return (await pending).Length;", fixedSource);
            Assert.Contains("await Task.Delay(100, cancellationToken);", fixedSource);

            var rebuild = _package.Build(folder, "-warnaserror", "--no-restore");
            Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        }
    }
}
