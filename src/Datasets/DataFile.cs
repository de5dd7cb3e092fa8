using System.IO.Compression;
using System.Text;

namespace Streaming.Core.Datasets;

/// <summary>Opens dataset files for streaming reads, transparently decompressing gzip.</summary>
public static class DataFile
{
    private const int BufferSize = 1 << 16;

    /// <summary>
    /// Opens <paramref name="path"/> as text. Gzip is detected by its magic bytes, not by the name,
    /// so a renamed file still reads. The default encoding is UTF-8.
    /// </summary>
    public static TextReader OpenText(string path, Encoding? encoding = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        try
        {
            Span<byte> magic = stackalloc byte[2];
            var read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            stream.Position = 0;
            if (read == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
            {
                stream = new BufferedStream(new GZipStream(stream, CompressionMode.Decompress), BufferSize);
            }

            return new StreamReader(stream, encoding ?? Encoding.UTF8, detectEncodingFromByteOrderMarks: encoding is null, BufferSize);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Reads the lines of a file lazily, numbered from 1.</summary>
    public static IEnumerable<NumberedLine> ReadLines(string path, Encoding? encoding = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Iterate(path, encoding);

        static IEnumerable<NumberedLine> Iterate(string path, Encoding? encoding)
        {
            using var reader = OpenText(path, encoding);
            long number = 0;
            while (reader.ReadLine() is { } line)
            {
                number++;
                yield return new NumberedLine(number, line);
            }
        }
    }

    /// <summary>Returns the first existing file among <paramref name="candidates"/> (relative to <paramref name="directory"/>), or null.</summary>
    public static string? FirstExisting(string directory, params string[] candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        foreach (var candidate in candidates)
        {
            var path = Path.Combine(directory, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
