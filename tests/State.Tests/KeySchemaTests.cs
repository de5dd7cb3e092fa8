using StackExchange.Redis;
using Streaming.Core.Contracts;
using Streaming.Testing;

namespace Streaming.State.Tests;

[Collection(RedisCollection.Name)]
public sealed class KeySchemaTests(RedisServers servers)
{
    [Fact]
    public void Keys_of_one_session_share_a_cluster_slot_and_sessions_spread()
    {
        var slots = new HashSet<int>();
        for (var i = 0; i < 200; i++)
        {
            var id = "session-" + i;
            var slot = ClusterSlot(RedisKeys.Session(id));
            Assert.Equal(slot, ClusterSlot(RedisKeys.Intents(id)));
            Assert.Equal(slot, ClusterSlot(RedisKeys.IntentRequest(id)));
            slots.Add(slot);
        }

        Assert.True(slots.Count > 150, $"200 sessions landed in only {slots.Count} slots");
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("sess:{abc}:x", "abc")]
    [InlineData("sess:{}:x", "sess:{}:x")]
    [InlineData("a{b}c{d}", "b")]
    public void HashTag_follows_the_Redis_Cluster_rule(string key, string expected) =>
        Assert.Equal(expected, RedisKeys.HashTag(key));

    [Theory]
    [MemberData(nameof(RedisServers.Kinds), MemberType = typeof(RedisServers))]
    public async Task A_script_updates_several_keys_of_one_session_atomically(string server)
    {
        var db = servers.Connection(server).GetDatabase();
        var session = RedisServers.UniquePrefix();
        RedisKey[] keys = [RedisKeys.IntentRequest(session), RedisKeys.Intents(session)];
        const string script = """
            local v = redis.call('HINCRBY', KEYS[1], 'v', 1)
            redis.call('HSET', KEYS[2], 'v', v)
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            redis.call('PEXPIRE', KEYS[2], ARGV[1])
            return v
            """;

        for (var i = 1; i <= 3; i++)
        {
            var version = (long)await db.ScriptEvaluateAsync(script, keys, [60_000]);
            Assert.Equal(i, version);
        }

        Assert.Equal(3, (long)await db.HashGetAsync(keys[1], "v"));
        var ttl = await db.KeyTimeToLiveAsync(keys[0]);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value.TotalSeconds, 1, 60);
    }

    [Theory]
    [MemberData(nameof(RedisServers.Kinds), MemberType = typeof(RedisServers))]
    public async Task A_failing_script_reports_its_error(string server)
    {
        var db = servers.Connection(server).GetDatabase();
        var key = RedisKeys.Session(RedisServers.UniquePrefix());
        await db.StringSetAsync(key, "not a hash");

        var error = await Assert.ThrowsAsync<RedisServerException>(() =>
            db.ScriptEvaluateAsync("return redis.call('HINCRBY', KEYS[1], 'v', 1)", [key]));
        Assert.Contains("WRONGTYPE", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    private static int ClusterSlot(string key)
    {
        // CRC16-XMODEM of the hash tag modulo 16384: the Redis Cluster key slot.
        ushort crc = 0;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(RedisKeys.HashTag(key)))
        {
            crc ^= (ushort)(b << 8);
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }
        }

        return crc % 16384;
    }
}
