using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Streaming.Core.Catalog;
using Streaming.Core.Contracts;
using Streaming.Core.Models;
using Streaming.Messaging;
using Streaming.Serving;

namespace Streaming.Candidates;

/// <summary>
/// The served candidate generator: the registry's latest version (ONNX graph and item catalog), swapped for each newer
/// version announced on <c>models</c> (<see cref="ModelPublished"/>); see <see cref="RegistryServedModel{T}"/> for
/// loading, leases and swaps. Without a registry nothing is served.
/// </summary>
public sealed partial class CandidateModel(IOptions<CandidatesOptions> options, CandidatesMetrics metrics, ILogger<CandidateModel> logger)
    : RegistryServedModel<LoadedCandidateModel>(options.Value.RegistryPath), IModelPublishedObserver
{
    private readonly int _intraOpThreads = options.Value.IntraOpThreads;

    /// <summary>The version new batches get (null: none); for display and tests.</summary>
    public string? CurrentVersion => Current?.Version;

    public ValueTask OnPublishedAsync(ModelPublished published, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(published);
        Announced(published.Version, published.ContentHash);
        return ValueTask.CompletedTask;
    }

    protected override LoadedCandidateModel Load(ModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var catalog = ItemCatalog.Load(version.CatalogPath);
        var generator = OnnxCandidateGenerator.Load(version.CandidateGraphPath, new OnnxSessionOptions { IntraOpThreads = _intraOpThreads });
        return new LoadedCandidateModel(version.Version, catalog, generator);
    }

    protected override string VersionOf(LoadedCandidateModel model) => model.Version;

    protected override void OnSwapped(LoadedCandidateModel model, string? previousVersion)
    {
        metrics.Swapped(model.Number);
        Log.Swapped(logger, model.Version, previousVersion ?? "none", model.Catalog.Count);
    }

    protected override void OnNotSwapped(string reason, string version, string detail, Exception? exception)
    {
        metrics.SwapFailed(reason);
        Log.NotSwapped(logger, exception, version, reason, detail);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3101, EventName = "ModelSwapped", Level = LogLevel.Information,
            Message = "Serving candidate model {Version} (was {Previous}), {Items} items")]
        public static partial void Swapped(ILogger logger, string version, string previous, int items);

        [LoggerMessage(EventId = 3102, EventName = "ModelNotSwapped", Level = LogLevel.Warning,
            Message = "Model {Version} not put into service ({Reason}): {Detail}; the current version, if any, stays")]
        public static partial void NotSwapped(ILogger logger, Exception? exception, string version, string reason, string detail);
    }
}
