// Compiled twice: into the Trainer (the runtime safety net) and, without STREAMING_TRAINER, by
// MSBuild's RoslynCodeTaskFactory as the build-time task in TorchSharpNative.targets. One source, so
// the two cannot drift apart. The task compiler targets netstandard2.0, hence no spans here.
#if !STREAMING_TRAINER
using System;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
#endif
using System.Text;

namespace Streaming.Trainer.Native;

#if !STREAMING_TRAINER
/// <summary>MSBuild task: marks a version need of the given ELF files weak (see <see cref="ElfVersionNeeds"/>).</summary>
public sealed class MarkElfVersionNeedWeak : Task
{
    [Required]
    public ITaskItem[] Files { get; set; } = new ITaskItem[0];

    [Required]
    public string Version { get; set; } = string.Empty;

    public override bool Execute()
    {
        foreach (var file in Files)
        {
            var path = file.ItemSpec;
            var outcome = ElfVersionNeeds.MarkWeak(path, Version);
            Log.LogMessage(MessageImportance.Low, $"{path}: {Version} {outcome}");
        }

        return !Log.HasLoggedErrors;
    }
}
#endif

/// <summary>What <see cref="ElfVersionNeeds.MarkWeak"/> did.</summary>
public enum ElfPatchOutcome
{
    /// <summary>The flag was set now.</summary>
    Patched,

    /// <summary>The need was already weak (an earlier build patched it).</summary>
    AlreadyWeak,

    /// <summary>The file does not need that version at all.</summary>
    NotNeeded,
}

/// <summary>
/// Edits the GNU version-needs table (<c>.gnu.version_r</c>) of an ELF64 little-endian shared
/// library. libLibTorchSharp.so from TorchSharp 0.107.0 declares a need for GLIBCXX_3.4.32 that
/// only the unused symbol <c>std::ios_base_library_init</c> carries; Debian 12's libstdc++ stops at
/// 3.4.30, so the loader refuses the library. Setting VER_FLG_WEAK on that one need makes a missing
/// version non-fatal, which is all the library requires.
/// </summary>
public static class ElfVersionNeeds
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    /// <summary>Returns whether <paramref name="path"/> needs <paramref name="version"/> and whether that need is weak.</summary>
    public static (bool Needed, bool Weak) Inspect(string path, string version)
    {
        var bytes = File.ReadAllBytes(path);
        var offset = FindNeed(bytes, version, path);
        return offset < 0 ? (false, false) : (true, (ReadU16(bytes, offset + 4) & VerFlagWeak) != 0);
    }

    /// <summary>
    /// Marks the need for <paramref name="version"/> weak. Idempotent. The file is replaced (write to a
    /// temporary file, then rename), so a hard link into a package cache is never modified.
    /// </summary>
    public static ElfPatchOutcome MarkWeak(string path, string version)
    {
        var bytes = File.ReadAllBytes(path);
        var offset = FindNeed(bytes, version, path);
        if (offset < 0)
        {
            return ElfPatchOutcome.NotNeeded;
        }

        var flags = ReadU16(bytes, offset + 4);
        if ((flags & VerFlagWeak) != 0)
        {
            return ElfPatchOutcome.AlreadyWeak;
        }

        flags |= VerFlagWeak;
        bytes[offset + 4] = (byte)(flags & 0xff);
        bytes[offset + 5] = (byte)(flags >> 8);
        var temporary = path + ".patching";
        File.WriteAllBytes(temporary, bytes);
        File.Replace(temporary, path, destinationBackupFileName: null);
        return ElfPatchOutcome.Patched;
    }

    // Returns the file offset of the Vernaux entry naming the version, or -1.
    private static int FindNeed(byte[] elf, string version, string path)
    {
        try
        {
            return FindNeedUnchecked(elf, version, path);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new InvalidDataException($"{path}: truncated or malformed ELF headers.", e);
        }
    }

    private static int FindNeedUnchecked(byte[] elf, string version, string path)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            throw new InvalidDataException($"{path} is not an ELF file.");
        }

        if (elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException($"{path} is not a 64-bit little-endian ELF file.");
        }

        var sectionTable = checked((int)ReadU64(elf, 0x28));
        var entrySize = ReadU16(elf, 0x3A);
        var sectionCount = ReadU16(elf, 0x3C);
        for (var s = 0; s < sectionCount; s++)
        {
            var header = sectionTable + (s * entrySize);
            if (ReadU32(elf, header + 4) != ShtGnuVerneed)
            {
                continue;
            }

            var tableOffset = checked((int)ReadU64(elf, header + 0x18));
            var stringSection = sectionTable + ((int)ReadU32(elf, header + 0x28) * entrySize);
            var strings = checked((int)ReadU64(elf, stringSection + 0x18));
            var needCount = ReadU32(elf, header + 0x2C);

            var need = tableOffset;
            for (var n = 0; n < needCount; n++)
            {
                var auxCount = ReadU16(elf, need + 2);
                var aux = need + (int)ReadU32(elf, need + 8);
                for (var a = 0; a < auxCount; a++)
                {
                    var name = strings + (int)ReadU32(elf, aux + 8);
                    if (NameEquals(elf, name, version))
                    {
                        return aux;
                    }

                    aux += (int)ReadU32(elf, aux + 12);
                }

                need += (int)ReadU32(elf, need + 12);
            }
        }

        return -1;
    }

    private static bool NameEquals(byte[] elf, int offset, string name)
    {
        var expected = Encoding.ASCII.GetBytes(name);
        if (offset + expected.Length >= elf.Length || elf[offset + expected.Length] != 0)
        {
            return false;
        }

        for (var i = 0; i < expected.Length; i++)
        {
            if (elf[offset + i] != expected[i])
            {
                return false;
            }
        }

        return true;
    }

    private static ushort ReadU16(byte[] elf, int offset) => (ushort)(elf[offset] | (elf[offset + 1] << 8));

    private static uint ReadU32(byte[] elf, int offset) => ReadU16(elf, offset) | ((uint)ReadU16(elf, offset + 2) << 16);

    private static ulong ReadU64(byte[] elf, int offset) => ReadU32(elf, offset) | ((ulong)ReadU32(elf, offset + 4) << 32);
}
