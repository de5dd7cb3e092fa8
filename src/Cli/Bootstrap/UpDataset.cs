using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Streaming.Cli.Commands;
using Streaming.Core.Catalog;
using Streaming.Core.Datasets.PaperSplits;
using Streaming.Core.Datasets.Synthetic;

namespace Streaming.Cli.Bootstrap;

/// <summary>
/// The data <c>up</c> serves: the built-in synthetic log (default) or a real dataset's paper split. It says what keys
/// the bootstrap cache, where the split is (the synthetic one is written on demand), the items' metadata, and which
/// sessions the demo traffic clicks through: fresh synthetic sessions, or the real dataset's held-out (test) sessions
/// in its source ids.
/// </summary>
internal sealed class UpDataset
{
    public const int SyntheticTrainSessions = 3_000;
    public const int SyntheticTestSessions = 400;

    private readonly SyntheticDataset? _synthetic;
    private readonly string? _root;

    private UpDataset(string name, SyntheticDataset? synthetic, string? root, IReadOnlyDictionary<string, ItemMetadata>? metadata, string? metadataPath)
    {
        Name = name;
        _synthetic = synthetic;
        _root = root;
        Metadata = metadata;
        MetadataPath = metadataPath;
    }

    public string Name { get; }

    public IReadOnlyDictionary<string, ItemMetadata>? Metadata { get; }

    public string? MetadataPath { get; }

    public bool IsSynthetic => _synthetic is not null;

    public static UpDataset Synthetic(int seed)
    {
        var data = new SyntheticDataset(seed);
        return new UpDataset(SyntheticDataset.Name, data, null, data.Items.ToDictionary(i => i.ExternalId, StringComparer.Ordinal), null);
    }

    /// <summary>
    /// The data named on the command line (<c>synthetic</c> or null: the built-in log; else a paper split under
    /// <paramref name="dataDir"/> or the data directory's environment variable), or why it cannot be opened.
    /// </summary>
    public static bool TryOpen(string? name, string? dataDir, [NotNullWhen(true)] out UpDataset? data, [NotNullWhen(false)] out string? error)
    {
        try
        {
            data = name is "synthetic" or null ? Synthetic(seed: 7) : Real(name, DatasetsDataDirectory.Resolve(dataDir));
            error = null;
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException)
        {
            data = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>A real dataset's paper split under <paramref name="root"/>, with its source metadata when present.</summary>
    public static UpDataset Real(string name, string root)
    {
        var directory = PaperSplit.DirectoryOf(root, name);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"No paper split of '{name}' under {root} (expected {directory}; see the README's Data section).");
        }

        var source = IntentsSourceMetadata.Load(root, name);
        return new UpDataset(name, null, root, source?.BySourceId, source?.Path);
    }

    /// <summary>What determines the data, for the cache key.</summary>
    public IEnumerable<string> KeyParts()
    {
        if (_synthetic is { } synthetic)
        {
            return [Name, string.Create(CultureInfo.InvariantCulture, $"generator {SyntheticDataset.Version} seed {synthetic.Seed} sessions {SyntheticTrainSessions}/{SyntheticTestSessions}")];
        }

        var directory = PaperSplit.DirectoryOf(_root!, Name);
        string[] files = [.. new[] { PaperSplit.TrainFile, PaperSplit.TestFile, PaperSplit.ItemMapFile, PaperSplit.StatsFile }.Select(f => Path.Combine(directory, f))];
        return [Name, BootstrapCache.HashFiles(MetadataPath is null ? files : [.. files, MetadataPath])];
    }

    /// <summary>The data root holding this dataset's paper split; the synthetic split is written under <paramref name="workDirectory"/>.</summary>
    public string DataRoot(string workDirectory)
    {
        if (_synthetic is { } synthetic)
        {
            var root = Path.Combine(workDirectory, "data");
            synthetic.WritePaperSplit(root, SyntheticTrainSessions, SyntheticTestSessions);
            return root;
        }

        return _root!;
    }

    /// <summary>Sessions for the demo traffic, in the ids clicks carry; endless (a real dataset's held-out sessions repeat).</summary>
    public IEnumerable<string[]> DemoSessions()
    {
        if (_synthetic is { } synthetic)
        {
            return synthetic.Sessions(SyntheticStream.Live);
        }

        var split = PaperSplit.Load(_root!, Name);
        var items = split.Items ?? throw new InvalidDataException($"The {Name} split has no {PaperSplit.ItemMapFile}: its held-out sessions cannot be replayed in source ids.");
        // Each test sample is one held-out session (its clicks, then its target), in the paper's ids: map them back.
        var sessions = split.Test.Select(s => s.Items.Append(s.Target).Select(id => items[id - 1].SourceId).ToArray()).ToList();
        return Repeat(sessions);
    }

    private static IEnumerable<string[]> Repeat(IReadOnlyList<string[]> sessions)
    {
        while (true)
        {
            foreach (var session in sessions)
            {
                yield return session;
            }
        }
    }
}
