using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AsyncLint.Baseline
{
    /// <summary>How the compiler side finds the baseline: the file, and whether this build is the one that writes it.</summary>
    internal static class BaselineOptions
    {
        /// <summary>
        /// The AdditionalFiles metadata the package's targets set on the baseline file (a CompilerVisibleItemMetadata), so
        /// a file configured with <c>AsyncLintBaselineFile</c> under any name is recognized.
        /// </summary>
        public const string MetadataKey = "build_metadata.AdditionalFiles.AsyncLintBaseline";

        public const string UpdateProperty = "build_property.AsyncLintUpdateBaseline";

        /// <summary>Every rule ID a baseline may accept, in catalog order.</summary>
        public static ImmutableArray<string> BaselinableRuleIds { get; } = Descriptors.All
            .Select(d => d.Id)
            .Where(BaselineFile.IsBaselinable)
            .ToImmutableArray();

        public static bool IsUpdating(AnalyzerConfigOptions global)
            => global.TryGetValue(UpdateProperty, out var value) && string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase);

        /// <summary>The baseline among the AdditionalFiles: marked by the package's targets, or named <c>.asynclint-baseline.json</c>.</summary>
        public static AdditionalText? FindBaselineFile(AnalyzerOptions options)
        {
            foreach (var file in options.AdditionalFiles)
            {
                if ((options.AnalyzerConfigOptionsProvider.GetOptions(file).TryGetValue(MetadataKey, out var marked)
                        && string.Equals(marked.Trim(), "true", StringComparison.OrdinalIgnoreCase))
                    || file.Path.EndsWith(BaselineFile.DefaultFileName, StringComparison.OrdinalIgnoreCase))
                {
                    return file;
                }
            }

            return null;
        }
    }
}
