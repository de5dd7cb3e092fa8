-- Applies one click to a live session hash, atomically and idempotently (see LiveSessionCodec for fields).
-- KEYS[1] session hash
-- ARGV[1] partition  ARGV[2] offset  ARGV[3] event id ('' = none)  ARGV[4] item id
-- ARGV[5] event time (epoch ms)  ARGV[6] window length  ARGV[7] TTL (ms)  ARGV[8] recent event ids kept
-- Returns {applied (1/0), version, window length, reason (0 applied, 1 offset seen, 2 event id seen)}
local SEP = '\31'
local unpack = table.unpack or unpack
local key = KEYS[1]
local partition, offset, eventId, item = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local f = redis.call('HMGET', key, 'v', 'n', 's', 'g', 't', 'p', 'e')
local version = tonumber(f[1]) or 0
local seqBytes = f[3] or ''

-- 1. The same message again (re-delivery after a crash before the offset commit).
if f[6] then
  local colon = string.find(f[6], ':', 1, true)
  if string.sub(f[6], 1, colon - 1) == partition and tonumber(string.sub(f[6], colon + 1)) >= offset then
    return {0, version, #seqBytes, 1}
  end
end

-- 2. The same event under a new offset (a producer's duplicate).
local recent = f[7] or ''
if eventId ~= '' and recent ~= '' and string.find(SEP .. recent .. SEP, SEP .. eventId .. SEP, 1, true) then
  redis.call('HSET', key, 'p', partition .. ':' .. ARGV[2])
  return {0, version, #seqBytes, 2}
end

-- 3. Append to the window: nodes in first-seen order, the sequence as node indices.
local nodes = {}
if f[2] and f[2] ~= '' then
  for id in string.gmatch(f[2], '[^' .. SEP .. ']+') do nodes[#nodes + 1] = id end
end
local seq = {string.byte(seqBytes, 1, -1)}
local index
for i = 1, #nodes do
  if nodes[i] == item then index = i break end
end
if not index then
  nodes[#nodes + 1] = item
  index = #nodes
end
seq[#seq + 1] = index

-- 4. Cap the window; nodes that left it go, and the rest are renumbered in first-seen order.
local maxLength = tonumber(ARGV[6])
if #seq > maxLength then
  local window = {}
  for i = #seq - maxLength + 1, #seq do window[#window + 1] = seq[i] end
  local renumber, kept = {}, {}
  for i = 1, #window do
    local old = window[i]
    if not renumber[old] then
      kept[#kept + 1] = nodes[old]
      renumber[old] = #kept
    end
    window[i] = renumber[old]
  end
  nodes, seq = kept, window
end

-- 5. Weighted edges of the window, in first-seen order (at most window - 1 of them, so weights fit a byte).
local edges, edgeAt = {}, {}
for i = 2, #seq do
  local pair = seq[i - 1] * 256 + seq[i]
  local at = edgeAt[pair]
  if at then
    edges[at + 2] = edges[at + 2] + 1
  else
    edgeAt[pair] = #edges + 1
    edges[#edges + 1] = seq[i - 1]
    edges[#edges + 1] = seq[i]
    edges[#edges + 1] = 1
  end
end

-- 6. Recent event ids, newest last, at most ARGV[8].
if eventId ~= '' then
  recent = (recent == '') and eventId or (recent .. SEP .. eventId)
  local count = 1
  for _ in string.gmatch(recent, SEP) do count = count + 1 end
  local keep = tonumber(ARGV[8])
  while count > keep do
    recent = string.sub(recent, string.find(recent, SEP, 1, true) + 1)
    count = count - 1
  end
end

version = version + 1
local lastTime = math.max(tonumber(f[5]) or 0, tonumber(ARGV[5]))
redis.call('HSET', key,
  'v', version,
  'n', table.concat(nodes, SEP),
  's', string.char(unpack(seq)),
  'g', string.char(unpack(edges)),
  't', lastTime,
  'p', partition .. ':' .. ARGV[2])
if recent ~= '' then redis.call('HSET', key, 'e', recent) end
redis.call('PEXPIRE', key, ARGV[7])
return {1, version, #seq, 0}
