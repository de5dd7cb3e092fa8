namespace Streaming.Core.Contracts;

/// <summary>
/// The Redis key schema. Every key of one session carries the session id as a hash tag
/// (<c>sess:{id}:…</c>), so all of them live in one Redis Cluster slot and one Lua script or
/// MULTI may touch them together.
/// </summary>
public static class RedisKeys
{
    /// <summary>The live session graph (one string per session; format in State's <c>LiveSessionCodec</c>).</summary>
    public static string Session(string sessionId) => $"sess:{{{sessionId}}}";

    /// <summary>The session's latest explicit/latent intent vectors and their version.</summary>
    public static string Intents(string sessionId) => $"sess:{{{sessionId}}}:intents";

    /// <summary>The last candidate set an intent request was made for (to skip immaterial changes).</summary>
    public static string IntentRequest(string sessionId) => $"sess:{{{sessionId}}}:intent-req";

    /// <summary>A cached LLM answer, keyed by a hash of its inputs; not per session, so no session tag.</summary>
    public static string LlmAnswer(string inputHash) => $"llm:{inputHash}";

    /// <summary>The hash tag of a key: the part Redis Cluster hashes to pick the slot.</summary>
    public static string HashTag(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var open = key.IndexOf('{', StringComparison.Ordinal);
        if (open < 0)
        {
            return key;
        }

        var close = key.IndexOf('}', open + 1);
        return close <= open + 1 ? key : key[(open + 1)..close];
    }
}
