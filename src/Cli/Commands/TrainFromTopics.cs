using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Streaming.Trainer.Retraining;

namespace Streaming.Cli.Commands;

/// <summary>
/// <c>streaming train --from-topics</c>: one streaming-Trainer round offline, on the <c>clicks</c> and <c>intents</c>
/// topics as they are now (the worker's own code path: <see cref="TopicRound"/>). Settings come from the usual
/// configuration (<c>Trainer__*</c>, <c>IntentWorker__*</c> environment variables) with the command's options on top.
/// </summary>
internal static class TrainFromTopics
{
    public static async Task<int> RunAsync(string servers, string registry, string? intentCatalog, string? titleCache, int? epochs, int? threads, int? seed, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = servers,
            ["Trainer:RegistryPath"] = registry,
        };
        Set(settings, "Trainer:IntentCatalogPath", intentCatalog);
        Set(settings, "Trainer:TitleCacheDirectory", titleCache);
        Set(settings, "Trainer:Epochs", epochs?.ToString(CultureInfo.InvariantCulture));
        Set(settings, "Trainer:Threads", threads?.ToString(CultureInfo.InvariantCulture));
        Set(settings, "Trainer:Seed", seed?.ToString(CultureInfo.InvariantCulture));
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddTrainerRounds();
        using var host = builder.Build();
        var progress = new Progress<string>(line => Console.Error.WriteLine(line));
        var result = await host.Services.GetRequiredService<TopicRound>().RunAsync(progress, cancellationToken);
        Console.WriteLine(
            $"round: {result.Outcome.ToString().ToLowerInvariant()} ({result.Reason}), {result.Clicks} clicks, {result.Sessions} sessions, "
            + $"{result.TrainSamples} train / {result.HoldoutSamples} holdout samples, {result.Duration.TotalSeconds:F1} s");
        if (result.Candidate is { } candidate)
        {
            Console.WriteLine($"SR-GNN holdout MRR@20 {candidate["MRR@20"]:F2} HR@20 {candidate["HR@20"]:F2}; served {Figure(result.Served)}");
        }

        if (result.Fused is { } fused)
        {
            Console.WriteLine(
                $"fused holdout MRR@20 {fused.Ranker["MRR@20"]:F2} with intents, {fused.RankerWithoutIntents["MRR@20"]:F2} without; served {Figure(fused.ServedRanker)}; "
                + $"{fused.TrainIntentShare:P1} of train samples with intents ({fused.IntentSource ?? "none"}), trained in {fused.TrainingTime.TotalSeconds:F1} s");
        }

        if (result.Refit is { } refit)
        {
            Console.WriteLine(
                $"refit on all {refit.Samples} samples over {refit.Items} items ({refit.ItemsAdded} first seen after the training period), "
                + $"{refit.Epochs} SR-GNN / {refit.FusedEpochs?.ToString(CultureInfo.InvariantCulture) ?? "no"} fused epoch(s), {refit.Duration.TotalSeconds:F1} s");
        }

        if (result.Published is { } version)
        {
            Console.WriteLine($"published {version.Version} ({version.Manifest.Model}) to {version.Directory}");
        }

        return result.Outcome is RoundOutcome.Published or RoundOutcome.Rejected ? 0 : 1;
    }

    private static string Figure(IReadOnlyDictionary<string, double>? metrics) =>
        metrics is null ? "none" : string.Create(CultureInfo.InvariantCulture, $"MRR@20 {metrics["MRR@20"]:F2}");

    private static void Set(Dictionary<string, string?> settings, string key, string? value)
    {
        if (value is not null)
        {
            settings[key] = value;
        }
    }
}
