using System.Runtime.InteropServices;
using TorchSharp;

namespace Streaming.Trainer.Native;

/// <summary>
/// Prepares the process for libtorch: OpenMP's passive wait policy (set natively, before libtorch
/// loads, because .NET's environment changes are not visible to native getenv on Unix), a read-only
/// check that the build marked the GLIBCXX need weak (TorchSharpNative.targets), and the thread counts.
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

        // The build (Native/TorchSharpNative.targets) marks the need weak in the copied library; the application folder
        // may be read-only, so nothing is patched here. An unpatched copy would fail with TorchSharp's misleading
        // "not restored" message: say what is wrong instead.
        foreach (var path in CandidatePaths())
        {
            if (File.Exists(path) && ElfVersionNeeds.Inspect(path, GlibcxxVersion) is (true, false))
            {
                throw new InvalidOperationException(
                    $"{path} needs {GlibcxxVersion}, which this libstdc++ may lack. Build the host with "
                    + "src/Trainer/Native/TorchSharpNative.targets imported (it marks that need weak), or install a newer libstdc++.");
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
