using System.Runtime.InteropServices;

namespace Streaming.IntentWorker.Batch;

/// <summary>
/// The batch path's output, one fixed-size record per sample, in sample order, so a run can resume after the last
/// whole record. Layout (little-endian): the header <c>"INT1"</c>, dimension (int32), then per sample a flags byte
/// (bit 0: the sample had explicit intents, bit 1: latent intents; neither: no intents, both vectors zero) and the
/// explicit and latent float32 vectors, after the empty-group rule (so a copied group is stored as the copy and its
/// flag bit tells it was empty).
/// </summary>
public static class IntentVectorFile
{
    public const byte HasExplicit = 1;
    public const byte HasLatent = 2;
    private const int Magic = 0x31544E49; // "INT1"
    private const int HeaderBytes = 8;

    public static long RecordBytes(int dimension) => 1 + (2L * dimension * sizeof(float));

    /// <summary>Opens <paramref name="path"/> for appending; returns the writer and how many whole records it already holds.</summary>
    public static (BinaryWriter Writer, int Existing) OpenForAppend(string path, int dimension)
    {
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            var existing = 0;
            if (stream.Length >= HeaderBytes)
            {
                using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
                if (reader.ReadInt32() != Magic || reader.ReadInt32() != dimension)
                {
                    throw new InvalidDataException($"{path} is not an intent vector file of dimension {dimension}; remove it or choose another --out");
                }

                existing = (int)((stream.Length - HeaderBytes) / RecordBytes(dimension));
                stream.SetLength(HeaderBytes + (existing * RecordBytes(dimension))); // drop a record cut short
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

    public static void Write(BinaryWriter writer, int dimension, IntentOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(outcome);
        byte flags = 0;
        if (outcome.Vectors is not null)
        {
            flags |= outcome.Intents!.Explicit.Count > 0 ? HasExplicit : (byte)0;
            flags |= outcome.Intents.Latent.Count + outcome.Intents.FreeText.Count > 0 ? HasLatent : (byte)0;
        }

        writer.Write(flags);
        writer.Write(MemoryMarshal.AsBytes((outcome.Vectors?.Explicit ?? new float[dimension]).AsSpan()));
        writer.Write(MemoryMarshal.AsBytes((outcome.Vectors?.Latent ?? new float[dimension]).AsSpan()));
    }

    /// <summary>Reads a whole file: the dimension and each record's flags and vectors.</summary>
    public static (int Dimension, List<(byte Flags, float[] Explicit, float[] Latent)> Records) Read(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        if (reader.ReadInt32() != Magic)
        {
            throw new InvalidDataException($"{path} is not an intent vector file");
        }

        var dimension = reader.ReadInt32();
        var records = new List<(byte, float[], float[])>();
        while (reader.BaseStream.Length - reader.BaseStream.Position >= RecordBytes(dimension))
        {
            var flags = reader.ReadByte();
            var explicitVector = MemoryMarshal.Cast<byte, float>(reader.ReadBytes(dimension * sizeof(float))).ToArray();
            var latentVector = MemoryMarshal.Cast<byte, float>(reader.ReadBytes(dimension * sizeof(float))).ToArray();
            records.Add((flags, explicitVector, latentVector));
        }

        return (dimension, records);
    }
}
