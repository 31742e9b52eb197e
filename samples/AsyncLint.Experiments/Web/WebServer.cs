using System;
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
    /// The server under test: one Kestrel app on 127.0.0.1 (a free port) with three endpoints that each wait for a
    /// simulated dependency of <c>delayMs</c>, in three ways. It runs in its own process so that every measurement
    /// starts from a fresh thread pool.
    /// </summary>
    internal static class WebServer
    {
        public static async Task<int> RunAsync(int delayMs)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var sampler = ThreadPoolSampler.Start();

            foreach (var mode in WaitMode.All)
            {
                app.MapGet(mode.Path, mode.CreateHandler(delayMs));
            }

            app.MapPost("/reset", () => sampler.Reset());
            app.MapGet("/stats", () => sampler.Peaks());
            app.MapPost("/shutdown", (IHostApplicationLifetime lifetime) => lifetime.StopApplication());

            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            ThreadPool.GetMinThreads(out var minWorkers, out _);
            Console.WriteLine("listening " + address + " min-worker-threads " + minWorkers);
            await app.WaitForShutdownAsync();
            return 0;
        }
    }

    /// <summary>One way to wait for the simulated dependency, and the endpoint that uses it.</summary>
    internal sealed class WaitMode
    {
        public static readonly WaitMode Await = new WaitMode("async", "/await", "await Task.Delay(50)");
        public static readonly WaitMode SyncOverAsync = new WaitMode("wait", "/wait", "Task.Delay(50).Wait()");
        public static readonly WaitMode Sleep = new WaitMode("sleep", "/sleep", "Thread.Sleep(50)");
        public static readonly WaitMode[] All = { Await, SyncOverAsync, Sleep };

        private WaitMode(string name, string path, string code)
        {
            Name = name;
            Path = path;
            Code = code;
        }

        /// <summary>The name used on the command line (<c>--modes async,wait,sleep</c>).</summary>
        public string Name { get; }

        public string Path { get; }

        /// <summary>What the endpoint does, as printed in the results (with the default 50 ms delay).</summary>
        public string Code { get; }

        public Delegate CreateHandler(int delayMs)
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
    /// Samples the thread pool on a dedicated thread (a pool-based timer would itself starve) and keeps the peaks:
    /// the number of pool threads and the number of work items queued waiting for one.
    /// </summary>
    internal sealed class ThreadPoolSampler
    {
        private int _peakThreads;
        private long _peakQueued;

        private ThreadPoolSampler()
        {
        }

        public static ThreadPoolSampler Start()
        {
            var sampler = new ThreadPoolSampler();
            var thread = new Thread(sampler.Loop) { IsBackground = true, Name = "thread-pool sampler" };
            thread.Start();
            return sampler;
        }

        public string Reset()
        {
            Volatile.Write(ref _peakThreads, ThreadPool.ThreadCount);
            Volatile.Write(ref _peakQueued, ThreadPool.PendingWorkItemCount);
            return "ok";
        }

        /// <summary>"threads queued", parsed by the load generator.</summary>
        public string Peaks() => Volatile.Read(ref _peakThreads) + " " + Volatile.Read(ref _peakQueued);

        private void Loop()
        {
            while (true)
            {
                var threads = ThreadPool.ThreadCount;
                var queued = ThreadPool.PendingWorkItemCount;
                if (threads > Volatile.Read(ref _peakThreads))
                {
                    Volatile.Write(ref _peakThreads, threads);
                }

                if (queued > Volatile.Read(ref _peakQueued))
                {
                    Volatile.Write(ref _peakQueued, queued);
                }

                // A dedicated sampling thread, not the pool: sleeping here is the point.
                Thread.Sleep(5);
            }
        }
    }
}
