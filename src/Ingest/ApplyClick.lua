-- Applies one click to a live session, atomically and idempotently. The session is ONE string value (see
-- LiveSessionCodec): a small header, the node ids, then the window, edges and recent event fingerprints as bytes.
--   header  "<version>,<partition>:<offset>,<last event time ms>,<#window bytes>,<#edge bytes>,<#fingerprint bytes>"
--   then    \30 <node ids joined by \31> \30 <window: node index per byte> <edges: (from, to, weight) bytes> <fingerprints: 8 bytes each>
-- KEYS[1] session key
-- ARGV[1] partition  ARGV[2] offset  ARGV[3] event-id fingerprint (8 bytes, '' = none)  ARGV[4] item id
-- ARGV[5] event time (epoch ms)  ARGV[6] window length  ARGV[7] TTL (ms)  ARGV[8] recent fingerprints kept
-- Returns {applied (1/0), version, window length, reason (0 applied, 1 offset seen, 2 event id seen)}
local RS, US = '\30', '\31'
local unpack = table.unpack or unpack
local key = KEYS[1]
local partition, offset, fingerprint, item = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]

local version, lastPartition, lastOffset, lastTime = 0, nil, -1, 0
local nodesText, seqBytes, edgeBytes, recent = '', '', '', ''
local blob = redis.call('GET', key)
if blob then
  local headerEnd = string.find(blob, RS, 1, true)
  local v, p, o, t, ns, ng, ne = string.match(string.sub(blob, 1, headerEnd - 1), '^(%d+),([^:]*):(%d+),(%d+),(%d+),(%d+),(%d+)$')
  version, lastPartition, lastOffset, lastTime = tonumber(v), p, tonumber(o), tonumber(t)
  local nodesEnd = string.find(blob, RS, headerEnd + 1, true)
  nodesText = string.sub(blob, headerEnd + 1, nodesEnd - 1)
  local at = nodesEnd + 1
  ns, ng, ne = tonumber(ns), tonumber(ng), tonumber(ne)
  seqBytes = string.sub(blob, at, at + ns - 1)
  edgeBytes = string.sub(blob, at + ns, at + ns + ng - 1)
  recent = string.sub(blob, at + ns + ng, at + ns + ng + ne - 1)
end

local function store(newVersion, nodes, seq, edges, fingerprints, time)
  local header = newVersion .. ',' .. partition .. ':' .. ARGV[2] .. ',' .. string.format('%d', time) .. ',' .. #seq .. ',' .. #edges .. ',' .. #fingerprints
  redis.call('SET', key, header .. RS .. nodes .. RS .. seq .. edges .. fingerprints, 'PX', ARGV[7])
end

-- 1. The same message again (re-delivery after a crash before the offset commit).
if lastPartition == partition and lastOffset >= offset then
  return {0, version, #seqBytes, 1}
end

-- 2. The same event under a new offset (a producer's duplicate): remember the offset, change nothing else.
if fingerprint ~= '' then
  for i = 1, #recent, 8 do
    if string.sub(recent, i, i + 7) == fingerprint then
      store(version, nodesText, seqBytes, edgeBytes, recent, lastTime)
      return {0, version, #seqBytes, 2}
    end
  end
end

-- 3. Append to the window: nodes in first-seen order, the window as node indices.
local nodes = {}
if nodesText ~= '' then
  for id in string.gmatch(nodesText, '[^' .. US .. ']+') do nodes[#nodes + 1] = id end
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

-- 6. Recent event fingerprints, newest last, at most ARGV[8].
if fingerprint ~= '' then
  recent = recent .. fingerprint
  local keep = tonumber(ARGV[8]) * 8
  if #recent > keep then recent = string.sub(recent, #recent - keep + 1) end
end

local newVersion = version + 1
store(newVersion, table.concat(nodes, US), string.char(unpack(seq)), string.char(unpack(edges)), recent, math.max(lastTime, tonumber(ARGV[5])))
return {1, newVersion, #seq, 0}
