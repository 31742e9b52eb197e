using System.Diagnostics;
using System.Text.Json;

namespace AsyncLint.RealCode;

/// <summary>A real code base the team measures against, pinned to a commit (tools/AsyncLint.RealCode/codebases.json).</summary>
public sealed record Codebase(string Name, string Repository, string Commit, string[] Only, string[] Exclude, string Note)
{
    public static IReadOnlyList<Codebase> All()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "codebases.json");
        return JsonSerializer.Deserialize<List<Codebase>>(File.ReadAllText(file), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
    }

    public static Codebase Find(string name) =>
        All().FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown code base '{name}'; known: {string.Join(", ", All().Select(c => c.Name))}");

    /// <summary>Extracts the pinned commit from the fetched bare git dir into the cache (once), and returns the folder.</summary>
    public string Extract(string mirror, string cache)
    {
        var gitDir = Path.Combine(mirror, Repository.Replace('/', '+'), "repo");
        if (!Directory.Exists(gitDir))
        {
            throw new ArgumentException($"{gitDir} not found: fetch github:{Repository} first");
        }

        var target = Path.Combine(cache, "src", Name + "-" + Commit.Substring(0, 10));
        if (File.Exists(Path.Combine(target, ".extracted")))
        {
            return target;
        }

        Directory.CreateDirectory(target);
        // A snapshot may lack its largest (binary) files, and git archive stops at the first missing one: archive only
        // the files whose objects are present.
        var entries = Git(gitDir, $"ls-tree -r -z {Commit}", null).Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(e => (Sha: e.Split(' ')[2].Split('\t')[0], Type: e.Split(' ')[1], Path: e.Substring(e.IndexOf('\t') + 1)))
            .Where(e => e.Type == "blob")
            .ToList();
        var present = Git(gitDir, "cat-file --batch-check", string.Join("\n", entries.Select(e => e.Sha)) + "\n")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.EndsWith(" missing", StringComparison.Ordinal))
            .Select(line => line.Split(' ')[0])
            .ToHashSet(StringComparer.Ordinal);
        var list = Path.Combine(cache, Name + ".files");
        File.WriteAllText(list, string.Join("\0", entries.Where(e => present.Contains(e.Sha)).Select(e => e.Path)));
        var info = new ProcessStartInfo("bash", new[] { "-c", $"set -o pipefail; xargs -0 -a \"{list}\" git --literal-pathspecs --git-dir=\"{gitDir}\" archive {Commit} -- | tar -x -i -C \"{target}\"" }) { RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new ArgumentException($"could not extract {Repository}@{Commit}: {error}");
        }

        File.WriteAllText(Path.Combine(target, ".extracted"), Commit);
        return target;
    }

    private static string Git(string gitDir, string arguments, string? input)
    {
        var info = new ProcessStartInfo("git", $"--git-dir=\"{gitDir}\" {arguments}") { RedirectStandardOutput = true, RedirectStandardInput = input != null };
        using var process = Process.Start(info)!;
        if (input != null)
        {
            var writer = process.StandardInput;
            _ = Task.Run(() => { writer.Write(input); writer.Close(); });
        }

        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
