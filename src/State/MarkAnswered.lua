-- Records that the Candidates worker published a list for a session version (runs after LiveSessionFormat.lua).
-- KEYS[1] session key   ARGV[1] the session version answered
-- Raises the answered version (never lowers it: another instance may have answered a newer one), keeps the TTL,
-- and never brings back a session that expired. Returns 1 when raised, 0 otherwise.
local blob = redis.call('GET', KEYS[1])
if not blob then return 0 end
local s = readSession(blob)
local answered = tonumber(ARGV[1])
if s.answered >= answered then return 0 end
s.answered = answered
storeSession(KEYS[1], s, nil)
return 1
