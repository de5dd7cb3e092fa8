using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Streaming.Core.Catalog;

namespace Streaming.Serving.Embeddings;

/// <summary>
/// Every catalog title's vector, encoded once per catalog and model. Grounded intents are catalog titles, so an
/// intent vector is a lookup here; only free text goes through the encoder. With a directory the vectors are kept
/// in a file named after a hash of the model and the titles, so a restart (or the batch path) reuses them.
/// </summary>
public sealed class TitleVectorCache
{
    private const int Magic = 0x5456_4331; // "TVC1"
    private readonly Dictionary<string, int> _rowById;
    private readonly float[] _vectors;

    private TitleVectorCache(Dictionary<string, int> rowById, float[] vectors, int dimension, string fingerprint)
    {
        _rowById = rowById;
        _vectors = vectors;
        Dimension = dimension;
        Fingerprint = fingerprint;
    }

    public int Dimension { get; }

    /// <summary>Items that have a vector (items without a title have none).</summary>
    public int Count => _rowById.Count;

    /// <summary>Hash of the model and the catalog's titles; names the cache file.</summary>
    public string Fingerprint { get; }

    public bool TryGet(string itemId, out ReadOnlyMemory<float> vector)
    {
        if (_rowById.TryGetValue(itemId, out var row))
        {
            vector = _vectors.AsMemory(row * Dimension, Dimension);
            return true;
        }

        vector = default;
        return false;
    }

    /// <summary>
    /// Loads the vectors of <paramref name="catalog"/>'s titles from <paramref name="directory"/> when a file for this
    /// model and these titles exists, otherwise encodes them (reporting titles done) and saves them there.
    /// </summary>
    public static TitleVectorCache Build(
        ItemCatalog catalog,
        SentenceEncoder encoder,
        string? directory,
        IProgress<int>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(encoder);
        // Rows in title-length order: chunks of similar length encode with little padding.
        var titled = catalog.Items.Where(item => !string.IsNullOrWhiteSpace(item.Title)).OrderBy(item => item.Title!.Length).ToArray();
        var fingerprint = FingerprintOf(encoder.ModelId, encoder.Dimension, titled);
        var rowById = new Dictionary<string, int>(titled.Length, StringComparer.Ordinal);
        for (var i = 0; i < titled.Length; i++)
        {
            rowById[titled[i].ExternalId] = i;
        }

        var file = directory is null ? null : Path.Combine(directory, $"titles-{fingerprint}.f32");
        if (file is not null && TryLoad(file, titled.Length, encoder.Dimension) is { } loaded)
        {
            progress?.Report(titled.Length);
            return new TitleVectorCache(rowById, loaded, encoder.Dimension, fingerprint);
        }

        var vectors = new float[titled.Length * encoder.Dimension];
        const int Chunk = 1024;
        for (var start = 0; start < titled.Length; start += Chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(Chunk, titled.Length - start);
            var encoded = encoder.Encode([.. titled.Skip(start).Take(count).Select(item => item.Title!)]);
            for (var i = 0; i < count; i++)
            {
                encoded[i].CopyTo(vectors, (start + i) * encoder.Dimension);
            }

            progress?.Report(start + count);
        }

        if (file is not null)
        {
            Save(file, vectors, titled.Length, encoder.Dimension);
        }

        return new TitleVectorCache(rowById, vectors, encoder.Dimension, fingerprint);
    }

    private static string FingerprintOf(string modelId, int dimension, CatalogItem[] titled)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{modelId}\n{dimension}\n"));
        foreach (var item in titled)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{item.ExternalId}\t{item.Title}\n"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..20];
    }

    private static float[]? TryLoad(string file, int rows, int dimension)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        using var stream = File.OpenRead(file);
        using var reader = new BinaryReader(stream);
        if (stream.Length != 12 + ((long)rows * dimension * sizeof(float))
            || reader.ReadInt32() != Magic || reader.ReadInt32() != rows || reader.ReadInt32() != dimension)
        {
            return null; // written by another build or cut short: encode again
        }

        var vectors = new float[rows * dimension];
        stream.ReadExactly(MemoryMarshal.AsBytes(vectors.AsSpan()));
        return vectors;
    }

    private static void Save(string file, float[] vectors, int rows, int dimension)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var temporary = file + ".tmp";
        using (var stream = File.Create(temporary))
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Magic);
            writer.Write(rows);
            writer.Write(dimension);
            writer.Write(MemoryMarshal.AsBytes(vectors.AsSpan()));
        }

        // Readers never see half a file.
        File.Move(temporary, file, overwrite: true);
    }
}
