namespace Streaming.Messaging;

/// <summary>Settings of an <see cref="EmbeddedKafka"/> mock cluster.</summary>
public sealed record EmbeddedKafkaOptions
{
    public int Brokers { get; init; } = 1;

    /// <summary>
    /// KIP-848 heartbeat interval the brokers ask consumers for. A rebalance completes over a few heartbeats, so the
    /// mock's default (seconds) makes a joining member wait; 500 ms moves partitions within about a second.
    /// </summary>
    public TimeSpan GroupHeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>KIP-848 session timeout: how long a member that vanished without leaving keeps its partitions.</summary>
    public TimeSpan GroupSessionTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait for the cluster's metadata at start.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
