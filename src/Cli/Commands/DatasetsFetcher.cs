using System.IO.Compression;
using System.Security.Cryptography;

namespace Streaming.Cli.Commands;

/// <summary>
/// Downloads dataset archives into the data-directory layout, verifying SHA-256 before anything is
/// kept: a download lands in a <c>.part</c> file and only becomes the real file (or is unpacked)
/// once its checksum matches.
/// </summary>
internal sealed class DatasetsFetcher(HttpClient http)
{
    /// <summary>Called with (file name, bytes so far, total bytes when known).</summary>
    public Action<string, long, long?>? Progress { get; init; }

    /// <summary>Called with human-readable notes (skips, unpublished checksums).</summary>
    public Action<string>? Note { get; init; }

    public async Task FetchAsync(IReadOnlyList<DatasetsArchive> archives, string? baseUrl, string to, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archives);
        Directory.CreateDirectory(to);
        foreach (var archive in archives)
        {
            var folder = Path.Combine(to, archive.Folder);
            if (!force && File.Exists(Path.Combine(folder, archive.Marker)))
            {
                Note?.Invoke($"{archive.Folder}/{archive.Marker} already exists; skipping {archive.FileName} (use --force to download again)");
                continue;
            }

            Directory.CreateDirectory(folder);
            var url = new Uri(new Uri(EnsureSlash(baseUrl ?? archive.BaseUrl)), archive.FileName);
            var part = Path.Combine(folder, archive.FileName + ".part");
            var sha256 = await DownloadAsync(url, part, archive.FileName, cancellationToken);
            if (archive.Sha256 is null)
            {
                Note?.Invoke($"{archive.FileName}: no published checksum; downloaded SHA-256 {sha256} (record it to detect changes)");
            }
            else if (!string.Equals(sha256, archive.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                File.Delete(part);
                throw new InvalidDataException($"checksum mismatch for {archive.FileName} from {url}: expected SHA-256 {archive.Sha256}, got {sha256}; nothing was kept");
            }

            if (archive.Unzip)
            {
                try
                {
                    Unpack(part, to);
                }
                finally
                {
                    File.Delete(part);
                }
            }
            else
            {
                File.Move(part, Path.Combine(folder, archive.FileName), overwrite: true);
            }
        }
    }

    private async Task<string> DownloadAsync(Uri url, string path, string name, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {url} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        var total = response.Content.Headers.ContentLength;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken))
        await using (var file = File.Create(path))
        {
            var buffer = new byte[1 << 16];
            long received = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                received += read;
                Progress?.Invoke(name, received, total);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    // Entries must stay inside the target directory (no "../" escapes from a hostile archive).
    private static void Unpack(string zipPath, string to)
    {
        var root = Path.GetFullPath(to) + Path.DirectorySeparatorChar;
        using var zip = ZipFile.OpenRead(zipPath);
        var targets = new List<(ZipArchiveEntry Entry, string Target)>();
        foreach (var entry in zip.Entries)
        {
            var target = Path.GetFullPath(Path.Combine(root, entry.FullName));
            if (!target.StartsWith(root, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"archive entry '{entry.FullName}' would unpack outside {to}; nothing was unpacked");
            }

            targets.Add((entry, target));
        }

        foreach (var (entry, target) in targets)
        {
            if (entry.FullName.EndsWith('/'))
            {
                Directory.CreateDirectory(target);
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            entry.ExtractToFile(target, overwrite: true);
        }
    }

    private static string EnsureSlash(string url) => url.EndsWith('/') ? url : url + "/";
}
