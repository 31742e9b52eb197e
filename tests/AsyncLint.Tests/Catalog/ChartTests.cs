using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using AsyncLint.Charts;
using AsyncLint.Tests.Integration;
using OxyPlot.Axes;

namespace AsyncLint.Tests.Catalog
{
    /// <summary>
    /// The docs' charts are drawn from committed data: each SVG under docs/images must be exactly what its JSON under
    /// docs/data renders to today, so a chart can never show numbers that are not in the data beside it. After a new
    /// measurement: <c>dotnet run --project tools/AsyncLint.Charts</c> (docs/README.md, "Charts").
    /// </summary>
    public sealed class ChartTests
    {
        private static readonly string Data = Path.Combine(RepositoryPaths.Root, "docs", "data");
        private static readonly string Images = Path.Combine(RepositoryPaths.Root, "docs", "images");

        public static IEnumerable<object[]> Charts() => Program.Charts.Select(c => new object[] { c.SvgFile });

        [Theory]
        [MemberData(nameof(Charts))]
        public void Committed_chart_is_what_its_committed_data_renders_to(string svgFile)
        {
            var chart = Program.Charts.Single(c => c.SvgFile == svgFile);
            var path = Path.Combine(Images, svgFile);
            Assert.True(File.Exists(path), "docs/images/" + svgFile + " is missing: run dotnet run --project tools/AsyncLint.Charts");
            Assert.True(
                File.ReadAllText(path) == chart.Render(Data),
                "docs/images/" + svgFile + " is stale: it is not what docs/data/" + chart.DataFile + " renders to. Run dotnet run --project tools/AsyncLint.Charts and commit both.");
        }

        [Theory]
        [MemberData(nameof(Charts))]
        public void Chart_has_a_title_axis_titles_with_units_a_legend_and_the_runs_per_point(string svgFile)
        {
            var model = Program.Charts.Single(c => c.SvgFile == svgFile).Build(Data);

            Assert.False(string.IsNullOrWhiteSpace(model.Title));
            Assert.Matches("run|round", model.Subtitle);
            Assert.NotEmpty(model.Axes);
            foreach (var axis in model.Axes)
            {
                Assert.False(string.IsNullOrWhiteSpace(axis.Title), svgFile + ": an axis has no title");
                Assert.True(axis is CategoryAxis || !string.IsNullOrWhiteSpace(axis.Unit), svgFile + ": axis '" + axis.Title + "' has no unit");
            }

            Assert.NotEmpty(model.Legends);
            Assert.Contains(model.Series, s => !string.IsNullOrWhiteSpace(s.Title));
        }

        [Fact]
        public void Rendering_does_not_depend_on_the_current_culture()
        {
            var chart = Program.Charts.First();
            var invariant = chart.Render(Data);
            var previous = CultureInfo.CurrentCulture;
            try
            {
                // German writes 1.000,5 where the invariant culture writes 1,000.5.
                CultureInfo.CurrentCulture = new CultureInfo("de-DE");
                Assert.Equal(invariant, chart.Render(Data));
            }
            finally
            {
                CultureInfo.CurrentCulture = previous;
            }
        }

        [Fact]
        public void Every_image_is_a_chart_and_every_chart_and_data_file_is_linked_from_a_page()
        {
            var charts = Program.Charts.Select(c => c.SvgFile).ToHashSet(StringComparer.Ordinal);
            var orphans = Directory.GetFiles(Images, "*.svg").Select(Path.GetFileName).Where(f => !charts.Contains(f!)).ToList();
            Assert.True(orphans.Count == 0, "docs/images holds SVGs no chart renders: " + string.Join(", ", orphans));

            var linked = MarkdownDocs.Files().SelectMany(MarkdownDocs.RelativeLinks).Select(l => l.Resolved).ToHashSet(StringComparer.Ordinal);
            var unshown = charts.Where(c => !linked.Contains(Path.Combine(Images, c))).ToList();
            Assert.True(unshown.Count == 0, "charts no page shows: " + string.Join(", ", unshown));
            var unlinked = Directory.GetFiles(Data, "*.json").Where(f => !linked.Contains(f)).Select(Path.GetFileName).ToList();
            Assert.True(unlinked.Count == 0, "measured data no page links to (a page quoting figures links its data): " + string.Join(", ", unlinked));
        }
    }
}
