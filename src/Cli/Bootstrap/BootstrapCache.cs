using System.Security.Cryptography;
using System.Text;

namespace Streaming.Cli.Bootstrap;

/// <summary>
/// Where bootstrapped registries are kept between runs: <c>$XDG_CACHE_HOME/streaming/bootstrap</c> (else
/// <c>~/.cache/…</c>; on Windows the local application data folder), one directory per key. The key hashes everything
/// that determines the result — the recipe, the data, the training and intent settings, and the code that trains and
/// infers (the Trainer, IntentWorker and Core assemblies, whose builds are deterministic) — so a changed input trains
/// anew and an unchanged one is reused. A directory appears only complete (built aside, then renamed).
/// </summary>
internal static class BootstrapCache
{
    /// <summary>Bump when the bootstrap's steps change in a way the other key parts do not show.</summary>
    public const int RecipeVersion = 1;

    public const string RegistryDirectory = "registry";
    public const string SummaryFile = "summary.txt";

    public static string Root()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var baseDirectory = !string.IsNullOrWhiteSpace(xdg) ? xdg
            : OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(baseDirectory, "streaming", "bootstrap");
    }

    /// <summary>A short, stable key of <paramref name="parts"/> plus the recipe and the code.</summary>
    public static string Key(IEnumerable<string> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var code = new[] { typeof(Trainer.Training.PaperRun), typeof(IntentWorker.IntentInference), typeof(Core.Catalog.ItemCatalog) }
            .Select(t => t.Assembly.ManifestModule.ModuleVersionId.ToString("N"));
        var text = string.Join('\n', new[] { "recipe " + RecipeVersion }.Concat(parts).Concat(code));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    /// <summary>SHA-256 of the files' contents (absent files count as absent), for keys over real data.</summary>
    public static string HashFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var path in paths)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(path) + "\n"));
            if (File.Exists(path))
            {
                using var stream = File.OpenRead(path);
                hash.AppendData(SHA256.HashData(stream));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// The cached directory of <paramref name="name"/>, built by <paramref name="build"/> (given an empty directory to
    /// fill) when absent. Returns the directory and whether it was reused.
    /// </summary>
    public static async Task<(string Directory, bool Reused)> GetOrBuildAsync(string name, Func<string, Task> build, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(build);
        var target = Path.Combine(Root(), name);
        if (Directory.Exists(target))
        {
            return (target, true);
        }

        var staging = Path.Combine(Root(), ".building-" + name + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        try
        {
            await build(staging);
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                Directory.Move(staging, target);
            }
            catch (IOException) when (Directory.Exists(target))
            {
                // Another `up` built the same key meanwhile: theirs is as good as ours.
                Directory.Delete(staging, recursive: true);
            }

            return (target, false);
        }
        catch
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            throw;
        }
    }
}
