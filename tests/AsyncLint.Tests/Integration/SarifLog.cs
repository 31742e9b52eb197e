using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace AsyncLint.Tests.Integration
{
    /// <summary>The results of a SARIF 2.1 log the compiler wrote: what a build reported, Info findings included.</summary>
    public static class SarifLog
    {
        public sealed record Result(string RuleId, string Level, string File, int Line, bool Suppressed, string SuppressionType);

        public static IReadOnlyList<Result> Read(string path)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var results = new List<Result>();
            foreach (var run in document.RootElement.GetProperty("runs").EnumerateArray())
            {
                foreach (var result in run.GetProperty("results").EnumerateArray())
                {
                    var region = result.GetProperty("locations")[0].GetProperty("physicalLocation");
                    var suppressions = result.TryGetProperty("suppressions", out var s) ? s.EnumerateArray().ToList() : new List<JsonElement>();
                    var type = suppressions.Count > 0 && suppressions[0].TryGetProperty("properties", out var p) && p.TryGetProperty("suppressionType", out var t) ? t.GetString()! : string.Empty;
                    results.Add(new Result(
                        result.GetProperty("ruleId").GetString()!,
                        result.GetProperty("level").GetString()!,
                        Path.GetFileName(region.GetProperty("artifactLocation").GetProperty("uri").GetString()!),
                        region.GetProperty("region").GetProperty("startLine").GetInt32(),
                        suppressions.Count > 0,
                        type));
                }
            }

            return results;
        }

        /// <summary>AsyncLint's results, not suppressed: "ASYNC101 warning line 8".</summary>
        public static IReadOnlyList<string> Shown(IEnumerable<Result> results)
            => results.Where(r => r.RuleId.StartsWith("ASYNC") && !r.Suppressed).Select(r => r.RuleId + " " + r.Level + " line " + r.Line).OrderBy(x => x).ToList();
    }
}
