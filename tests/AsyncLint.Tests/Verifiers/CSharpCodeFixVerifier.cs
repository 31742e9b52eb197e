using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using System.Linq;

namespace AsyncLint.Tests.Verifiers
{
    /// <summary>The conventional thin wrapper over <see cref="CSharpCodeFixTest{TAnalyzer, TCodeFix, TVerifier}"/>.</summary>
    public static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        public static DiagnosticResult Diagnostic() => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic();

        public static DiagnosticResult Diagnostic(string diagnosticId) => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(diagnosticId);

        public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(descriptor);

        public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
        {
            var test = new Test { TestCode = source };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        public static Task VerifyCodeFixAsync(string source, string fixedSource)
            => VerifyCodeFixAsync(source, DiagnosticResult.EmptyDiagnosticResults, fixedSource);

        public static Task VerifyCodeFixAsync(string source, DiagnosticResult expected, string fixedSource)
            => VerifyCodeFixAsync(source, new[] { expected }, fixedSource);

        public static Task VerifyCodeFixAsync(string source, DiagnosticResult[] expected, string fixedSource)
        {
            var test = new Test { TestCode = source, FixedCode = fixedSource };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        /// <summary>
        /// The project's defaults: .NET 8 and .NET 10 reference assemblies (each test runs on both), the latest language version, optional .editorconfig
        /// options. The library's own checks stay on: compiler errors in the fixed code, and Fix All in document,
        /// project and solution scope.
        /// </summary>
        public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
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

            /// <summary>
            /// Markup without an ID (<c>[|…|]</c>) means the rule this fixer fixes, also when the analyzer reports
            /// several rules (ASYNC101 and ASYNC104 come from one walk).
            /// </summary>
            protected override DiagnosticDescriptor? GetDefaultDiagnostic(DiagnosticAnalyzer[] analyzers)
            {
                var fixable = new TCodeFix().FixableDiagnosticIds;
                foreach (var analyzer in analyzers)
                {
                    foreach (var descriptor in analyzer.SupportedDiagnostics)
                    {
                        if (fixable.Contains(descriptor.Id))
                        {
                            return descriptor;
                        }
                    }
                }

                return base.GetDefaultDiagnostic(analyzers);
            }

            protected override ParseOptions CreateParseOptions()
                => ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion);

            protected override Task RunImplAsync(CancellationToken cancellationToken)
            {
                if (Options.Count > 0)
                {
                    TestState.AnalyzerConfigFiles.Add(("/.editorconfig", TestDefaults.EditorConfig(Options)));
                    FixedState.AnalyzerConfigFiles.Add(("/.editorconfig", TestDefaults.EditorConfig(Options)));
                }

                if (GlobalOptions.Count > 0)
                {
                    TestState.AnalyzerConfigFiles.Add(("/.globalconfig", TestDefaults.GlobalConfig(GlobalOptions)));
                    FixedState.AnalyzerConfigFiles.Add(("/.globalconfig", TestDefaults.GlobalConfig(GlobalOptions)));
                }

                return TestDefaults.RunOnEveryTargetAsync(this, base.RunImplAsync, cancellationToken);
            }
        }
    }
}
