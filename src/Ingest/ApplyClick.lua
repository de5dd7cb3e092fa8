-- Applies the clicks of ONE session from a poll batch, in order, atomically and idempotently. The session is one
-- string value (see LiveSessionCodec): a small header, the node ids, then the window, edges and recent event
-- fingerprints as bytes.
--   header  "<version>,<partition>:<offset>,<last event time ms>,<#window bytes>,<#edge bytes>,<#fingerprint bytes>"
--   then    \30 <node ids joined by \31> \30 <window: node index per byte> <edges: (from, to, weight) bytes> <fingerprints: 8 bytes each>
-- KEYS[1] session key
-- ARGV[1] window length  ARGV[2] TTL (ms)  ARGV[3] recent fingerprints kept
-- then per click, 5 values: partition, offset, event-id fingerprint (8 bytes, '' = none), item id, event time (ms)
-- Returns per click: status (0 applied, 1 offset seen, 2 event id seen), version after it, window length after it.
local RS, US = '\30', '\31'
local unpack = table.unpack or unpack
local key = KEYS[1]
local maxLength, keepBytes = tonumber(ARGV[1]), tonumber(ARGV[3]) * 8

local version, partition, offset, lastTime = 0, nil, -1, 0
local nodesText, seqBytes, edgeBytes, recent = '', '', '', ''
local blob = redis.call('GET', key)
if blob then
  local headerEnd = string.find(blob, RS, 1, true)
  local v, p, o, t, ns, ng, ne = string.match(string.sub(blob, 1, headerEnd - 1), '^(%d+),([^:]*):(%d+),(%d+),(%d+),(%d+),(%d+)$')
  version, partition, offset, lastTime = tonumber(v), p, tonumber(o), tonumber(t)
  local nodesEnd = string.find(blob, RS, headerEnd + 1, true)
  nodesText = string.sub(blob, headerEnd + 1, nodesEnd - 1)
  local at = nodesEnd + 1
  ns, ng, ne = tonumber(ns), tonumber(ng), tonumber(ne)
  seqBytes = string.sub(blob, at, at + ns - 1)
  edgeBytes = string.sub(blob, at + ns, at + ns + ng - 1)
  recent = string.sub(blob, at + ns + ng, at + ns + ng + ne - 1)
end

local nodes, seq, indexOf
local appended, changed = false, false
local results = {}
for c = 4, #ARGV, 5 do
  local clickPartition, clickOffset, fingerprint, item = ARGV[c], tonumber(ARGV[c + 1]), ARGV[c + 2], ARGV[c + 3]
  local status = 0
  if partition == clickPartition and offset >= clickOffset then
    -- 1. The same message again (re-delivery after a crash before the offset commit).
    status = 1
  else
    if fingerprint ~= '' then
      for i = 1, #recent, 8 do
        if string.sub(recent, i, i + 7) == fingerprint then status = 2 break end
      end
    end
    -- 2. A producer's duplicate (same event under a new offset) only moves the applied position.
    partition, offset, changed = clickPartition, clickOffset, true
  end

  if status == 0 then
    -- 3. Append to the window: nodes in first-seen order, the window as node indices.
    if not nodes then
      nodes, indexOf = {}, {}
      if nodesText ~= '' then
        for id in string.gmatch(nodesText, '[^' .. US .. ']+') do
          nodes[#nodes + 1] = id
          indexOf[id] = #nodes
        end
      end
      seq = {string.byte(seqBytes, 1, -1)}
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

    -- Recent event fingerprints, newest last.
    if fingerprint ~= '' and keepBytes > 0 then
      recent = recent .. fingerprint
      if #recent > keepBytes then recent = string.sub(recent, #recent - keepBytes + 1) end
    end

    version = version + 1
    lastTime = math.max(lastTime, tonumber(ARGV[c + 4]))
    appended = true
  end

  results[#results + 1] = status
  results[#results + 1] = version
  results[#results + 1] = seq and #seq or #seqBytes
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
  nodesText, seqBytes, edgeBytes = table.concat(nodes, US), string.char(unpack(seq)), string.char(unpack(edges))
end

if changed then
  local header = version .. ',' .. partition .. ':' .. string.format('%d', offset) .. ',' .. string.format('%d', lastTime)
    .. ',' .. #seqBytes .. ',' .. #edgeBytes .. ',' .. #recent
  redis.call('SET', key, header .. RS .. nodesText .. RS .. seqBytes .. edgeBytes .. recent, 'PX', ARGV[2])
end
return results
