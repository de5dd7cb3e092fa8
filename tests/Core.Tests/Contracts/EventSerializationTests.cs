using System.Text.Json;
using Streaming.Core.Contracts;

namespace Streaming.Core.Tests.Contracts;

public sealed class EventSerializationTests
{
    [Fact]
    public void Internal_events_round_trip_through_the_source_generated_context_in_camelCase()
    {
        var candidates = new CandidatesGenerated("s", 3, "srgnn-1", [new ScoredItem("a", 1.5f), new ScoredItem("b", 0.5f)], DateTimeOffset.FromUnixTimeMilliseconds(1_000_000_000_000));

        var json = JsonSerializer.Serialize(candidates, StreamingJsonContext.Default.CandidatesGenerated);
        var back = JsonSerializer.Deserialize(json, StreamingJsonContext.Default.CandidatesGenerated)!;

        Assert.Contains("\"sessionVersion\":3", json, StringComparison.Ordinal);
        Assert.Contains("\"v\":1", json, StringComparison.Ordinal);
        Assert.Equal(candidates.Candidates, back.Candidates);
        Assert.Equal(candidates with { Candidates = back.Candidates }, back);
    }

    [Fact]
    public void Topics_have_dead_letter_companions()
    {
        Assert.Equal("clicks.dlq", Topics.DeadLetter(Topics.Clicks));
        Assert.Equal(Topics.Standard.Count * 2, Topics.StandardWithDeadLetters().Distinct().Count());
    }
}
