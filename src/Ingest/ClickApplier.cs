using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Streaming.Core.Contracts;
using Streaming.State;

namespace Streaming.Ingest;

/// <summary>
/// Applies clicks to live session graphs with one Lua script per click (atomic and idempotent), pipelining a
/// whole batch in one round trip. Clicks of one session keep their order: one connection, one pipeline.
/// </summary>
public sealed class ClickApplier(RedisConnection redis, IOptions<IngestOptions> options)
{
    private static readonly string Script = LoadScript();
    private readonly IngestOptions _options = options.Value;

    public async Task<ApplyOutcome[]> ApplyAsync(IReadOnlyList<ClickToApply> clicks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clicks);
        var db = await redis.GetDatabaseAsync(cancellationToken);
        var ttl = ((long)_options.SessionTtl.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        var maxLength = _options.MaxSessionLength.ToString(CultureInfo.InvariantCulture);
        var recent = _options.RecentEventIds.ToString(CultureInfo.InvariantCulture);

        var calls = new Task<RedisResult>[clicks.Count];
        for (var i = 0; i < clicks.Count; i++)
        {
            var (click, partition, offset) = clicks[i];
            calls[i] = db.ScriptEvaluateAsync(
                Script,
                [RedisKeys.Session(click.SessionId)],
                [
                    partition, offset, Fingerprint(click.EventId), click.ItemId,
                    click.Timestamp.ToUnixTimeMilliseconds(), maxLength, ttl, recent,
                ]);
        }

        var replies = await Task.WhenAll(calls).WaitAsync(cancellationToken);
        var outcomes = new ApplyOutcome[replies.Length];
        for (var i = 0; i < replies.Length; i++)
        {
            var reply = (RedisResult[])replies[i]!;
            outcomes[i] = new ApplyOutcome((ApplyStatus)(int)reply[3], (long)reply[1], (int)reply[2]);
        }

        return outcomes;
    }

    /// <summary>8 bytes stand for an event id of up to 128 characters; a collision among a session's few recent ids is negligible.</summary>
    private static RedisValue Fingerprint(string? eventId) =>
        eventId is null ? RedisValue.EmptyString : (RedisValue)XxHash64.Hash(Encoding.UTF8.GetBytes(eventId));

    private static string LoadScript()
    {
        using var stream = typeof(ClickApplier).Assembly.GetManifestResourceStream("Streaming.Ingest.ApplyClick.lua")
            ?? throw new InvalidOperationException("the ApplyClick.lua resource is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
