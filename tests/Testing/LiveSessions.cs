using StackExchange.Redis;
using Streaming.Core.Contracts;
using Streaming.Core.Live;
using Streaming.State;

namespace Streaming.Testing;

/// <summary>Live sessions written directly, exactly as Ingest stores them, for tests of the workers that only read them.</summary>
public static class LiveSessions
{
    /// <summary>Stores the session of <paramref name="items"/> (window 50, the last click at <paramref name="lastClick"/>) under its key.</summary>
    public static Task<bool> StoreAsync(IDatabase db, string sessionId, long version, DateTimeOffset lastClick, params string[] items)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.StringSetAsync(RedisKeys.Session(sessionId), LiveSessionCodec.Encode(LiveSession.FromClicks(items, 50, version, lastClick.ToUnixTimeMilliseconds())));
    }
}
