using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace AsyncLint.Experiments.Web
{
    /// <summary>What one load run measured.</summary>
    internal sealed class LoadResult
    {
        private readonly Sample[] _sorted;

        public LoadResult(int errors, TimeSpan elapsed, IEnumerable<Sample> samples)
        {
            Errors = errors;
            Elapsed = elapsed;
            _sorted = samples.OrderBy(s => s.Milliseconds).ToArray();
            Completed = _sorted.Count(s => !s.Unfinished);
            Unfinished = _sorted.Length - Completed;
        }

        /// <summary>Requests answered with a success status.</summary>
        public int Completed { get; }

        /// <summary>Requests still waiting for their response when the grace period ended (they were cancelled).</summary>
        public int Unfinished { get; }

        public int Errors { get; }

        /// <summary>From the first request to the last response or cancellation.</summary>
        public TimeSpan Elapsed { get; }

        public double RequestsPerSecond => Completed / Elapsed.TotalSeconds;

        /// <summary>
        /// A latency percentile over completed and unfinished requests; an unfinished request counts with the time it
        /// had waited when it was cancelled, so a percentile that lands on one is a lower bound (printed with "&gt;").
        /// </summary>
        public string Percentile(double fraction)
        {
            if (_sorted.Length == 0)
            {
                return "-";
            }

            var sample = PercentileSample(fraction);
            return (sample.Unfinished ? ">" : string.Empty) + Math.Round(sample.Milliseconds).ToString("F0", System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>The sample at a percentile (nearest rank); <see cref="Sample.Unfinished"/> marks a lower bound.</summary>
        public Sample PercentileSample(double fraction)
            => _sorted.Length == 0 ? new Sample(double.NaN, unfinished: false) : _sorted[Math.Max(0, (int)Math.Ceiling(fraction * _sorted.Length) - 1)];

        internal readonly struct Sample
        {
            public Sample(double milliseconds, bool unfinished)
            {
                Milliseconds = milliseconds;
                Unfinished = unfinished;
            }

            public double Milliseconds { get; }

            public bool Unfinished { get; }
        }
    }

    /// <summary>
    /// A closed-loop load generator: <c>concurrency</c> clients, each sending its next request as soon as the previous
    /// response arrived, until the duration is over or the request budget is spent. Requests in flight when the time is
    /// up get a grace period to finish; those still waiting after it are cancelled and reported as unfinished, so that
    /// a starved server cannot stretch the run without bound. A burst is the same with one request per client, all
    /// released at the same moment.
    /// </summary>
    internal static class LoadGenerator
    {
        public static async Task<LoadResult> RunAsync(HttpClient client, Uri uri, int concurrency, TimeSpan duration, TimeSpan grace, int maxRequests, bool burst = false)
        {
            var budget = burst ? concurrency : maxRequests;
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var clock = new Stopwatch();
            using var end = new CancellationTokenSource();

            async Task<(List<LoadResult.Sample> Samples, int Errors)> ClientAsync()
            {
                var samples = new List<LoadResult.Sample>();
                var errors = 0;
                await gate.Task;
                while ((burst ? samples.Count + errors == 0 : clock.Elapsed < duration) && Interlocked.Decrement(ref budget) >= 0)
                {
                    var start = Stopwatch.GetTimestamp();
                    try
                    {
                        using var response = await client.GetAsync(uri, end.Token);
                        response.EnsureSuccessStatusCode();
                        samples.Add(new LoadResult.Sample(Stopwatch.GetElapsedTime(start).TotalMilliseconds, unfinished: false));
                    }
                    catch (OperationCanceledException) when (end.IsCancellationRequested)
                    {
                        samples.Add(new LoadResult.Sample(Stopwatch.GetElapsedTime(start).TotalMilliseconds, unfinished: true));
                        break;
                    }
                    catch (Exception ex) when (ex is HttpRequestException || ex is OperationCanceledException)
                    {
                        errors++;
                    }
                }

                return (samples, errors);
            }

            var clients = Enumerable.Range(0, concurrency).Select(_ => Task.Run(ClientAsync)).ToArray();
            await Task.Delay(100); // every client is waiting at the gate
            clock.Start();
            end.CancelAfter(duration + grace);
            gate.SetResult();
            var results = await Task.WhenAll(clients);
            clock.Stop();
            return new LoadResult(results.Sum(r => r.Errors), clock.Elapsed, results.SelectMany(r => r.Samples));
        }
    }
}
