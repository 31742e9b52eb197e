using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using AsyncLint.Charts;

namespace AsyncLint.Experiments.Web
{
    /// <summary>
    /// "How does a synchronous web server perform against an asynchronous one?" For each server mode, each number of
    /// concurrent clients and a burst: start a fresh server process, open the clients' connections, load it, and
    /// record throughput, latency, and the server's peak threads and memory. Loopback only.
    /// </summary>
    internal static class WebExperiment
    {
        public const string Usage = "--concurrency 10,100,1000 --burst 1000 --duration 5 --grace 3 --requests 100000 --delay 50 --modes async,sync,sleep,wait,wait-sized --runs 1 --json PATH";

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
                return await WebServer.RunAsync(options.DelayMs, options.MinThreads);
            }

            var machine = MachineInfo.Now();
            PrintHeader(options);
            var rows = new List<WebRow>();
            var shapes = options.ConcurrencyLevels.Select(c => (Clients: c, Burst: false))
                .Concat(options.Burst > 0 ? new[] { (Clients: options.Burst, Burst: true) } : Array.Empty<(int, bool)>())
                .ToList();
            for (var run = 1; run <= options.Runs; run++)
            {
                foreach (var mode in options.Modes)
                {
                    foreach (var (clients, burst) in shapes)
                    {
                        var row = await MeasureAsync(mode, clients, burst, run, options);
                        Console.WriteLine(row.Line());
                        rows.Add(row);
                    }
                }
            }

            if (options.Runs > 1)
            {
                Console.WriteLine();
                Console.WriteLine($"medians of {options.Runs} runs (min-max):");
                Console.WriteLine($"{"mode",-11} {"load",-11} {"req/s",-20} {"p50 ms",-20} {"p99 ms",-20} {"OS threads",-16} {"working set MB",-16}");
                foreach (var group in rows.GroupBy(r => (r.Mode, r.Burst, r.Clients)))
                {
                    Console.WriteLine(string.Format(
                        CultureInfo.InvariantCulture,
                        "{0,-11} {1,-11} {2,-20} {3,-20} {4,-20} {5,-16} {6,-16}",
                        group.Key.Mode, (group.Key.Burst ? "burst " : "") + group.Key.Clients,
                        Spread.Of(group.Select(r => r.RequestsPerSecond)), Spread.Of(group.Select(r => r.P50Ms)), Spread.Of(group.Select(r => r.P99Ms)),
                        Spread.Of(group.Select(r => (double)r.PeakOsThreads)), Spread.Of(group.Select(r => r.PeakWorkingSetMB))));
                }
            }

            JsonReport.Write(options.JsonPath, new
            {
                experiment = "web",
                command = "dotnet run -c Release --project samples/AsyncLint.Experiments -- web " + string.Join(' ', args),
                machine,
                finishedUtc = DateTime.UtcNow,
                delayMs = options.DelayMs,
                durationS = options.Duration.TotalSeconds,
                graceS = options.Grace.TotalSeconds,
                runs = options.Runs,
                headroomThreads = WaitMode.Headroom,
                modes = options.Modes.Select(m => new { m.Name, code = m.Handler.Code(options.DelayMs), m.Sized, m.Description }),
                rows,
            });
            return 0;
        }

        private static void PrintHeader(Options options)
        {
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "web: each request waits for a simulated {0} ms dependency; a fresh server process per row, {1} warm-up requests and one connection per client opened first, then {2} s or {3} requests of load (a burst: one request per client, all at once); requests still in flight {4} s later are cancelled (unfinished)",
                options.DelayMs, WarmupRequests, options.Duration.TotalSeconds, options.MaxRequests, options.Grace.TotalSeconds));
            Console.WriteLine("modes: " + string.Join("; ", options.Modes.Select(m => m.Name + " = " + m.Handler.Code(options.DelayMs) + (m.Sized ? ", pool minimum = clients + " + WaitMode.Headroom : ", default pool") + " (" + m.Description + ")")));
            Console.WriteLine("server figures are peaks during the load: pool threads, OS threads and working set; 'per client' subtracts the idle figures measured just before the load");
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "machine: {0} logical cores, {1}, {2}, {3:yyyy-MM-dd HH:mm} UTC",
                Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, DateTime.UtcNow));
            Console.WriteLine();
            Console.WriteLine(WebRow.Header);
        }

        private static async Task<WebRow> MeasureAsync(WaitMode mode, int clients, bool burst, int run, Options options)
        {
            var loadBefore = MachineInfo.LoadAverage();
            using var server = await ServerProcess.StartAsync(options.DelayMs, mode.MinWorkerThreads(clients));
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) };
            using var client = new HttpClient(handler) { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };

            var uri = new Uri(server.Address, mode.Handler.Path);
            for (var i = 0; i < WarmupRequests; i++)
            {
                (await client.GetAsync(uri)).Dispose();
            }

            // One connection per client, opened on an endpoint that does not wait, so that connection setup is not
            // part of what is measured (a burst of requests on open keep-alive connections).
            await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ => (await client.GetAsync("/ping")).Dispose()));
            await Task.Delay(500);

            await server.CommandAsync("reset");
            var result = await LoadGenerator.RunAsync(client, uri, clients, options.Duration, options.Grace, options.MaxRequests, burst);
            var stats = ServerStats.Parse(await server.CommandAsync("stats"));
            var p50 = result.PercentileSample(0.50);
            var p99 = result.PercentileSample(0.99);
            return new WebRow(
                run, mode.Name, mode.Handler.Code(options.DelayMs), mode.Sized ? "minimum " + mode.MinWorkerThreads(clients) : "default",
                burst, clients, result.Completed, result.Unfinished, result.Errors, Math.Round(result.Elapsed.TotalMilliseconds, 1),
                Math.Round(result.RequestsPerSecond, 1), clients * 1000.0 / options.DelayMs,
                Math.Round(p50.Milliseconds, 1), p50.Unfinished, Math.Round(p99.Milliseconds, 1), p99.Unfinished,
                stats.PeakPoolThreads, stats.PeakQueued, stats.IdleOsThreads, stats.PeakOsThreads,
                Math.Round(stats.IdleResidentBytes / 1048576.0, 1), Math.Round(stats.PeakResidentBytes / 1048576.0, 1), stats.CpuMs,
                loadBefore, MachineInfo.LoadAverage());
        }

        private sealed class Options
        {
            public bool Serve { get; private set; }

            public int MinThreads { get; private set; }

            public IReadOnlyList<int> ConcurrencyLevels { get; private set; } = new[] { 10, 100, 1000 };

            /// <summary>Clients in the burst row (0: no burst row).</summary>
            public int Burst { get; private set; } = 1000;

            public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(5);

            /// <summary>How long requests in flight at the end of the duration may still take before they are cancelled.</summary>
            public TimeSpan Grace { get; private set; } = TimeSpan.FromSeconds(3);

            public int MaxRequests { get; private set; } = 100000;

            public int DelayMs { get; private set; } = 50;

            public int Runs { get; private set; } = 1;

            public string? JsonPath { get; private set; }

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
                        case "--min-threads":
                            options.MinThreads = Positive(Value(), 10_000);
                            break;
                        case "--concurrency":
                            options.ConcurrencyLevels = Value().Split(',').Select(c => Positive(c, 5000)).ToArray();
                            break;
                        case "--burst":
                            options.Burst = Value() == "0" ? 0 : Positive(args[i], 5000);
                            break;
                        case "--duration":
                            options.Duration = TimeSpan.FromSeconds(Positive(Value(), 120));
                            break;
                        case "--grace":
                            options.Grace = TimeSpan.FromSeconds(Positive(Value(), 120));
                            break;
                        case "--requests":
                            options.MaxRequests = Positive(Value(), 10_000_000);
                            break;
                        case "--delay":
                            options.DelayMs = Positive(Value(), 10_000);
                            break;
                        case "--runs":
                            options.Runs = Positive(Value(), 20);
                            break;
                        case "--json":
                            options.JsonPath = Value();
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

            public static async Task<ServerProcess> StartAsync(int delayMs, int minWorkerThreads)
            {
                var arguments = new List<string> { "web", "--serve", "--delay", delayMs.ToString(CultureInfo.InvariantCulture) };
                if (minWorkerThreads > 0)
                {
                    arguments.Add("--min-threads");
                    arguments.Add(minWorkerThreads.ToString(CultureInfo.InvariantCulture));
                }

                var start = ChildProcess.StartInfo(arguments);
                start.RedirectStandardInput = true;
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

            /// <summary>Sends a command on the server's standard input and returns its answer (without the "stats " prefix).</summary>
            public async Task<string> CommandAsync(string command)
            {
                await _process.StandardInput.WriteLineAsync(command);
                await _process.StandardInput.FlushAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                var answer = await _process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the server process exited");
                return answer.StartsWith("stats ", StringComparison.Ordinal) ? answer.Substring(6) : answer;
            }

            public void Dispose()
            {
                if (!_process.HasExited)
                {
                    _process.Kill();
                    _process.WaitForExit();
                }

                _process.Dispose();
            }
        }
    }

    /// <summary>One measured row, as printed and as written to the JSON file.</summary>
    internal sealed record WebRow(
        int Run, string Mode, string Code, string Pool, bool Burst, int Clients,
        int Completed, int Unfinished, int Errors, double ElapsedMs, double RequestsPerSecond, double IdealRequestsPerSecond,
        double P50Ms, bool P50IsLowerBound, double P99Ms, bool P99IsLowerBound,
        int PeakPoolThreads, long PeakQueuedWorkItems, int IdleOsThreads, int PeakOsThreads,
        double IdleWorkingSetMB, double PeakWorkingSetMB, long ServerCpuMs,
        string? LoadAverageBefore, string? LoadAverageAfter)
    {
        public const string Header = "run mode        load         completed unfin.   req/s  ideal   p50 ms   p99 ms pool thr OS thr (idle) thr/client WS MB (idle) KB/client srv CPU  load avg";

        /// <summary>Threads the server added per concurrent client: (peak - idle OS threads) / clients.</summary>
        public double ThreadsPerClient => Math.Round((PeakOsThreads - IdleOsThreads) / (double)Clients, 3);

        /// <summary>Working set the server added per concurrent client, in KB.</summary>
        public double WorkingSetKBPerClient => Math.Round((PeakWorkingSetMB - IdleWorkingSetMB) * 1024 / Clients, 1);

        public string Line() => string.Format(
            CultureInfo.InvariantCulture,
            "{0,3} {1,-11} {2,-12} {3,9} {4,6} {5,7:F0} {6,6:F0} {7,8} {8,8} {9,8} {10,6} ({11,4}) {12,10:F3} {13,5:F0} ({14,4:F0}) {15,9:F1} {16,6:F0}%  {17}",
            Run, Mode, (Burst ? "burst " : "") + Clients, Completed, Unfinished, RequestsPerSecond, IdealRequestsPerSecond,
            (P50IsLowerBound ? ">" : "") + P50Ms.ToString("F0", CultureInfo.InvariantCulture), (P99IsLowerBound ? ">" : "") + P99Ms.ToString("F0", CultureInfo.InvariantCulture),
            PeakPoolThreads, PeakOsThreads, IdleOsThreads, ThreadsPerClient, PeakWorkingSetMB, IdleWorkingSetMB, WorkingSetKBPerClient,
            ServerCpuMs / ElapsedMs * 100, LoadAverageBefore);
    }
}
