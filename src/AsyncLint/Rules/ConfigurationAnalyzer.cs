using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AsyncLint.Baseline;
using AsyncLint.Options;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AsyncLint.Rules
{
    /// <summary>
    /// ASYNC001: an <c>asynclint.*</c> key that no option declares, a value the option cannot read, a project-wide key
    /// set per file, or a baseline file that cannot be parsed. Each problem is reported once per project: a key and
    /// value on the first source file (in compilation order) whose options contain it, a baseline problem in the file.
    /// Analyzers never read .editorconfig files themselves, so "where" is the source file the setting applies to, or the
    /// project's global configuration for keys that every file sees alike.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ConfigurationAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.InvalidConfiguration);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();

            // Generated files too: the first file of the compilation carries a project-wide report whatever it is.
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var problems = new Lazy<ILookup<SyntaxTree, Problem>>(() => FindProblems(start.Compilation, start.Options));
                start.RegisterSyntaxTreeAction(c =>
                {
                    foreach (var problem in problems.Value[c.Tree])
                    {
                        c.ReportDiagnostic(Diagnostic.Create(Descriptors.InvalidConfiguration, Location.Create(c.Tree, new TextSpan(0, 0)), problem.What, problem.Where, problem.Accepted));
                    }
                });

                if (!BaselineOptions.IsUpdating(start.Options.AnalyzerConfigOptionsProvider.GlobalOptions)
                    && BaselineOptions.FindBaselineFile(start.Options) is { } baseline)
                {
                    start.RegisterAdditionalFileAction(c =>
                    {
                        if (c.AdditionalFile == baseline)
                        {
                            CheckBaseline(c);
                        }
                    });
                }
            });
        }

        private static void CheckBaseline(AdditionalFileAnalysisContext context)
        {
            var text = context.AdditionalFile.GetText(context.CancellationToken);
            if (text is null || BaselineFile.TryParse(text.ToString(), out _, out var error))
            {
                return;
            }

            var location = Location.Create(context.AdditionalFile.Path, new TextSpan(0, 0), new LinePositionSpan(LinePosition.Zero, LinePosition.Zero));
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.InvalidConfiguration,
                location,
                "the baseline file cannot be read (" + error + ")",
                "in '" + context.AdditionalFile.Path + "'",
                "write it anew with '" + BaselineFile.RefreshCommand + "'; until then it hides nothing"));
        }

        /// <summary>Every distinct problem, keyed by the first tree (in compilation order) whose options show it.</summary>
        private static ILookup<SyntaxTree, Problem> FindProblems(Compilation compilation, AnalyzerOptions options)
        {
            var global = options.AnalyzerConfigOptionsProvider.GlobalOptions;
            var seen = new HashSet<(string Key, string Value)>();
            var problems = new List<(SyntaxTree Tree, Problem Problem)>();
            foreach (var tree in compilation.SyntaxTrees)
            {
                var config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
                foreach (var key in config.Keys)
                {
                    if (!key.StartsWith(OptionReader.Prefix, StringComparison.OrdinalIgnoreCase)
                        || !config.TryGetValue(key, out var value)
                        || !seen.Add((key.ToLowerInvariant(), value)))
                    {
                        continue;
                    }

                    var isGlobal = global.TryGetValue(key, out var globalValue) && globalValue == value;
                    var where = isGlobal ? "in the project's global configuration (a .globalconfig)" : "in an .editorconfig that applies to '" + tree.FilePath + "'";
                    if (Check(key, value.Trim(), isGlobal) is { } problem)
                    {
                        problems.Add((tree, new Problem(problem.What, where, problem.Accepted)));
                    }
                }
            }

            return problems.ToLookup(p => p.Tree, p => p.Problem);
        }

        private static (string What, string Accepted)? Check(string key, string value, bool isGlobal)
        {
            var option = AsyncLintOptions.Find(key);
            if (option is null)
            {
                return ("'" + key + "' is not an AsyncLint option", "the keys are " + string.Join(", ", AsyncLintOptions.KnownKeys()) + " (a rule's key also works without the rule ID, for every rule that has it)");
            }

            if (value.Length > 0 && !option.IsValid(value))
            {
                return ("'" + key + " = " + value + "' is not a value AsyncLint can read", "accepted: " + option.AcceptedValues + "; the default (" + option.DefaultText.Trim('`') + ") applies meanwhile");
            }

            if (option.RuleId is null && !isGlobal)
            {
                return ("'" + key + "' is project-wide but is set per file, where AsyncLint does not read it", "set it in a .globalconfig, or the project's MSBuild property (docs/configuration.md)");
            }

            return null;
        }

        private sealed class Problem
        {
            public Problem(string what, string where, string accepted)
            {
                What = what;
                Where = where;
                Accepted = accepted;
            }

            public string What { get; }

            public string Where { get; }

            public string Accepted { get; }
        }
    }
}
