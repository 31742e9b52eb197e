using System;
using System.Threading.Tasks;
using AsyncLint.Experiments.Web;

namespace AsyncLint.Experiments
{
    /// <summary>Dispatches to one experiment per subcommand; each experiment lives in its own folder.</summary>
    internal static class Program
    {
        private static async Task<int> Main(string[] args)
        {
            var command = args.Length > 0 ? args[0] : string.Empty;
            var rest = args.Length > 0 ? args[1..] : Array.Empty<string>();
            switch (command)
            {
                case "web":
                    return await WebExperiment.RunAsync(rest);
                default:
                    Console.Error.WriteLine("usage: dotnet run -c Release --project samples/AsyncLint.Experiments -- <experiment> [options]");
                    Console.Error.WriteLine("  web    a synchronous vs an asynchronous ASP.NET Core endpoint under load (" + WebExperiment.Usage + ")");
                    return 2;
            }
        }
    }
}
