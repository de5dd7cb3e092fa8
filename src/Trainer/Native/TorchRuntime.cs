using System.Runtime.InteropServices;
using TorchSharp;

namespace Streaming.Trainer.Native;

/// <summary>
/// Prepares the process for libtorch: OpenMP's passive wait policy (set natively, before libtorch
/// loads, because .NET's environment changes are not visible to native getenv on Unix), the
/// GLIBCXX weak-need patch as a safety net for hosts whose build did not import
/// TorchSharpNative.targets, and the intra-op thread count.
/// </summary>
public static partial class TorchRuntime
{
    private const string LibTorchSharp = "libLibTorchSharp.so";
    private const string GlibcxxVersion = "GLIBCXX_3.4.32";

    // The native setup must happen once per process, before the first TorchSharp call.
    private static readonly Lazy<bool> NativeSetup = new(PrepareNative, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Prepares libtorch (once) and sets the number of intra-op threads.</summary>
    public static void Initialise(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _ = NativeSetup.Value;
        torch.set_num_threads(threads);
    }

    private static bool PrepareNative()
    {
        if (!OperatingSystem.IsLinux())
        {
            return true;
        }

        // Busy-waiting OpenMP workers spike the CPU on a shared 2-core machine; respect a user's choice.
        _ = SetEnvironment("OMP_WAIT_POLICY", "PASSIVE", overwrite: 0);

        foreach (var path in CandidatePaths())
        {
            if (!File.Exists(path))
            {
                continue;
            }

            var (needed, weak) = ElfVersionNeeds.Inspect(path, GlibcxxVersion);
            if (needed && !weak)
            {
                try
                {
                    ElfVersionNeeds.MarkWeak(path, GlibcxxVersion);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new InvalidOperationException(
                        $"{path} needs {GlibcxxVersion}, which this libstdc++ may lack, and could not be patched ({e.Message}). "
                        + "Build with Native/TorchSharpNative.targets imported, or install a newer libstdc++.", e);
                }
            }
        }

        return true;
    }

    private static IEnumerable<string> CandidatePaths()
    {
        var baseDirectory = AppContext.BaseDirectory;
        yield return Path.Combine(baseDirectory, "runtimes", "linux-x64", "native", LibTorchSharp);
        yield return Path.Combine(baseDirectory, LibTorchSharp);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnvironment(string name, string value, int overwrite);
}
