-- The stored live session, the Lua half of LiveSessionCodec (which documents the format and reads it in C#).
-- Prepended to every script that touches a session, so the format is written in one place per language.
--   format 2  "F2,<version>,<partition>:<offset>,<last event time ms>,<answered version>,<#window>,<#edge bytes>,<#event id bytes>"
--   format 1  "<version>,<partition>:<offset>,<last event time ms>,<#window>,<#edge bytes>,<#event id bytes>" (read; rewritten as 2)
--   then      \30 <node ids joined by \31> \30 <window: node index + 1 per byte> <edges: (from, to, weight) bytes> <event ids: 8 bytes each>
local RS, US = '\30', '\31'

local function emptySession()
  return { version = 0, partition = '', offset = -1, lastTime = 0, answered = 0, nodes = '', window = '', edges = '', eventIds = '' }
end

local function readSession(blob)
  local headerEnd = string.find(blob, RS, 1, true)
  if not headerEnd then error('live session: no header separator') end
  local header = string.sub(blob, 1, headerEnd - 1)
  local f = {}
  local format = string.match(header, '^F(%d+),')
  if format == nil then
    f = { string.match(header, '^(%d+),([^:]*):(%d+),(%d+),(%d+),(%d+),(%d+)$') }
    if #f == 7 then table.insert(f, 5, '0') end -- no answered version yet
  elseif format == '2' then
    f = { string.match(header, '^F2,(%d+),([^:]*):(%d+),(%d+),(%d+),(%d+),(%d+),(%d+)$') }
  else
    error('live session: unknown format ' .. format .. ' (this script knows 1 and 2)')
  end
  if #f ~= 8 then error('live session: malformed header') end

  local s = { version = tonumber(f[1]), partition = f[2], offset = tonumber(f[3]), lastTime = tonumber(f[4]), answered = tonumber(f[5]) }
  local ns, ng, ne = tonumber(f[6]), tonumber(f[7]), tonumber(f[8])
  local nodesEnd = string.find(blob, RS, headerEnd + 1, true)
  if not nodesEnd then error('live session: no node separator') end
  s.nodes = string.sub(blob, headerEnd + 1, nodesEnd - 1)
  local at = nodesEnd + 1
  s.window = string.sub(blob, at, at + ns - 1)
  s.edges = string.sub(blob, at + ns, at + ns + ng - 1)
  s.eventIds = string.sub(blob, at + ns + ng, at + ns + ng + ne - 1)
  return s
end

local function writeSession(s)
  return 'F2,' .. string.format('%d', s.version) .. ',' .. s.partition .. ':' .. string.format('%d', s.offset)
    .. ',' .. string.format('%d', s.lastTime) .. ',' .. string.format('%d', s.answered)
    .. ',' .. #s.window .. ',' .. #s.edges .. ',' .. #s.eventIds
    .. RS .. s.nodes .. RS .. s.window .. s.edges .. s.eventIds
end

-- Stores the session, keeping the key's remaining time to live when ttl is nil.
local function storeSession(key, s, ttl)
  if ttl == nil then
    ttl = redis.call('PTTL', key)
  end
  if ttl > 0 then
    redis.call('SET', key, writeSession(s), 'PX', ttl)
  else
    redis.call('SET', key, writeSession(s))
  end
end
