using System.Text.Json;

namespace Streaming.Trainer.Training;

/// <summary>
/// Writes <c>metrics.json</c>, the stable format scripts read: <c>{"dataset", "model", "epochs":
/// [{"epoch", "trainSeconds", "evalSeconds", "HR@5", ..., "MRR@20"}], "best": {...}, "selected":
/// {"epoch", ...} or null, "peakRssBytes"}</c>, metrics in percent on test; a fused model adds
/// <c>"withoutIntents": {...}</c>, its selected model's test metrics with no intents at all.
/// </summary>
public static class MetricsJsonWriter
{
    public const string FileName = "metrics.json";

    /// <summary>Writes the report to <c>directory/metrics.json</c> (write to a temporary file, then rename) and returns the path.</summary>
    public static string Write(TrainingReport report, string directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        {
            Write(report, stream);
        }

        File.Move(temporary, path, overwrite: true);
        return path;
    }

    public static void Write(TrainingReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("dataset", report.Dataset);
        json.WriteString("model", report.Model);
        json.WriteStartArray("epochs");
        foreach (var epoch in report.Epochs)
        {
            json.WriteStartObject();
            json.WriteNumber("epoch", epoch.Epoch);
            json.WriteNumber("trainSeconds", Math.Round(epoch.TrainSeconds, 3));
            json.WriteNumber("evalSeconds", Math.Round(epoch.EvalSeconds, 3));
            WriteMetrics(json, epoch.Test);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("best");
        WriteMetrics(json, report.Best);
        json.WriteEndObject();
        if (report.Selected is null)
        {
            json.WriteNull("selected");
        }
        else
        {
            json.WriteStartObject("selected");
            json.WriteNumber("epoch", report.Selected.Epoch);
            WriteMetrics(json, report.Selected.Test);
            json.WriteEndObject();
        }

        if (report.WithoutIntents is { } withoutIntents)
        {
            json.WriteStartObject("withoutIntents");
            WriteMetrics(json, withoutIntents);
            json.WriteEndObject();
        }

        json.WriteNumber("peakRssBytes", report.PeakRssBytes);
        json.WriteEndObject();
    }

    private static void WriteMetrics(Utf8JsonWriter json, IReadOnlyDictionary<string, double> metrics)
    {
        foreach (var name in MetricNames.All)
        {
            json.WriteNumber(name, Math.Round(metrics[name], 4));
        }
    }
}
