-- Applies the clicks of ONE session from a poll batch, in order, atomically and idempotently: one call per session
-- per batch, however many of its clicks the batch holds (runs after LiveSessionFormat.lua).
-- KEYS[1] session key
-- ARGV[1] window length  ARGV[2] TTL (ms)  ARGV[3] event ids remembered
-- then per click, 5 values: partition, offset, event-id fingerprint (8 bytes, '' = none), item id, event time (ms)
-- Returns per click: status (0 applied, 1 offset seen, 2 event id seen), version after it, window length after it.
local unpack = table.unpack or unpack
local key = KEYS[1]
local maxLength, keepBytes = tonumber(ARGV[1]), tonumber(ARGV[3]) * 8

local blob = redis.call('GET', key)
local s = blob and readSession(blob) or emptySession()

-- An event id is remembered when its fingerprint sits at an 8-byte boundary of the remembered ids (a plain search,
-- done in C, then the alignment check: a match straddling two fingerprints is not one).
local function remembered(fingerprint)
  local from = 1
  while true do
    local at = string.find(s.eventIds, fingerprint, from, true)
    if not at then return false end
    if (at - 1) % 8 == 0 then return true end
    from = at + 1
  end
end

local nodes, seq, indexOf
local appended, changed = false, false
local results = {}
for c = 4, #ARGV, 5 do
  local clickPartition, clickOffset, fingerprint, item = ARGV[c], tonumber(ARGV[c + 1]), ARGV[c + 2], ARGV[c + 3]
  local status = 0
  if s.partition == clickPartition and s.offset >= clickOffset then
    -- 1. The same message again (re-delivery after a crash before the offset commit).
    status = 1
  else
    -- 2. The same event under a new offset (a producer retry, a repeated replay) only moves the applied position.
    if fingerprint ~= '' and remembered(fingerprint) then status = 2 end
    s.partition, s.offset, changed = clickPartition, clickOffset, true
  end

  if status == 0 then
    -- 3. Append to the window: nodes in first-seen order, the window as node indices.
    if not nodes then
      nodes, indexOf = {}, {}
      if s.nodes ~= '' then
        for id in string.gmatch(s.nodes, '[^' .. US .. ']+') do
          nodes[#nodes + 1] = id
          indexOf[id] = #nodes
        end
      end
      seq = {string.byte(s.window, 1, -1)}
    end
    local index = indexOf[item]
    if not index then
      nodes[#nodes + 1] = item
      index = #nodes
      indexOf[item] = index
    end
    seq[#seq + 1] = index

    -- 4. Cap the window; nodes that left it go, and the rest are renumbered in first-seen order.
    if #seq > maxLength then
      local window, renumber, kept = {}, {}, {}
      indexOf = {}
      for i = #seq - maxLength + 1, #seq do
        local old = seq[i]
        if not renumber[old] then
          kept[#kept + 1] = nodes[old]
          renumber[old] = #kept
          indexOf[nodes[old]] = #kept
        end
        window[#window + 1] = renumber[old]
      end
      nodes, seq = kept, window
    end

    -- Remembered event ids, newest last; the oldest are forgotten beyond the limit.
    if fingerprint ~= '' and keepBytes > 0 then
      s.eventIds = s.eventIds .. fingerprint
      if #s.eventIds > keepBytes then s.eventIds = string.sub(s.eventIds, #s.eventIds - keepBytes + 1) end
    end

    s.version = s.version + 1
    s.lastTime = math.max(s.lastTime, tonumber(ARGV[c + 4]))
    appended = true
  end

  results[#results + 1] = status
  results[#results + 1] = s.version
  results[#results + 1] = seq and #seq or #s.window
end

if appended then
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
  s.nodes, s.window, s.edges = table.concat(nodes, US), string.char(unpack(seq)), string.char(unpack(edges))
end

if changed then
  storeSession(key, s, tonumber(ARGV[2]))
end
return results
