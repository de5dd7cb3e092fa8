using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Streaming.Core.Models;

namespace Streaming.Cli.Commands;

/// <summary><c>streaming models list --registry REG</c>: every published version, oldest first, with its key metrics and integrity.</summary>
internal static class ModelsListCommand
{
    public static Command Create()
    {
        var registry = new Option<string>("--registry") { Description = "Registry directory.", Required = true };
        var verify = new Option<bool>("--verify") { Description = "Re-hash every file of every version." };
        var command = new Command("list", "List the registry's model versions.") { registry, verify };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var versions = new ModelRegistry(parse.GetValue(registry)!).List();
                if (versions.Count == 0)
                {
                    AnsiConsole.MarkupLine("No model versions published.");
                    return 0;
                }

                var check = parse.GetValue(verify);
                var table = new Table().AddColumns("version", "created (UTC)", "model", "dataset", "items", "K", "HR@20", "MRR@20", "hash", check ? "files" : "MiB");
                var broken = 0;
                foreach (var version in versions)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var m = version.Manifest;
                    var problems = check ? version.Verify() : [];
                    broken += problems.Count > 0 ? 1 : 0;
                    table.AddRow(
                        m.Version,
                        m.CreatedUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                        m.Model,
                        m.Dataset,
                        m.ItemCount.ToString(CultureInfo.InvariantCulture),
                        m.TopK.ToString(CultureInfo.InvariantCulture),
                        Metric(m, "HR@20"),
                        Metric(m, "MRR@20"),
                        m.ContentHash[..8],
                        Markup.Escape(check ? (problems.Count == 0 ? "ok" : string.Join("; ", problems)) : (m.Files.Sum(f => f.Bytes) / 1048576.0).ToString("F1", CultureInfo.InvariantCulture)));
                }

                AnsiConsole.Write(table);
                AnsiConsole.MarkupLineInterpolated($"Latest: {versions[^1].Version}. Metrics: selected epoch (else best), percent on test.");
                return broken == 0 ? 0 : 1;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
            {
                await Console.Error.WriteLineAsync($"streaming models list: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static string Metric(ModelVersionManifest manifest, string name) =>
        manifest.Metrics.TryGetValue("selected." + name, out var selected) ? selected.ToString("F2", CultureInfo.InvariantCulture)
        : manifest.Metrics.TryGetValue("best." + name, out var best) ? best.ToString("F2", CultureInfo.InvariantCulture)
        : manifest.Metrics.TryGetValue(name, out var plain) ? plain.ToString("F2", CultureInfo.InvariantCulture)
        : "-";
}
