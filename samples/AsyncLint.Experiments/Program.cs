namespace AsyncLint.Experiments;

/// <summary>Entry point: <c>AsyncLint.Experiments &lt;experiment&gt; [--option value]...</c>.</summary>
public static class Program
{
    /// <summary>Every experiment by subcommand name. Add new experiments here.</summary>
    private static readonly Dictionary<string, IExperiment> Experiments = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cpu"] = new CpuExperiment(),
        ["io"] = new IoExperiment(),
        ["starve"] = new StarveExperiment(),
        ["threads"] = new ThreadsExperiment(),
        ["files"] = new FilesExperiment(),
        ["tasks"] = new TasksExperiment(),
    };

    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && string.Equals(args[0], "web", StringComparison.OrdinalIgnoreCase))
        {
            return await AsyncLint.Experiments.Web.WebExperiment.RunAsync(args[1..]);
        }

        if (args.Length == 0 || !Experiments.TryGetValue(args[0], out var experiment))
        {
            Console.WriteLine("usage: AsyncLint.Experiments <experiment> [--option value]...");
            Console.WriteLine("  web    a synchronous (thread-per-request) vs an asynchronous ASP.NET Core server under load, and blocking handlers on an async server");
            Console.WriteLine("         options: " + AsyncLint.Experiments.Web.WebExperiment.Usage);
            foreach (var (name, e) in Experiments)
            {
                Console.WriteLine($"  {name,-6} {e.Description}");
                Console.WriteLine($"         options: {e.Usage}");
            }

            return args.Length == 0 ? 0 : 1;
        }

        var options = Options.Parse(args.Skip(1));
        if (options.String("child") is null)
        {
            // Other processes competing for the cores change wall times: the load average goes with every result.
            Console.WriteLine($"# {args[0]}: .NET {Environment.Version}, {Environment.ProcessorCount} logical processors, {Environment.OSVersion}, load average {MachineInfo.LoadAverage() ?? "unknown"}");
        }

        await experiment.RunAsync(options);
        return 0;
    }
}

/// <summary>One experiment: a subcommand of the program.</summary>
public interface IExperiment
{
    string Description { get; }

    string Usage { get; }

    Task RunAsync(Options options);
}

/// <summary><c>--name value</c> pairs.</summary>
public sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _arguments = new();

    public static Options Parse(IEnumerable<string> args)
    {
        var options = new Options();
        string? name = null;
        foreach (var arg in args)
        {
            options._arguments.Add(arg);
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                name = arg[2..];
                options._values[name] = "true";
            }
            else if (name != null)
            {
                options._values[name] = arg;
                name = null;
            }
        }

        return options;
    }

    public int Int(string name, int defaultValue) => _values.TryGetValue(name, out var v) && int.TryParse(v, out var i) ? i : defaultValue;

    public string? String(string name) => _values.TryGetValue(name, out var v) ? v : null;

    /// <summary>The arguments as given, for the command line recorded in a result file.</summary>
    public override string ToString() => string.Join(' ', _arguments);
}
