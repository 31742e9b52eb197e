using System.Globalization;
using System.Text.Json;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace AsyncLint.Charts;

/// <summary>
/// One chart of the docs: the SVG file it is committed as (docs/images), the JSON it is drawn from (docs/data), and how
/// to build its plot from that JSON.
/// </summary>
public sealed class Chart
{
    private readonly Func<JsonElement, PlotModel> _build;

    public Chart(string svgFile, string dataFile, Func<JsonElement, PlotModel> build)
    {
        SvgFile = svgFile;
        DataFile = dataFile;
        _build = build;
    }

    /// <summary>The file name under docs/images, e.g. "web-throughput.svg".</summary>
    public string SvgFile { get; }

    /// <summary>The file name under docs/data, e.g. "web.json".</summary>
    public string DataFile { get; }

    /// <summary>The plot, built from the JSON file in <paramref name="dataFolder"/>.</summary>
    public PlotModel Build(string dataFolder)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dataFolder, DataFile)));
        return _build(json.RootElement);
    }

    /// <summary>The SVG text: the same JSON always gives the same text (see <see cref="Svg.Render"/>).</summary>
    public string Render(string dataFolder) => Svg.Render(Build(dataFolder));
}

/// <summary>Deterministic SVG export: fixed size, fixed font, text measured by OxyPlot's built-in font metrics, invariant numbers.</summary>
public static class Svg
{
    public const double Width = 800;
    public const double Height = 480;

    /// <summary>Arial is measured by the PDF context's built-in Helvetica metrics: no font file, no native library.</summary>
    public const string Font = "Arial";

    public static string Render(PlotModel model)
    {
        var culture = CultureInfo.CurrentCulture;
        var uiCulture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        try
        {
            var exporter = new SvgExporter
            {
                Width = Width,
                Height = Height,
                TextMeasurer = new ArialTextMeasurer(),
                // Positions text without relying on SVG's dominant-baseline, which some renderers ignore.
                UseVerticalTextAlignmentWorkaround = true,
            };
            return exporter.ExportToString(model).Replace("\r\n", "\n", StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
        }
    }
}

/// <summary>Building blocks shared by the charts: a styled model, axes, series with a min–max band.</summary>
internal static class Plot
{
    /// <summary>A colour per series, chosen to stay apart for readers with the common colour-vision deficiencies (Okabe–Ito).</summary>
    public static readonly OxyColor[] Palette =
    {
        OxyColor.FromRgb(0, 114, 178),
        OxyColor.FromRgb(213, 94, 0),
        OxyColor.FromRgb(0, 158, 115),
        OxyColor.FromRgb(204, 121, 167),
        OxyColor.FromRgb(230, 159, 0),
        OxyColor.FromRgb(86, 180, 233),
        OxyColor.FromRgb(0, 0, 0),
    };

    public static PlotModel Model(string title, string subtitle, LegendPosition legendPosition = LegendPosition.TopLeft)
    {
        var model = new PlotModel
        {
            Title = title,
            Subtitle = subtitle,
            DefaultFont = Svg.Font,
            DefaultFontSize = 12,
            TitleFontSize = 16,
            SubtitleFontSize = 11,
            Background = OxyColors.White,
            PlotAreaBorderColor = OxyColors.Gray,
        };
        // Below the plot (horizontal) for bar charts, whose bars may reach any corner; inside a corner for line charts.
        var below = legendPosition == LegendPosition.BottomCenter;
        model.Legends.Add(new Legend
        {
            LegendPosition = legendPosition,
            LegendPlacement = below ? LegendPlacement.Outside : LegendPlacement.Inside,
            LegendOrientation = below ? LegendOrientation.Horizontal : LegendOrientation.Vertical,
            LegendBorder = OxyColors.Gray,
            LegendBackground = OxyColor.FromAColor(230, OxyColors.White),
            LegendFontSize = 11,
        });
        return model;
    }

    public static LogarithmicAxis LogAxis(AxisPosition position, string title, string unit) => new LogarithmicAxis
    {
        Position = position,
        Title = title,
        Unit = unit,
        MajorGridlineStyle = LineStyle.Solid,
        MajorGridlineColor = OxyColor.FromRgb(225, 225, 225),
        MinorGridlineStyle = LineStyle.None,
        StringFormat = "#,0.###",
        MaximumPadding = 0.06,
    };

    public static LinearAxis LinearAxis(AxisPosition position, string title, string unit) => new LinearAxis
    {
        Position = position,
        Title = title,
        Unit = unit,
        Minimum = 0,
        MajorGridlineStyle = LineStyle.Solid,
        MajorGridlineColor = OxyColor.FromRgb(225, 225, 225),
        StringFormat = "#,0.###",
    };

    /// <summary>The vertical axis of a horizontal bar chart, first category at the top.</summary>
    public static CategoryAxis Categories(string title, IEnumerable<string> labels)
    {
        var axis = new CategoryAxis { Position = AxisPosition.Left, Title = title, GapWidth = 0.4, StartPosition = 1, EndPosition = 0, AxisTitleDistance = 12 };
        axis.Labels.AddRange(labels);
        return axis;
    }

    /// <summary>
    /// A median line with markers, and a shaded band from the minimum to the maximum of the runs (left out of the
    /// legend). Values below <paramref name="floor"/> (such as a throughput of 0, which a logarithmic axis cannot show)
    /// are drawn at the floor; the chart's subtitle says so.
    /// </summary>
    public static void AddLineWithBand(PlotModel model, string title, OxyColor color, IReadOnlyList<(double X, Spread Y)> points, LineStyle style = LineStyle.Solid, double floor = 0)
    {
        var shown = points.Where(p => !double.IsNaN(p.Y.Median))
            .Select(p => (p.X, Y: new Spread(Math.Max(floor, p.Y.Median), Math.Max(floor, p.Y.Min), Math.Max(floor, p.Y.Max), p.Y.Runs)))
            .Where(p => p.Y.Min > 0)
            .OrderBy(p => p.X)
            .ToList();
        if (shown.Count > 0 && shown.Any(p => p.Y.Max > p.Y.Min))
        {
            var band = new AreaSeries
            {
                Color = OxyColors.Transparent,
                Fill = OxyColor.FromAColor(50, color),
                StrokeThickness = 0,
                RenderInLegend = false,
            };
            band.Points.AddRange(shown.Select(p => new DataPoint(p.X, p.Y.Max)));
            band.Points2.AddRange(shown.Select(p => new DataPoint(p.X, p.Y.Min)));
            model.Series.Add(band);
        }

        var line = new LineSeries
        {
            Title = title,
            Color = color,
            StrokeThickness = 2,
            LineStyle = style,
            MarkerType = MarkerType.Circle,
            MarkerSize = 3.5,
            MarkerFill = color,
        };
        line.Points.AddRange(shown.Select(p => new DataPoint(p.X, p.Y.Median)));
        model.Series.Add(line);
    }

    /// <summary>A dashed vertical line at <paramref name="x"/> with its label written horizontally at the top of the plot.</summary>
    public static LineAnnotation VerticalMarker(double x, string text) => new LineAnnotation
    {
        Type = LineAnnotationType.Vertical,
        X = x,
        Color = OxyColors.Black,
        LineStyle = LineStyle.Dash,
        Text = text,
        TextOrientation = AnnotationTextOrientation.Horizontal,
        TextLinePosition = 0,
        TextHorizontalAlignment = HorizontalAlignment.Left,
        TextVerticalAlignment = VerticalAlignment.Top,
    };

    /// <summary>"1 run per point" or "median of 3 runs per point; band: lowest to highest".</summary>
    public static string RunsPerPoint(int runs)
        => runs <= 1 ? "1 run per point" : $"median of {runs} runs per point; band: lowest to highest run";

    public static string Format(double value, string format = "#,0") => value.ToString(format, CultureInfo.InvariantCulture);
}

/// <summary>Median, minimum and maximum of the runs behind one point (the experiments print the same).</summary>
public sealed record Spread(double Median, double Min, double Max, int Runs)
{
    /// <summary>"120" for one run, "120 (95-140)" for several: the median and the range.</summary>
    public override string ToString()
        => Runs <= 1
            ? Median.ToString("F0", CultureInfo.InvariantCulture)
            : string.Format(CultureInfo.InvariantCulture, "{0:F0} ({1:F0}-{2:F0})", Median, Min, Max);

    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
        if (sorted.Length == 0)
        {
            return new Spread(double.NaN, double.NaN, double.NaN, 0);
        }

        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(median, sorted[0], sorted[^1], sorted.Length);
    }
}

/// <summary>
/// Measures text for the SVG exporter with OxyPlot's built-in Helvetica/Arial metrics (PdfRenderContext: managed, the
/// same on every machine). The PDF context measures in points; SVG lays out in pixels (96 per inch, 72 points), so the
/// sizes are scaled, or every label would be drawn wider than the space measured for it.
/// </summary>
internal sealed class ArialTextMeasurer : ClippingRenderContext
{
    private const double PixelsPerPoint = 96.0 / 72.0;
    private readonly PdfRenderContext _pdf = new PdfRenderContext(Svg.Width, Svg.Height, OxyColors.White);

    public override OxySize MeasureText(string text, string fontFamily, double fontSize, double fontWeight)
    {
        var size = _pdf.MeasureText(text, fontFamily, fontSize, fontWeight);
        return new OxySize(size.Width * PixelsPerPoint, size.Height * PixelsPerPoint);
    }

    public override void DrawLine(IList<ScreenPoint> points, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[] dashArray, LineJoin lineJoin)
    {
    }

    public override void DrawPolygon(IList<ScreenPoint> points, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode edgeRenderingMode, double[] dashArray, LineJoin lineJoin)
    {
    }

    public override void DrawText(ScreenPoint p, string text, OxyColor fill, string fontFamily, double fontSize, double fontWeight, double rotation, HorizontalAlignment horizontalAlignment, VerticalAlignment verticalAlignment, OxySize? maxSize)
    {
    }

    protected override void SetClip(OxyRect clippingRectangle)
    {
    }

    protected override void ResetClip()
    {
    }
}
