namespace Streaming.Trainer.Tests;

/// <summary>
/// libtorch's random seed and thread count are process-wide: test classes that use libtorch share
/// this collection so they never run at the same time, which keeps their results reproducible.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LibTorchCollection
{
    public const string Name = "libtorch";
}
