using Streaming.Testing;

namespace Streaming.Ranker.Tests;

[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServers>
{
    public const string Name = "redis";
}
