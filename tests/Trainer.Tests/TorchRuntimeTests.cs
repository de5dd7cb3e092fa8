using Streaming.Trainer.Native;
using TorchSharp;

namespace Streaming.Trainer.Tests;

[Collection(LibTorchCollection.Name)]
public sealed class TorchRuntimeTests
{
    [Fact]
    public void Libtorch_loads_and_computes()
    {
        TorchRuntime.Initialise(threads: 1);

        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        using var product = a.matmul(a);

        Assert.Equal(new float[] { 7, 10, 15, 22 }, product.data<float>().ToArray());
        Assert.Equal(1, torch.get_num_threads());
    }

    [Fact]
    public void Copied_native_library_needs_GLIBCXX_3_4_32_only_weakly()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (!File.Exists(path))
        {
            Assert.Skip("No linux-x64 TorchSharp native library in the test output.");
        }

        var (needed, weak) = ElfVersionNeeds.Inspect(path, "GLIBCXX_3.4.32");

        Assert.True(needed);
        Assert.True(weak);
    }

    [Fact]
    public void Marking_weak_is_idempotent_and_leaves_other_needs_alone()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (!File.Exists(source))
        {
            Assert.Skip("No linux-x64 TorchSharp native library in the test output.");
        }

        var copy = Path.Combine(Path.GetTempPath(), "elf-test-" + Guid.NewGuid().ToString("N") + ".so");
        File.Copy(source, copy);
        try
        {
            Assert.Equal(ElfPatchOutcome.AlreadyWeak, ElfVersionNeeds.MarkWeak(copy, "GLIBCXX_3.4.32"));
            Assert.Equal(ElfPatchOutcome.NotNeeded, ElfVersionNeeds.MarkWeak(copy, "GLIBCXX_99.0"));
            Assert.Equal((true, false), ElfVersionNeeds.Inspect(copy, "GLIBCXX_3.4.19"));
            Assert.Equal(ElfPatchOutcome.Patched, ElfVersionNeeds.MarkWeak(copy, "GLIBCXX_3.4.19"));
            Assert.Equal((true, true), ElfVersionNeeds.Inspect(copy, "GLIBCXX_3.4.19"));
            Assert.Equal(ElfPatchOutcome.AlreadyWeak, ElfVersionNeeds.MarkWeak(copy, "GLIBCXX_3.4.19"));
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [Fact]
    public void A_truncated_ELF_file_is_rejected_with_a_clear_error()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (!File.Exists(source))
        {
            Assert.Skip("No linux-x64 TorchSharp native library in the test output.");
        }

        var path = Path.Combine(Path.GetTempPath(), "truncated-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, File.ReadAllBytes(source).AsSpan(0, 4096).ToArray());
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Inspect(path, "GLIBCXX_3.4.32"));
            Assert.Contains("malformed", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_file_that_is_not_ELF_is_rejected()
    {
        var path = Path.Combine(Path.GetTempPath(), "not-elf-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, new byte[128]);
        try
        {
            Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Inspect(path, "GLIBCXX_3.4.32"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
