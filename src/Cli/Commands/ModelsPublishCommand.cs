using System.CommandLine;
using System.Text.Json;
using Confluent.Kafka;
using Spectre.Console;
using Streaming.Core.Catalog;
using Streaming.Core.Contracts;
using Streaming.Core.Datasets.PaperSplits;
using Streaming.Core.Models;
using Streaming.Trainer.Native;
using Streaming.Trainer.Registry;

namespace Streaming.Cli.Commands;

/// <summary>
/// <c>streaming models publish --model DIR --registry REG</c>: exports a trained model directory to ONNX
/// and publishes it, with its catalog and metrics, as the registry's next version.
/// </summary>
internal static class ModelsPublishCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A model directory written by 'streaming train --out DIR' (srgnn or dmsrec).", Required = true };
        var candidates = new Option<string?>("--candidates") { Description = "dmsrec only: the SR-GNN model directory whose lists its intents were grounded in; it becomes the version's candidate generator." };
        var registry = new Option<string>("--registry") { Description = "Registry directory (created when absent).", Required = true };
        var topK = new Option<int>("--top-k") { Description = "Length of the candidate lists the graph returns.", DefaultValueFactory = _ => 100 };
        var catalog = new Option<string?>("--catalog") { Description = $"Item catalog ({ItemCatalog.FileName}) when the model directory has none; default: the paper split's item map (source ids: MovieIDs, ASINs) when a data directory is given, else ids 1..N." };
        var bootstrap = KafkaOptionsFromCli.BootstrapServersOption();
        bootstrap.Description = "Kafka bootstrap servers: announce the version on 'models' so running workers swap to it (default: the Kafka__BootstrapServers environment variable; neither: no announcement).";
        var dataDir = new Option<string?>("--data-dir") { Description = $"Directory containing paper-splits/ (default: ${DatasetsDataDirectory.EnvironmentVariable}, optional)." };
        var command = new Command("publish", "Export a trained model to ONNX and publish it as the registry's next version.")
        {
            model, candidates, registry, topK, catalog, dataDir, bootstrap,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                TorchRuntime.Initialise(threads: 2);
                var modelDirectory = parse.GetValue(model)!;
                var catalogPath = parse.GetValue(catalog);
                var root = parse.GetValue(dataDir);
                var version = await Task.Run(
                    () => ModelDirectoryPublisher.Publish(
                        modelDirectory,
                        new ModelRegistry(parse.GetValue(registry)!),
                        dataset => ReadCatalog(catalogPath, root, dataset),
                        parse.GetValue(topK),
                        parse.GetValue(candidates)),
                    cancellationToken);
                var manifest = version.Manifest;
                AnsiConsole.MarkupLineInterpolated($"Published {manifest.Version} ({manifest.Model}, {manifest.Dataset}, {manifest.ItemCount} items, top {manifest.TopK}) to {version.Directory}");
                AnsiConsole.MarkupLineInterpolated($"content hash {manifest.ContentHash}");
                if (KafkaOptionsFromCli.ResolveBootstrapServers(parse.GetValue(bootstrap)) is { } servers)
                {
                    await AnnounceAsync(servers, version, cancellationToken);
                    AnsiConsole.MarkupLineInterpolated($"announced on '{Topics.Models}' at {servers}");
                }

                return 0;
            }
            catch (OperationCanceledException)
            {
                await Console.Error.WriteLineAsync("streaming models publish: cancelled.");
                return 130;
            }
            catch (Exception e) when (e is InvalidOperationException or NotSupportedException or ArgumentException or IOException or InvalidDataException or KafkaException)
            {
                await Console.Error.WriteLineAsync($"streaming models publish: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    // The same event the streaming Trainer sends, so running workers swap to a version published by hand.
    private static async Task AnnounceAsync(string servers, ModelVersion version, CancellationToken cancellationToken)
    {
        var manifest = version.Manifest;
        var published = new ModelPublished(manifest.Model, manifest.Version, Path.GetFullPath(version.Directory), manifest.ContentHash, DateTimeOffset.UtcNow);
        var config = new ProducerConfig { BootstrapServers = servers, EnableIdempotence = true, MessageTimeoutMs = 30_000 };
        using var producer = new ProducerBuilder<string, byte[]>(config).Build();
        await producer.ProduceAsync(
            Topics.Models,
            new Message<string, byte[]> { Key = published.Name, Value = JsonSerializer.SerializeToUtf8Bytes(published, StreamingJsonContext.Default.ModelPublished) },
            cancellationToken);
    }

    private static ItemCatalog? ReadCatalog(string? catalogPath, string? dataDir, string dataset)
    {
        if (catalogPath is not null)
        {
            return ItemCatalog.Load(catalogPath);
        }

        var root = string.IsNullOrWhiteSpace(dataDir) ? Environment.GetEnvironmentVariable(DatasetsDataDirectory.EnvironmentVariable) : dataDir;
        var itemMap = string.IsNullOrWhiteSpace(root) ? null : Path.Combine(PaperSplit.DirectoryOf(root, dataset), PaperSplit.ItemMapFile);
        if (itemMap is null || !File.Exists(itemMap))
        {
            return null;
        }

        // Served in the source's ids (MovieIDs, ASINs), which replayed clicks carry, with genres/categories for intents.
        using var reader = File.OpenText(itemMap);
        return PaperSplitCatalog.Build(PaperSplitReader.ReadItemMap(reader, itemMap), IntentsSourceMetadata.Load(root!, dataset)?.BySourceId);
    }
}
