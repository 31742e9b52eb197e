using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace AsyncLint.Tests.Verifiers
{
    /// <summary>The conventional thin wrapper over <see cref="CSharpAnalyzerTest{TAnalyzer, TVerifier}"/>.</summary>
    public static class CSharpAnalyzerVerifier<TAnalyzer>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        public static DiagnosticResult Diagnostic() => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic();

        public static DiagnosticResult Diagnostic(string diagnosticId) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(diagnosticId);

        public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(descriptor);

        public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
        {
            var test = new Test { TestCode = source };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        /// <summary>The project's defaults: .NET 8 and .NET 10 reference assemblies (each test runs on both), the latest language version, optional .editorconfig options.</summary>
        public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            public Test()
            {
                ReferenceAssemblies = TestDefaults.Net80;
            }

            public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.Latest;

            /// <summary>.editorconfig options (key = value) applied to every source file.</summary>
            public Dictionary<string, string> Options { get; } = new Dictionary<string, string>();

            /// <summary>Project-wide options (a .globalconfig): MSBuild facts as <c>build_property.X</c>, <c>asynclint.project_kind</c>.</summary>
            public Dictionary<string, string> GlobalOptions { get; } = new Dictionary<string, string>();

            /// <summary>Markup without an ID (<c>[|…|]</c>) means the analyzer's first rule.</summary>
            protected override DiagnosticDescriptor? GetDefaultDiagnostic(DiagnosticAnalyzer[] analyzers)
                => analyzers.Length > 0 && analyzers[0].SupportedDiagnostics.Length > 0 ? analyzers[0].SupportedDiagnostics[0] : base.GetDefaultDiagnostic(analyzers);

            protected override ParseOptions CreateParseOptions()
                => ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion);

            protected override Task RunImplAsync(CancellationToken cancellationToken)
            {
                if (Options.Count > 0)
                {
                    TestState.AnalyzerConfigFiles.Add(("/.editorconfig", TestDefaults.EditorConfig(Options)));
                }

                if (GlobalOptions.Count > 0)
                {
                    TestState.AnalyzerConfigFiles.Add(("/.globalconfig", TestDefaults.GlobalConfig(GlobalOptions)));
                }

                return TestDefaults.RunOnEveryTargetAsync(this, base.RunImplAsync, cancellationToken);
            }
        }
    }
}
