using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;

namespace AsyncLint.Tests.Verifiers
{
    /// <summary>The defaults every AsyncLint test starts from.</summary>
    internal static class TestDefaults
    {
        /// <summary>.NET 8: the oldest .NET our users run.</summary>
        public static ReferenceAssemblies Net80 { get; } = ReferenceAssemblies.Net.Net80;

        /// <summary>
        /// .NET 10: overload resolution differs from .NET 8 (<c>Task.WhenAll(a, b)</c> binds to <c>params ReadOnlySpan&lt;Task&gt;</c>
        /// on .NET 9 and later), and our users are on both. A served version of the reference pack, named exactly.
        /// </summary>
        public static ReferenceAssemblies Net100 { get; } = new ReferenceAssemblies(
            "net10.0",
            new PackageIdentity("Microsoft.NETCore.App.Ref", "10.0.12"),
            Path.Combine("ref", "net10.0"));

        /// <summary>
        /// Runs a test on .NET 8 and again on .NET 10 when it uses the default references (a test that sets its own runs once).
        /// </summary>
        public static async Task RunOnEveryTargetAsync<TTest>(TTest test, System.Func<CancellationToken, Task> run, CancellationToken cancellationToken)
            where TTest : AnalyzerTest<DefaultVerifier>
        {
            if (test.ReferenceAssemblies != Net80)
            {
                await run(cancellationToken);
                return;
            }

            await run(cancellationToken);
            test.ReferenceAssemblies = Net100;
            try
            {
                await run(cancellationToken);
            }
            finally
            {
                test.ReferenceAssemblies = Net80;
            }
        }

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
