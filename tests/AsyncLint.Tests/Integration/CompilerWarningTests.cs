using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using AsyncLint.Tests.Catalog;

namespace AsyncLint.Tests.Integration
{
    /// <summary>
    /// The docs say exactly where the compiler reports CS4014 (and ASYNC303 is defined as "where CS4014 does not"): the
    /// docs tests check those claims with the Roslyn the tests reference; this builds each block that claims a compiler
    /// warning with the SDK's own compiler (the one users build with), as a project with a console app's implicit usings
    /// and nullable on, and checks the same claims against what <c>dotnet build</c> prints.
    /// </summary>
    public sealed class CompilerWarningTests
    {
        private static readonly Regex BuildWarning = new Regex(@"Example\.cs\((?<line>[0-9]+),[0-9]+\): warning (?<id>CS[0-9]{4})");

        [Theory]
        [MemberData(nameof(DocsTests.BlocksClaimingCompilerWarnings), MemberType = typeof(DocsTests))]
        public void The_SDK_compiler_reports_the_claimed_warnings_and_no_others_of_their_IDs(string page, int line)
        {
            var block = MarkdownDocs.CodeBlocks(Path.Combine(RepositoryPaths.Root, page)).Single(b => b.Line == line);
            var folder = Directory.CreateTempSubdirectory("asynclint-compiler-warnings-").FullName;
            try
            {
                File.WriteAllText(Path.Combine(folder, "Example.cs"), block.Code);
                File.WriteAllText(Path.Combine(folder, "Example.csproj"), @"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <OutputType>Library</OutputType>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
    <LangVersion>latest</LangVersion>
  </PropertyGroup>
</Project>
");
                var result = DotNetCli.Run(folder, Path.Combine(Path.GetTempPath(), "asynclint-compiler-warnings-packages"), "build", "--no-incremental", "-nologo");
                Assert.True(result.ExitCode == 0, result.ToString());

                var warnings = BuildWarning.Matches(result.Output)
                    .Select(m => (Line: int.Parse(m.Groups["line"].Value) - 1, Id: m.Groups["id"].Value))
                    .Distinct();
                var mismatches = DocsTests.CompilerWarningMismatches(block, warnings).ToList();
                Assert.True(mismatches.Count == 0, string.Join("\n", mismatches) + "\n" + result.Output);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
