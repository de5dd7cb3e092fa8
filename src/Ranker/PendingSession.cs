using Confluent.Kafka;
using Streaming.Core.Contracts;

namespace Streaming.Ranker;

/// <summary>
/// What one poll batch asks of one session: its newest <see cref="CandidatesGenerated"/> and newest
/// <see cref="IntentsInferred"/> (either may be absent), each with the message it came in.
/// </summary>
internal sealed class PendingSession
{
    public CandidatesGenerated? Candidates { get; private set; }

    public ConsumeResult<string?, byte[]>? CandidatesMessage { get; private set; }

    public IntentsInferred? Intents { get; private set; }

    public ConsumeResult<string?, byte[]>? IntentsMessage { get; private set; }

    /// <summary>The event the answer stems from: the one for the newer session version (intents on a tie: they come later).</summary>
    public ConsumeResult<string?, byte[]> Source =>
        Intents is not null && (Candidates is null || Intents.SessionVersion >= Candidates.SessionVersion) ? IntentsMessage! : CandidatesMessage!;

    /// <summary>The click time of <see cref="Source"/>, carried to the answer for end-to-end latency.</summary>
    public DateTimeOffset ClickTime =>
        Intents is not null && (Candidates is null || Intents.SessionVersion >= Candidates.SessionVersion) ? Intents.ClickTime : Candidates!.ClickTime;

    /// <summary>Keeps <paramref name="candidates"/> unless a newer list is held; true for the session's first event of the batch (later ones join its one answer).</summary>
    public bool Add(CandidatesGenerated candidates, ConsumeResult<string?, byte[]> message)
    {
        var first = Candidates is null && Intents is null;
        if (Candidates is null || candidates.SessionVersion >= Candidates.SessionVersion)
        {
            Candidates = candidates;
            CandidatesMessage = message;
        }

        return first;
    }

    /// <summary>Keeps <paramref name="intents"/> unless newer ones are held; true for the session's first event of the batch (later ones join its one answer).</summary>
    public bool Add(IntentsInferred intents, ConsumeResult<string?, byte[]> message)
    {
        var first = Candidates is null && Intents is null;
        if (Intents is null || intents.SessionVersion >= Intents.SessionVersion)
        {
            Intents = intents;
            IntentsMessage = message;
        }

        return first;
    }
}
