using System.Diagnostics.CodeAnalysis;
using Confluent.Kafka;
using Streaming.Core.Contracts;
using Streaming.Messaging;

namespace Streaming.Ranker;

/// <summary>
/// Reads the Ranker's two topics into <see cref="RankerInput"/>, each with its own JSON rule and the session key rule;
/// a message from any other topic is rejected as <c>unexpected-topic</c>.
/// </summary>
public sealed class RankerInputReader : IEventReader<RankerInput>
{
    public const string UnexpectedTopic = "unexpected-topic";

    private readonly JsonEventReader<CandidatesGenerated> _candidates = new(
        StreamingJsonContext.Default.CandidatesGenerated,
        c => c.SessionId,
        c => c.Candidates is null || c.ModelVersion is null
            ? new(MessageRejection.MissingField, "a candidates message needs sessionId, modelVersion and candidates")
            : null);

    private readonly JsonEventReader<IntentsInferred> _intents = new(StreamingJsonContext.Default.IntentsInferred, i => i.SessionId);

    public bool TryRead(ConsumeResult<string?, byte[]> message, [NotNullWhen(true)] out RankerInput? @event, [NotNullWhen(false)] out MessageRejection? rejection)
    {
        ArgumentNullException.ThrowIfNull(message);
        @event = null;
        if (message.Topic == Topics.Candidates)
        {
            if (!_candidates.TryRead(message, out var candidates, out rejection))
            {
                return false;
            }

            @event = new RankerInput(candidates, null);
            return true;
        }

        if (message.Topic == Topics.Intents)
        {
            if (!_intents.TryRead(message, out var intents, out rejection))
            {
                return false;
            }

            @event = new RankerInput(null, intents);
            return true;
        }

        rejection = new(UnexpectedTopic, $"the Ranker reads {Topics.Candidates} and {Topics.Intents}, not {message.Topic}");
        return false;
    }
}
