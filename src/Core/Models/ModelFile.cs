namespace Streaming.Core.Models;

/// <summary>One file of a published model version: its name inside the version directory, size and SHA-256 (lower-case hex).</summary>
public sealed record ModelFile(string Name, long Bytes, string Sha256);
