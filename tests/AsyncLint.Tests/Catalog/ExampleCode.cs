using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncLint.Tests.Catalog
{
    /// <summary>
    /// Example code that says what AsyncLint reports on it: the docs' compilable blocks and the sample project. A comment
    /// that starts with a rule ID (<c>// ASYNC101: …</c>) claims "AsyncLint reports this ID on this line"; every other line
    /// must stay silent. Compiled as a project with implicit usings, against the runtime running the tests.
    /// </summary>
    internal static class ExampleCode
    {
        /// <summary>What a project with implicit usings may assume.</summary>
        private const string GlobalUsings = @"
global using System;
global using System.Collections.Generic;
global using System.IO;
global using System.Linq;
global using System.Net.Http;
global using System.Threading;
global using System.Threading.Tasks;";

        private static readonly Regex ExpectedDiagnostic = new Regex(@"//\s*(?<id>ASYNC[0-9]{3})\b");

        private static readonly Lazy<ImmutableArray<MetadataReference>> RuntimeReferences = new Lazy<ImmutableArray<MetadataReference>>(LoadRuntimeReferences);

        /// <summary>Compiles the files (path → code) as one project.</summary>
        public static CSharpCompilation Compile(IEnumerable<(string Path, string Code)> files, string assemblyName)
        {
            var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
            var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Code, parseOptions, path: f.Path)).ToList();
            var hasTopLevelStatements = trees.Any(t => t.GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any());
            trees.Add(CSharpSyntaxTree.ParseText(GlobalUsings, parseOptions, path: "GlobalUsings.cs"));
            var options = new CSharpCompilationOptions(
                hasTopLevelStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable);
            return CSharpCompilation.Create(assemblyName, trees, RuntimeReferences.Value, options);
        }

        /// <summary>The (path, 0-based line, ID) triples the code's comments claim.</summary>
        public static HashSet<(string Path, int Line, string Id)> Claims(IEnumerable<(string Path, string Code)> files)
            => files
                .SelectMany(f => f.Code.Split('\n').SelectMany((text, index) => ExpectedDiagnostic.Matches(text).Select(m => (f.Path, index, m.Groups["id"].Value))))
                .ToHashSet();

        /// <summary>What every AsyncLint analyzer, run together, reports: (path, 0-based line, ID, message).</summary>
        public static async Task<List<(string Path, int Line, string Id, string Message)>> ReportedAsync(Compilation compilation)
            => (await compilation.WithAnalyzers(CatalogTests.AllAnalyzers().ToImmutableArray()).GetAnalyzerDiagnosticsAsync())
                .Select(d => (d.Location.GetLineSpan().Path, d.Location.GetLineSpan().StartLinePosition.Line, d.Id, d.GetMessage()))
                .ToList();

        /// <summary>The assemblies of the runtime running the tests (the shared framework, not the test's own dependencies).</summary>
        private static ImmutableArray<MetadataReference> LoadRuntimeReferences()
        {
            var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
            var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
            return trusted
                .Where(p => string.Equals(Path.GetDirectoryName(p), runtimeDirectory, StringComparison.Ordinal))
                .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .ToImmutableArray();
        }
    }
}
