using System.IO.Compression;
using System.Text;

namespace Streaming.Core.Tests.Datasets;

/// <summary>A scratch directory for generated fixtures, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "streaming-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string relative, string content, Encoding? encoding = null)
    {
        var path = Prepare(relative);
        File.WriteAllText(path, content, encoding ?? new UTF8Encoding(false));
        return path;
    }

    public string WriteGzip(string relative, string content, Encoding? encoding = null)
    {
        var path = Prepare(relative);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        var bytes = (encoding ?? new UTF8Encoding(false)).GetBytes(content);
        gzip.Write(bytes);
        return path;
    }

    private string Prepare(string relative)
    {
        var path = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory is harmless.
        }
    }
}
