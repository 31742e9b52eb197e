using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AsyncLint.Experiments.Web
{
    /// <summary>
    /// The server under test: one Kestrel app on 127.0.0.1 (a free port) with endpoints that each wait for a simulated
    /// dependency of <c>delayMs</c>, in different ways. It runs in its own process so that every measurement starts
    /// from a fresh thread pool, with the pool minimum the measured mode asks for.
    /// </summary>
    internal static class WebServer
    {
        public static async Task<int> RunAsync(int delayMs, int minWorkerThreads)
        {
            if (minWorkerThreads > 0)
            {
                // "Threads sized to the load": a thread-per-request server is configured with as many threads as it
                // will have requests in flight (IIS/ASP.NET's maxWorkerThreads, Tomcat's maxThreads); the pool then
                // creates them on demand without its usual injection delay.
                ThreadPool.GetMinThreads(out _, out var io);
                ThreadPool.SetMinThreads(minWorkerThreads, io);
            }

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
            builder.WebHost.UseSockets(options => options.Backlog = 4096); // a burst of 1,000 connections must not overflow the accept queue
            var app = builder.Build();
            var sampler = ServerSampler.Start();

            foreach (var handler in WaitHandler.All)
            {
                app.MapGet(handler.Path, handler.Create(delayMs));
            }

            app.MapGet("/ping", () => "ok"); // opens the clients' connections before a measurement, without waiting

            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            ThreadPool.GetMinThreads(out var minWorkers, out _);
            Console.WriteLine("listening " + address + " min-worker-threads " + minWorkers);

            // Commands arrive on standard input and are answered on a dedicated thread: a starved pool could not
            // answer an HTTP request for the statistics until long after the load.
            string? command;
            while ((command = Console.ReadLine()) != null && command != "exit")
            {
                Console.WriteLine(command == "reset" ? sampler.Reset() : "stats " + sampler.Peaks());
            }

            return 0;
        }
    }

    /// <summary>One way to wait for the simulated dependency, and the endpoint that uses it.</summary>
    internal sealed class WaitHandler
    {
        public static readonly WaitHandler Await = new WaitHandler("/await", "await Task.Delay({0})");
        public static readonly WaitHandler SyncOverAsync = new WaitHandler("/wait", "Task.Delay({0}).Wait()");
        public static readonly WaitHandler Sleep = new WaitHandler("/sleep", "Thread.Sleep({0})");
        public static readonly WaitHandler[] All = { Await, SyncOverAsync, Sleep };

        private readonly string _code;

        private WaitHandler(string path, string code)
        {
            Path = path;
            _code = code;
        }

        public string Path { get; }

        /// <summary>What the endpoint does: "await Task.Delay(50)".</summary>
        public string Code(int delayMs) => string.Format(CultureInfo.InvariantCulture, _code, delayMs);

        public Delegate Create(int delayMs)
        {
            if (this == Await)
            {
                return async () =>
                {
                    await Task.Delay(delayMs);
                    return "ok";
                };
            }

            if (this == SyncOverAsync)
            {
                return () =>
                {
                    // Blocks a thread-pool thread on purpose: this is the sync-over-async shape under measurement
                    // (ASYNC101 in async code, ASYNC104 in synchronous code).
                    Task.Delay(delayMs).Wait();
                    return "ok";
                };
            }

            return () =>
            {
                // Blocks a thread-pool thread on purpose, like a synchronous driver call would (ASYNC102 in async code).
                Thread.Sleep(delayMs);
                return "ok";
            };
        }
    }

    /// <summary>
    /// A measured server: which endpoint it loads, and whether the server's pool is sized to the number of clients
    /// (the way a synchronous, thread-per-request server is run) or left at the runtime's default.
    /// </summary>
    internal sealed class WaitMode
    {
        public static readonly WaitMode Async = new WaitMode("async", WaitHandler.Await, sized: false, "asynchronous");
        public static readonly WaitMode Sync = new WaitMode("sync", WaitHandler.Sleep, sized: true, "synchronous, threads sized to the load");
        public static readonly WaitMode Sleep = new WaitMode("sleep", WaitHandler.Sleep, sized: false, "blocking on an async server's pool");
        public static readonly WaitMode Wait = new WaitMode("wait", WaitHandler.SyncOverAsync, sized: false, "sync over async on an async server's pool");
        public static readonly WaitMode WaitSized = new WaitMode("wait-sized", WaitHandler.SyncOverAsync, sized: true, "sync over async, threads sized to the load");
        public static readonly WaitMode[] All = { Async, Sync, Sleep, Wait, WaitSized };

        private WaitMode(string name, WaitHandler handler, bool sized, string description)
        {
            Name = name;
            Handler = handler;
            Sized = sized;
            Description = description;
        }

        /// <summary>The name used on the command line (<c>--modes async,sync,sleep,wait,wait-sized</c>) and in the JSON.</summary>
        public string Name { get; }

        public WaitHandler Handler { get; }

        /// <summary>The server's minimum worker threads is raised to the number of clients plus <see cref="Headroom"/>.</summary>
        public bool Sized { get; }

        public string Description { get; }

        /// <summary>Threads beyond one per client for Kestrel's own work (accepting, parsing, writing responses).</summary>
        public const int Headroom = 20;

        public int MinWorkerThreads(int clients) => Sized ? clients + Headroom : 0;
    }

    /// <summary>
    /// Samples the server on a dedicated thread (a pool-based timer would itself starve) and keeps the peaks during a
    /// measurement: pool threads, work items queued waiting for one, OS threads of the process and its resident memory
    /// (working set); and, at the reset before the load, the idle figures to subtract.
    /// </summary>
    internal sealed class ServerSampler
    {
        private readonly object _gate = new object();
        private int _peakPool;
        private long _peakQueued;
        private int _peakOsThreads;
        private long _peakResident;
        private ProcessStatus _idle;
        private TimeSpan _cpuAtReset;

        private ServerSampler()
        {
        }

        public static ServerSampler Start()
        {
            var sampler = new ServerSampler();
            sampler.Reset();
            var thread = new Thread(sampler.Loop) { IsBackground = true, Name = "server sampler" };
            thread.Start();
            return sampler;
        }

        public string Reset()
        {
            lock (_gate)
            {
                _idle = ProcessStatus.Read();
                _peakPool = ThreadPool.ThreadCount;
                _peakQueued = ThreadPool.PendingWorkItemCount;
                _peakOsThreads = _idle.OsThreads;
                _peakResident = _idle.ResidentBytes;
                _cpuAtReset = Process.GetCurrentProcess().TotalProcessorTime;
            }

            return "ok";
        }

        /// <summary>Space-separated figures, parsed by <see cref="ServerStats.Parse"/>.</summary>
        public string Peaks()
        {
            lock (_gate)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpuAtReset;
                return string.Join(' ', new object[] { _peakPool, _peakQueued, _peakOsThreads, _peakResident, _idle.OsThreads, _idle.ResidentBytes, (long)cpu.TotalMilliseconds }
                    .Select(o => Convert.ToString(o, CultureInfo.InvariantCulture)));
            }
        }

        private void Loop()
        {
            while (true)
            {
                var status = ProcessStatus.Read();
                lock (_gate)
                {
                    _peakPool = Math.Max(_peakPool, ThreadPool.ThreadCount);
                    _peakQueued = Math.Max(_peakQueued, ThreadPool.PendingWorkItemCount);
                    _peakOsThreads = Math.Max(_peakOsThreads, status.OsThreads);
                    _peakResident = Math.Max(_peakResident, status.ResidentBytes);
                }

                // A dedicated sampling thread, not the pool: sleeping here is the point.
                Thread.Sleep(5);
            }
        }
    }

    /// <summary>What the server reported about one measurement.</summary>
    internal sealed record ServerStats(int PeakPoolThreads, long PeakQueued, int PeakOsThreads, long PeakResidentBytes, int IdleOsThreads, long IdleResidentBytes, long CpuMs)
    {
        public static ServerStats Parse(string text)
        {
            var f = text.Split(' ').Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            return new ServerStats((int)f[0], f[1], (int)f[2], f[3], (int)f[4], f[5], f[6]);
        }
    }
}
