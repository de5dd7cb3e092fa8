namespace Streaming.Messaging;

/// <summary>What one consume loop reads: its consumer group and topics.</summary>
public sealed record ConsumerSubscription
{
    public ConsumerSubscription(string groupId, params IReadOnlyList<string> topics)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        ArgumentNullException.ThrowIfNull(topics);
        if (topics.Count == 0 || topics.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("At least one topic, none empty.", nameof(topics));
        }

        GroupId = groupId;
        Topics = topics;
    }

    public string GroupId { get; }

    public IReadOnlyList<string> Topics { get; }
}
