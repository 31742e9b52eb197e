using System.Collections.Generic;
using Microsoft.CodeAnalysis.Testing;

namespace AsyncLint.Tests.Verifiers
{
    /// <summary>The defaults every AsyncLint test starts from.</summary>
    internal static class TestDefaults
    {
        /// <summary>.NET 8: the oldest .NET our users run.</summary>
        public static ReferenceAssemblies Net80 => ReferenceAssemblies.Net.Net80;

        /// <summary>netstandard2.0: no WaitAsync, no ReadAllTextAsync — fixes that need them are not offered.</summary>
        public static ReferenceAssemblies NetStandard20 => ReferenceAssemblies.NetStandard.NetStandard20;

        /// <summary>Builds the text of an .editorconfig that applies to every C# file of the test project.</summary>
        public static string EditorConfig(IEnumerable<KeyValuePair<string, string>> options)
        {
            var text = "root = true\n\n[*.cs]\n";
            foreach (var option in options)
            {
                text += option.Key + " = " + option.Value + "\n";
            }

            return text;
        }

        /// <summary>Builds the text of a global AnalyzerConfig: options that apply to the whole project.</summary>
        public static string GlobalConfig(IEnumerable<KeyValuePair<string, string>> options)
        {
            var text = "is_global = true\n";
            foreach (var option in options)
            {
                text += option.Key + " = " + option.Value + "\n";
            }

            return text;
        }
    }
}
