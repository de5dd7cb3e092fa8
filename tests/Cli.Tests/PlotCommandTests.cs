using System.Text.Json;
using System.Xml.Linq;
using Streaming.Cli.Commands;

namespace Streaming.Cli.Tests;

public sealed class PlotCommandTests
{
    [Fact]
    public void A_metrics_file_becomes_an_SVG_with_one_line_per_metric_and_a_point_per_epoch()
    {
        const string metrics = """
            {"dataset":"ml-1m","model":"srgnn","epochs":[
              {"epoch":1,"trainSeconds":30.5,"evalSeconds":0.8,"HR@5":1.4,"HR@10":3.2,"HR@20":5.9,"MRR@5":0.7,"MRR@10":0.9,"MRR@20":1.1},
              {"epoch":2,"trainSeconds":31.0,"evalSeconds":0.7,"HR@5":2.8,"HR@10":5.0,"HR@20":8.9,"MRR@5":1.3,"MRR@10":1.6,"MRR@20":1.9},
              {"epoch":3,"trainSeconds":29.9,"evalSeconds":0.9,"HR@5":3.0,"HR@10":5.5,"HR@20":9.3,"MRR@5":1.5,"MRR@10":1.8,"MRR@20":2.1}],
             "best":{},"selected":null,"peakRssBytes":1}
            """;
        using var document = JsonDocument.Parse(metrics);

        var svg = XDocument.Parse(PlotCommand.Render(document.RootElement));

        XNamespace ns = "http://www.w3.org/2000/svg";
        var lines = svg.Descendants(ns + "polyline").ToList();
        Assert.Equal(8, lines.Count); // HR@5/10/20, MRR@5/10/20, train, evaluate
        Assert.All(lines, line => Assert.Equal(3, line.Attribute("points")!.Value.Split(' ').Length));
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == "HR@20");
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value.Contains("srgnn on ml-1m", StringComparison.Ordinal));
    }
}
