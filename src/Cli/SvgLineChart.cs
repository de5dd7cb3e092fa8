using System.Globalization;
using System.Net;
using System.Text;

namespace Streaming.Cli;

/// <summary>A small, dependency-free SVG line chart: series of (x, y) points with axes, ticks and a legend.</summary>
internal sealed class SvgLineChart(string title, string xLabel, string yLabel)
{
    private static readonly string[] Palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];
    private readonly List<(string Name, IReadOnlyList<(double X, double Y)> Points)> _series = [];

    public SvgLineChart Add(string name, IReadOnlyList<(double X, double Y)> points)
    {
        _series.Add((name, points));
        return this;
    }

    /// <summary>Renders at (<paramref name="left"/>, <paramref name="top"/>) into a larger SVG document.</summary>
    public void Render(StringBuilder svg, double left, double top, double width, double height)
    {
        ArgumentNullException.ThrowIfNull(svg);
        var points = _series.SelectMany(s => s.Points).ToList();
        var (xMin, xMax) = points.Count == 0 ? (0.0, 1.0) : (points.Min(p => p.X), points.Max(p => p.X));
        var yMax = points.Count == 0 ? 1.0 : NiceCeiling(points.Max(p => p.Y));
        if (xMax <= xMin)
        {
            xMax = xMin + 1;
        }

        const double padLeft = 70, padBottom = 40, padTop = 30, padRight = 130;
        var plotWidth = width - padLeft - padRight;
        var plotHeight = height - padTop - padBottom;
        double X(double x) => left + padLeft + ((x - xMin) / (xMax - xMin) * plotWidth);
        double Y(double y) => top + padTop + plotHeight - (y / yMax * plotHeight);

        Append(svg, $"<text x=\"{left + (width / 2)}\" y=\"{top + 18}\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">{Escape(title)}</text>");
        Append(svg, $"<rect x=\"{left + padLeft}\" y=\"{top + padTop}\" width=\"{plotWidth}\" height=\"{plotHeight}\" fill=\"none\" stroke=\"#999\"/>");
        for (var i = 0; i <= 4; i++)
        {
            var value = yMax * i / 4;
            Append(svg, $"<line x1=\"{left + padLeft}\" x2=\"{left + padLeft + plotWidth}\" y1=\"{Y(value)}\" y2=\"{Y(value)}\" stroke=\"#eee\"/>");
            Append(svg, $"<text x=\"{left + padLeft - 6}\" y=\"{Y(value) + 4}\" text-anchor=\"end\" font-size=\"11\">{value:0.##}</text>");
        }

        var xs = points.Select(p => p.X).Distinct().Order().ToList();
        var every = Math.Max(1, (int)Math.Ceiling(xs.Count / 12.0));
        foreach (var x in xs.Where((_, i) => i % every == 0))
        {
            Append(svg, $"<text x=\"{X(x)}\" y=\"{top + padTop + plotHeight + 16}\" text-anchor=\"middle\" font-size=\"11\">{x:0.##}</text>");
        }

        Append(svg, $"<text x=\"{left + padLeft + (plotWidth / 2)}\" y=\"{top + height - 6}\" text-anchor=\"middle\" font-size=\"12\">{Escape(xLabel)}</text>");
        Append(svg, $"<text x=\"{left + 14}\" y=\"{top + padTop + (plotHeight / 2)}\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 {left + 14} {top + padTop + (plotHeight / 2)})\">{Escape(yLabel)}</text>");
        for (var i = 0; i < _series.Count; i++)
        {
            var (name, series) = _series[i];
            var colour = Palette[i % Palette.Length];
            var path = string.Join(' ', series.Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.X):0.#},{Y(p.Y):0.#}")));
            Append(svg, $"<polyline points=\"{path}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>");
            foreach (var p in series)
            {
                Append(svg, $"<circle cx=\"{X(p.X)}\" cy=\"{Y(p.Y)}\" r=\"2.5\" fill=\"{colour}\"/>");
            }

            var legendY = top + padTop + 10 + (i * 18);
            Append(svg, $"<line x1=\"{left + width - padRight + 10}\" x2=\"{left + width - padRight + 30}\" y1=\"{legendY}\" y2=\"{legendY}\" stroke=\"{colour}\" stroke-width=\"2\"/>");
            Append(svg, $"<text x=\"{left + width - padRight + 36}\" y=\"{legendY + 4}\" font-size=\"12\">{Escape(name)}</text>");
        }
    }

    /// <summary>A whole SVG document of several charts stacked vertically.</summary>
    public static string Document(IReadOnlyList<SvgLineChart> charts, double width = 760, double chartHeight = 300)
    {
        ArgumentNullException.ThrowIfNull(charts);
        var svg = new StringBuilder();
        var height = chartHeight * charts.Count;
        Append(svg, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\">");
        Append(svg, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>");
        for (var i = 0; i < charts.Count; i++)
        {
            charts[i].Render(svg, 0, i * chartHeight, width, chartHeight);
        }

        Append(svg, "</svg>");
        return svg.ToString();
    }

    private static double NiceCeiling(double value)
    {
        if (value <= 0)
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return new[] { 1.0, 2, 2.5, 5, 10 }.Select(step => step * magnitude).First(candidate => candidate >= value);
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static void Append(StringBuilder svg, FormattableString line) =>
        svg.AppendLine(line.ToString(CultureInfo.InvariantCulture));

    private static void Append(StringBuilder svg, string line) => svg.AppendLine(line);
}
