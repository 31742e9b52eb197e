using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncLint.RealCode;

/// <summary>
/// The analyzer options a build would pass: the MSBuild facts the package makes compiler-visible (build_property.*), and
/// the user's --set key=value pairs (asynclint.* options), the same for every file.
/// </summary>
public sealed class ProjectOptionsProvider : AnalyzerConfigOptionsProvider
{
    private readonly DictionaryOptions _options;

    public ProjectOptionsProvider(ProjectModel model, IReadOnlyDictionary<string, string> settings)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["build_property.TargetFramework"] = model.TargetFramework,
            ["build_property.TargetFrameworks"] = string.Join(";", model.TargetFrameworks),
            ["build_property.AsyncLintTargetFrameworks"] = string.Join(",", model.TargetFrameworks),
            ["build_property.OutputType"] = model.Properties.TryGetValue("OutputType", out var outputType) ? outputType : "Library",
            ["build_property.IsTestProject"] = model.IsTestProject ? "true" : "",
            ["build_property.UseWPF"] = model.Properties.TryGetValue("UseWPF", out var wpf) ? wpf : "",
            ["build_property.UseWindowsForms"] = model.Properties.TryGetValue("UseWindowsForms", out var winForms) ? winForms : "",
            ["build_property.UsingMicrosoftNETSdkWeb"] = model.Sdk.Contains("Web", StringComparison.OrdinalIgnoreCase) ? "true" : "",
            ["build_property.ProjectDir"] = model.Directory + "/",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        _options = new DictionaryOptions(values);
    }

    public override AnalyzerConfigOptions GlobalOptions => _options;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

    private sealed class DictionaryOptions : AnalyzerConfigOptions
    {
        private readonly Dictionary<string, string> _values;

        public DictionaryOptions(Dictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);

        public override IEnumerable<string> Keys => _values.Keys;
    }
}
