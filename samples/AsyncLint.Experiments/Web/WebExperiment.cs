using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncLint.Experiments.Web
{
    /// <summary>
    /// "How does a synchronous web server perform against an asynchronous one?" For each way of waiting and each
    /// concurrency level: start a fresh server process, warm it up, load it, print throughput, latency and the
    /// server's peak thread-pool size. Loopback only.
    /// </summary>
    internal static class WebExperiment
    {
        public const string Usage = "--concurrency 10,100,500 --duration 5 --grace 3 --requests 20000 --delay 50 --modes async,wait,sleep";

        private const int WarmupRequests = 20;

        public static async Task<int> RunAsync(string[] args)
        {
            Options options;
            try
            {
                options = Options.Parse(args);
            }
            catch (FormatException ex)
            {
                Console.Error.WriteLine(ex.Message);
                Console.Error.WriteLine("usage: web " + Usage);
                return 2;
            }

            if (options.Serve)
            {
                return await WebServer.RunAsync(options.DelayMs);
            }

            PrintHeader(options);
            foreach (var mode in options.Modes)
            {
                foreach (var concurrency in options.ConcurrencyLevels)
                {
                    var row = await MeasureAsync(mode, concurrency, options);
                    Console.WriteLine(row);
                }
            }

            return 0;
        }

        private static void PrintHeader(Options options)
        {
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "web: each request waits for a simulated {0} ms dependency; a fresh server process per row, {1} warm-up requests, then {2} s or {3} requests of load; requests still in flight {4} s later are cancelled (unfinished)",
                options.DelayMs, WarmupRequests, options.Duration.TotalSeconds, options.MaxRequests, options.Grace.TotalSeconds));
            Console.WriteLine("pool threads / queued work: the server's peak ThreadPool.ThreadCount and PendingWorkItemCount during the load; ideal req/s = clients x 1000 / delay");
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "machine: {0} logical cores, {1}, {2}, {3:yyyy-MM-dd HH:mm} UTC",
                Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, DateTime.UtcNow));
            Console.WriteLine();
            Console.WriteLine("endpoint               clients completed unfinished errors   req/s ideal req/s   p50 ms   p99 ms pool threads queued work");
        }

        private static async Task<string> MeasureAsync(WaitMode mode, int concurrency, Options options)
        {
            using var server = await ServerProcess.StartAsync(options.DelayMs);
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency };
            using var client = new HttpClient(handler) { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };

            var uri = new Uri(server.Address, mode.Path);
            for (var i = 0; i < WarmupRequests; i++)
            {
                (await client.GetAsync(uri)).Dispose();
            }

            (await client.PostAsync("/reset", null)).Dispose();
            var result = await LoadGenerator.RunAsync(client, uri, concurrency, options.Duration, options.Grace, options.MaxRequests);
            var peaks = (await client.GetStringAsync("/stats")).Split(' ');
            await server.StopAsync(client);

            var ideal = concurrency * 1000.0 / options.DelayMs;
            return string.Format(
                CultureInfo.InvariantCulture,
                "{0,-22} {1,7} {2,9} {3,10} {4,6} {5,7:F0} {6,11:F0} {7,8} {8,8} {9,12} {10,11}",
                mode.Code, concurrency, result.Completed, result.Unfinished, result.Errors, result.RequestsPerSecond, ideal,
                result.Percentile(0.50), result.Percentile(0.99), peaks[0], peaks[1]);
        }

        private sealed class Options
        {
            public bool Serve { get; private set; }

            public IReadOnlyList<int> ConcurrencyLevels { get; private set; } = new[] { 10, 100, 500 };

            public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(5);

            /// <summary>How long requests in flight at the end of the duration may still take before they are cancelled.</summary>
            public TimeSpan Grace { get; private set; } = TimeSpan.FromSeconds(3);

            public int MaxRequests { get; private set; } = 20000;

            public int DelayMs { get; private set; } = 50;

            public IReadOnlyList<WaitMode> Modes { get; private set; } = WaitMode.All;

            public static Options Parse(string[] args)
            {
                var options = new Options();
                for (var i = 0; i < args.Length; i++)
                {
                    string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException("missing value after " + args[i]);
                    switch (args[i])
                    {
                        case "--serve":
                            options.Serve = true;
                            break;
                        case "--concurrency":
                            options.ConcurrencyLevels = Value().Split(',').Select(c => Positive(c, 5000)).ToArray();
                            break;
                        case "--duration":
                            options.Duration = TimeSpan.FromSeconds(Positive(Value(), 120));
                            break;
                        case "--grace":
                            options.Grace = TimeSpan.FromSeconds(Positive(Value(), 120));
                            break;
                        case "--requests":
                            options.MaxRequests = Positive(Value(), 1_000_000);
                            break;
                        case "--delay":
                            options.DelayMs = Positive(Value(), 10_000);
                            break;
                        case "--modes":
                            options.Modes = Value().Split(',')
                                .Select(name => WaitMode.All.FirstOrDefault(m => m.Name == name) ?? throw new FormatException("unknown mode " + name))
                                .ToArray();
                            break;
                        default:
                            throw new FormatException("unknown option " + args[i]);
                    }
                }

                return options;
            }

            private static int Positive(string text, int max)
                => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= max
                    ? value
                    : throw new FormatException("expected a whole number from 1 to " + max + ", got '" + text + "'");
        }

        /// <summary>The server under test, as a child process of this one (so it has its own, fresh thread pool).</summary>
        private sealed class ServerProcess : IDisposable
        {
            private readonly Process _process;

            private ServerProcess(Process process, Uri address)
            {
                _process = process;
                Address = address;
            }

            public Uri Address { get; }

            public static async Task<ServerProcess> StartAsync(int delayMs)
            {
                var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot locate this program");
                var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
                if (string.Equals(Path.GetFileNameWithoutExtension(self), "dotnet", StringComparison.OrdinalIgnoreCase))
                {
                    // Started as "dotnet AsyncLint.Experiments.dll": start the child the same way.
                    start.ArgumentList.Add(typeof(WebExperiment).Assembly.Location);
                }

                foreach (var arg in new[] { "web", "--serve", "--delay", delayMs.ToString(CultureInfo.InvariantCulture) })
                {
                    start.ArgumentList.Add(arg);
                }

                var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server process");
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                while (true)
                {
                    var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                        ?? throw new InvalidOperationException("the server process exited before listening");
                    if (line.StartsWith("listening ", StringComparison.Ordinal))
                    {
                        return new ServerProcess(process, new Uri(line.Split(' ')[1]));
                    }
                }
            }

            public async Task StopAsync(HttpClient client)
            {
                (await client.PostAsync("/shutdown", null)).Dispose();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await _process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill();
                }
            }

            public void Dispose()
            {
                if (!_process.HasExited)
                {
                    _process.Kill();
                }

                _process.Dispose();
            }
        }
    }
}
