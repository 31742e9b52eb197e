using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace AsyncLint.Tests.Integration
{
    /// <summary>Runs the dotnet CLI as a real client would, with an isolated package cache and no lingering build servers.</summary>
    public static class DotNetCli
    {
        public sealed record Result(int ExitCode, string Output)
        {
            public override string ToString() => "exit code " + ExitCode + Environment.NewLine + Output;
        }

        /// <summary>
        /// Runs <c>dotnet</c> with <paramref name="arguments"/>; <paramref name="packagesFolder"/> null means the machine's
        /// own package cache (for tools that should be restored once, not per test run).
        /// </summary>
        public static Result Run(string workingDirectory, string? packagesFolder, params string[] arguments)
        {
            var start = StartInfo(workingDirectory, packagesFolder, arguments);
            using var process = new Process { StartInfo = start };
            var output = new StringBuilder();
            process.OutputDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit((int)TimeSpan.FromMinutes(5).TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("dotnet " + string.Join(" ", arguments) + " did not finish in 5 minutes:\n" + output);
            }

            process.WaitForExit();
            lock (output)
            {
                return new Result(process.ExitCode, output.ToString());
            }
        }

        /// <summary>The start info every dotnet child process gets: redirected output, no telemetry, no lingering build servers.</summary>
        public static ProcessStartInfo StartInfo(string workingDirectory, string? packagesFolder, params string[] arguments)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            var environment = new Dictionary<string, string>
            {
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
                ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["UseSharedCompilation"] = "false",
            };
            if (packagesFolder != null)
            {
                environment["NUGET_PACKAGES"] = packagesFolder;
            }

            foreach (var pair in environment)
            {
                start.Environment[pair.Key] = pair.Value;
            }

            // The test host's own MSBuild variables would leak into the child build.
            start.Environment.Remove("MSBuildExtensionsPath");
            start.Environment.Remove("MSBuildSDKsPath");
            start.Environment.Remove("MSBUILD_EXE_PATH");
            return start;
        }
    }
}
