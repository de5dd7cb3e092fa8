using System.Runtime.InteropServices;

namespace Streaming.Core.Intents;

/// <summary>
/// Precomputed intent vectors, one fixed-size record per sample of one sample list (a paper split's train or test
/// samples), in sample order, so record i belongs to sample i and a run can resume after the last whole record.
/// Written by the IntentWorker's batch path, read by the Trainer. Layout (little-endian): the header <c>"INT1"</c>,
/// the dimension (int32), then per sample a flags byte (<see cref="IntentGroups"/>: bit 0 explicit, bit 1 latent;
/// neither: no intents, both vectors zero) and the explicit and latent float32 vectors.
/// </summary>
public static class IntentVectorFile
{
    private const int Magic = 0x31544E49; // "INT1"
    private const int HeaderBytes = 8;

    public static long RecordBytes(int dimension) => 1 + (2L * dimension * sizeof(float));

    /// <summary>
    /// Opens <paramref name="path"/> for appending; returns the writer and how many whole records it already holds
    /// (a record cut short by an interrupted run is dropped). A new or empty file gets the header.
    /// </summary>
    public static (BinaryWriter Writer, int Existing) OpenForAppend(string path, int dimension)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            var existing = 0;
            if (stream.Length >= HeaderBytes)
            {
                using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
                if (reader.ReadInt32() != Magic || reader.ReadInt32() != dimension)
                {
                    throw new InvalidDataException($"{path} is not an intent vector file of dimension {dimension}; remove it or choose another output file");
                }

                existing = (int)((stream.Length - HeaderBytes) / RecordBytes(dimension));
                stream.SetLength(HeaderBytes + (existing * RecordBytes(dimension)));
            }
            else
            {
                stream.SetLength(0);
                using var header = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
                header.Write(Magic);
                header.Write(dimension);
            }

            stream.Seek(0, SeekOrigin.End);
            return (new BinaryWriter(stream), existing);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Appends one record; null vectors are written as zeros.</summary>
    public static void Write(BinaryWriter writer, int dimension, IntentGroups groups, float[]? explicitVector, float[]? latentVector)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var vector in new[] { explicitVector, latentVector })
        {
            if (vector is not null && vector.Length != dimension)
            {
                throw new ArgumentException($"Intent vectors must have {dimension} components, not {vector.Length}.", nameof(explicitVector));
            }
        }

        writer.Write((byte)groups);
        writer.Write(MemoryMarshal.AsBytes((explicitVector ?? new float[dimension]).AsSpan()));
        writer.Write(MemoryMarshal.AsBytes((latentVector ?? new float[dimension]).AsSpan()));
    }

    /// <summary>Reads a whole file. A trailing partial record (an interrupted run) is ignored.</summary>
    public static IntentVectorFileContents Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var reader = new BinaryReader(File.OpenRead(path));
        if (reader.BaseStream.Length < HeaderBytes || reader.ReadInt32() != Magic)
        {
            throw new InvalidDataException($"{path} is not an intent vector file (no INT1 header)");
        }

        var dimension = reader.ReadInt32();
        if (dimension < 1)
        {
            throw new InvalidDataException($"{path}: invalid dimension {dimension}");
        }

        var records = new List<IntentVectorRecord>();
        var bytes = dimension * sizeof(float);
        while (reader.BaseStream.Length - reader.BaseStream.Position >= RecordBytes(dimension))
        {
            var flags = reader.ReadByte();
            if (flags > (byte)(IntentGroups.Explicit | IntentGroups.Latent))
            {
                throw new InvalidDataException($"{path}: record {records.Count} has unknown flags {flags}");
            }

            var explicitVector = MemoryMarshal.Cast<byte, float>(reader.ReadBytes(bytes)).ToArray();
            var latentVector = MemoryMarshal.Cast<byte, float>(reader.ReadBytes(bytes)).ToArray();
            records.Add(new IntentVectorRecord((IntentGroups)flags, explicitVector, latentVector));
        }

        return new IntentVectorFileContents(dimension, records);
    }
}
