using Microsoft.Extensions.Options;
using Streaming.Core.Catalog;
using Streaming.Core.Models;

namespace Streaming.Evaluator.Dashboard;

/// <summary>
/// Item titles for the session panel, from <c>Evaluator:CatalogPath</c> or else the catalog of the registry's newest
/// version (looked up again at most every ten seconds, so a newly published version's items get titles too).
/// </summary>
public sealed class ItemTitles(IOptions<EvaluatorOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private string? _loadedPath;
    private IReadOnlyDictionary<string, string?> _titles = new Dictionary<string, string?>();
    private DateTimeOffset _checkedAt = DateTimeOffset.MinValue;

    /// <summary>The item's title, or null when no catalog names it.</summary>
    public string? Of(string itemId)
    {
        lock (_lock)
        {
            Refresh();
            return _titles.GetValueOrDefault(itemId);
        }
    }

    private void Refresh()
    {
        var now = time.GetUtcNow();
        if (now - _checkedAt < Recheck)
        {
            return;
        }

        _checkedAt = now;
        var path = CatalogPath();
        if (path is null || path == _loadedPath)
        {
            return;
        }

        try
        {
            _titles = ItemCatalog.Load(path).Items.ToDictionary(item => item.ExternalId, item => item.Title, StringComparer.Ordinal);
            _loadedPath = path;
        }
        catch (IOException)
        {
            // Being written or removed: the next look-up tries again.
        }
        catch (InvalidDataException)
        {
            // Not readable (yet): the next look-up tries again.
        }
    }

    private string? CatalogPath()
    {
        var settings = options.Value;
        if (!string.IsNullOrWhiteSpace(settings.CatalogPath))
        {
            return settings.CatalogPath;
        }

        if (string.IsNullOrWhiteSpace(settings.RegistryPath))
        {
            return null;
        }

        try
        {
            return new ModelRegistry(settings.RegistryPath).Latest()?.CatalogPath;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or System.Text.Json.JsonException)
        {
            // A version being published: the next look-up tries again.
            return null;
        }
    }
}
