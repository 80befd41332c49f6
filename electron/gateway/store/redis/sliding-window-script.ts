// The sliding-window check-and-count as one Lua script, run by Redis atomically: every
// limit of a call is checked and, only if all fit, counted, with Redis's own clock (TIME),
// so replicas whose clocks disagree still share one timeline. Same semantics as
// policy/sliding-log.ts: a call at t fits {window W, max} when the amounts in (t - W, t]
// plus its own are at most max; a clock that steps back is clamped to the key's newest
// entry; an entry at t stops counting at exactly t + W; keys in one batch that repeat are
// counted once; past COARSEN_AFTER entries a new one within retain / COARSEN_AFTER of the
// newest is merged into it (counted a little longer, never shorter).
//
// Per counter: a sorted set (score = time in ms, member = "<seq>:<amount>") and a sequence
// key for unique members; both expire after the longest window (PEXPIRE), and entries older
// than it are trimmed on every count, so memory per counter is bounded as in memory.
//
// KEYS: for each request i, KEYS[2i-1] = its sorted set, KEYS[2i] = its sequence.
// ARGV: dryRun (0/1), then per request: windowMs, max, amount, retainMs.
// Reply: { admitted (0/1), used (strings), blocked (1-based), retryAfterMs ("" = never), nowMs }.
export const SLIDING_WINDOW_SCRIPT = `
local EPSILON = 1e-9
local COARSEN_AFTER = 4096
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local dry = ARGV[1] == '1'
local n = #KEYS / 2

local function amountOf(member)
  return tonumber(string.match(member, ':(.*)$'))
end

local function newest(key)
  local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  if #last == 0 then return nil, nil end
  return last[1], tonumber(last[2])
end

local function fmt(x)
  return string.format('%.17g', x)
end

local used, times, blocked, entriesOf = {}, {}, {}, {}
for i = 1, n do
  local key = KEYS[2 * i - 1]
  local windowMs = tonumber(ARGV[4 * i - 2])
  local max = tonumber(ARGV[4 * i - 1])
  local amount = tonumber(ARGV[4 * i])
  local _, lastTime = newest(key)
  local at = now
  if lastTime and lastTime > at then at = lastTime end
  times[i] = at
  local inWindow = redis.call('ZRANGEBYSCORE', key, '(' .. fmt(at - windowMs), fmt(at), 'WITHSCORES')
  entriesOf[i] = inWindow
  local sum = 0
  for j = 1, #inWindow, 2 do sum = sum + amountOf(inWindow[j]) end
  used[i] = sum
  if sum + amount > max + EPSILON then blocked[#blocked + 1] = i end
end

if #blocked > 0 then
  local retry = 0
  for _, i in ipairs(blocked) do
    local windowMs = tonumber(ARGV[4 * i - 2])
    local max = tonumber(ARGV[4 * i - 1])
    local amount = tonumber(ARGV[4 * i])
    if amount > max + EPSILON then
      retry = nil
    elseif retry ~= nil then
      -- The oldest entries must expire until what is left plus amount fits.
      local left = used[i]
      local entries = entriesOf[i]
      local wait = 0
      for j = 1, #entries, 2 do
        left = left - amountOf(entries[j])
        if left + amount <= max + EPSILON then
          wait = tonumber(entries[j + 1]) + windowMs - times[i]
          break
        end
      end
      if wait > retry then retry = wait end
    end
  end
  local out = {}
  for i = 1, n do out[i] = fmt(used[i]) end
  return { 0, out, blocked, retry == nil and '' or fmt(retry), now }
end

local out = {}
for i = 1, n do out[i] = fmt(used[i] + tonumber(ARGV[4 * i])) end
if dry then return { 1, out, {}, '0', now } end

local retainOf = {}
for i = 1, n do
  local key = KEYS[2 * i - 1]
  local keep = math.max(tonumber(ARGV[4 * i + 1]), tonumber(ARGV[4 * i - 2]))
  if retainOf[key] == nil or keep > retainOf[key] then retainOf[key] = keep end
end
local counted = {}
for i = 1, n do
  local key = KEYS[2 * i - 1]
  local amount = tonumber(ARGV[4 * i])
  if not counted[key] and amount > 0 then
    counted[key] = true
    local retain = retainOf[key]
    local at = times[i]
    local lastMember, lastTime = newest(key)
    local size = redis.call('ZCARD', key)
    local mergeWithin = 0
    if size >= COARSEN_AFTER then mergeWithin = retain / COARSEN_AFTER end
    if lastMember and at - lastTime <= mergeWithin then
      amount = amount + amountOf(lastMember)
      redis.call('ZREM', key, lastMember)
    end
    local seq = redis.call('INCR', KEYS[2 * i])
    redis.call('ZADD', key, fmt(at), seq .. ':' .. fmt(amount))
    redis.call('ZREMRANGEBYSCORE', key, '-inf', fmt(at - retain))
    redis.call('PEXPIRE', key, fmt(math.ceil(retain)))
    redis.call('PEXPIRE', KEYS[2 * i], fmt(math.ceil(retain)))
  end
end
return { 1, out, {}, '0', now }
`;
