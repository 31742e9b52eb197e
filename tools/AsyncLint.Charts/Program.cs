namespace AsyncLint.Charts;

/// <summary>
/// Renders every chart of the docs from its committed data: <c>dotnet run --project tools/AsyncLint.Charts</c> from the
/// repository root reads docs/data/*.json and writes docs/images/*.svg. <c>--check</c> writes nothing and fails when a
/// committed SVG differs from what its JSON renders to (the test ChartTests does the same). <c>--tables</c> prints the
/// Markdown tables the pages quote instead (<c>--data FOLDER</c> reads another folder's JSON).
/// </summary>
public static class Program
{
    /// <summary>Every chart the docs show. A new chart is one entry here, an SVG under docs/images and a link from a page.</summary>
    public static IReadOnlyList<Chart> Charts { get; } = ExperimentCharts.All().Concat(BenchCharts.All()).ToList();

    public static int Main(string[] args)
    {
        var check = args.Contains("--check");
        var root = args.SkipWhile(a => a != "--root").Skip(1).FirstOrDefault() ?? FindRoot(Directory.GetCurrentDirectory());
        var data = args.SkipWhile(a => a != "--data").Skip(1).FirstOrDefault() ?? Path.Combine(root, "docs", "data");
        var images = Path.Combine(root, "docs", "images");
        if (args.Contains("--tables"))
        {
            Console.Write(Tables.Render(data));
            return 0;
        }

        var stale = 0;
        foreach (var chart in Charts)
        {
            var svg = chart.Render(data);
            var path = Path.Combine(images, chart.SvgFile);
            if (check)
            {
                if (!File.Exists(path) || File.ReadAllText(path) != svg)
                {
                    Console.WriteLine($"stale: docs/images/{chart.SvgFile} (from docs/data/{chart.DataFile})");
                    stale++;
                }
            }
            else
            {
                Directory.CreateDirectory(images);
                File.WriteAllText(path, svg);
                Console.WriteLine($"docs/data/{chart.DataFile} -> docs/images/{chart.SvgFile}");
            }
        }

        return stale == 0 ? 0 : 1;
    }

    private static string FindRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AsyncLint.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("AsyncLint.sln not found above " + start + "; pass --root PATH");
    }
}
