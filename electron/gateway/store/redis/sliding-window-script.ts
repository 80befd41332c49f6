// The sliding-window check-and-count as one Lua script, run by Redis atomically: every
// limit of a call is checked and, only if all fit, counted, with Redis's own clock (TIME),
// so replicas whose clocks disagree still share one timeline. Same semantics as
// policy/sliding-log.ts: a call at t fits {window W, max} when the amounts in (t - W, t]
// plus its own are at most max; a clock that steps back is clamped to the key's newest
// entry; an entry at t stops counting at exactly t + W; keys in one batch that repeat are
// counted once; past COARSEN_AFTER entries a new one within retain / COARSEN_AFTER of the
// newest is merged into it (counted a little longer, never shorter).
//
// Per counter: a sorted set (score = time in ms, member = "<seq>:<amount>") and a hash with
// the member sequence and the running total of the set's amounts; both expire after the
// longest window (PEXPIRE), and entries older than it are trimmed on every count, so memory
// per counter is bounded as in memory. Cost per call: the used amount is the running total
// less what lies before the window (nothing, once trimmed, when the window is the longest
// on the counter), so a check does not walk the window's entries; only a refusal walks them,
// oldest first and in pages, until the retry time is found.
//
// KEYS: for each request i, KEYS[2i-1] = its sorted set, KEYS[2i] = its hash (seq, total).
// ARGV: dryRun (0/1), then per request: windowMs, max, amount, retainMs.
// Reply: { admitted (0/1), used (strings), blocked (1-based), retryAfterMs ("" = never), nowMs }.
export const SLIDING_WINDOW_SCRIPT = `
local EPSILON = 1e-9
local COARSEN_AFTER = 4096
local EXACT_BELOW = 64
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local dry = ARGV[1] == '1'
local n = #KEYS / 2

local function amountOf(member)
  return tonumber(string.match(member, ':(.*)$'))
end

local function fmt(x)
  return string.format('%.17g', x)
end

local function newest(key)
  local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  if #last == 0 then return nil, nil end
  return last[1], tonumber(last[2])
end

local function sumOf(entries)
  local sum = 0
  for j = 1, #entries, 2 do sum = sum + amountOf(entries[j]) end
  return sum
end

-- The running total of a key's set; recomputed exactly while the set is small (float drift).
local function totalOf(key, meta)
  local card = redis.call('ZCARD', key)
  if card == 0 then return 0 end
  local stored = redis.call('HGET', meta, 'total')
  if stored and card >= EXACT_BELOW then return tonumber(stored) end
  return sumOf(redis.call('ZRANGE', key, 0, -1, 'WITHSCORES'))
end

-- Per distinct key: its clamped time, longest retention in this batch, and running total.
local times, retainOf, totals = {}, {}, {}
for i = 1, n do
  local key = KEYS[2 * i - 1]
  local keep = math.max(tonumber(ARGV[4 * i + 1]), tonumber(ARGV[4 * i - 2]))
  if retainOf[key] == nil or keep > retainOf[key] then retainOf[key] = keep end
end
for i = 1, n do
  local key = KEYS[2 * i - 1]
  if times[key] == nil then
    local _, lastTime = newest(key)
    local at = now
    if lastTime and lastTime > at then at = lastTime end
    times[key] = at
    local total = totalOf(key, KEYS[2 * i])
    if not dry then
      -- Entries no window on this key can see any more go now (they are outside every window checked below).
      local gone = redis.call('ZRANGEBYSCORE', key, '-inf', fmt(at - retainOf[key]), 'WITHSCORES')
      if #gone > 0 then
        total = total - sumOf(gone)
        redis.call('ZREMRANGEBYSCORE', key, '-inf', fmt(at - retainOf[key]))
        if redis.call('ZCARD', key) == 0 then total = 0 end
      end
    end
    totals[key] = total
  end
end

local used, blocked = {}, {}
for i = 1, n do
  local key = KEYS[2 * i - 1]
  local windowMs = tonumber(ARGV[4 * i - 2])
  local max = tonumber(ARGV[4 * i - 1])
  local amount = tonumber(ARGV[4 * i])
  local before = redis.call('ZRANGEBYSCORE', key, '-inf', fmt(times[key] - windowMs), 'WITHSCORES')
  local sum = totals[key] - sumOf(before)
  if sum < EPSILON then sum = 0 end
  used[i] = sum
  if sum + amount > max + EPSILON then blocked[#blocked + 1] = i end
end

if #blocked > 0 then
  local retry = 0
  for _, i in ipairs(blocked) do
    local key = KEYS[2 * i - 1]
    local windowMs = tonumber(ARGV[4 * i - 2])
    local max = tonumber(ARGV[4 * i - 1])
    local amount = tonumber(ARGV[4 * i])
    if amount > max + EPSILON then
      retry = nil
    elseif retry ~= nil then
      -- The oldest entries in the window must expire until what is left plus amount fits.
      local left, wait, offset, found = used[i], 0, 0, false
      while not found do
        local page = redis.call('ZRANGEBYSCORE', key, '(' .. fmt(times[key] - windowMs), '+inf', 'WITHSCORES', 'LIMIT', offset, 128)
        if #page == 0 then break end
        for j = 1, #page, 2 do
          left = left - amountOf(page[j])
          if left + amount <= max + EPSILON then
            wait = tonumber(page[j + 1]) + windowMs - times[key]
            found = true
            break
          end
        end
        offset = offset + #page / 2
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

local counted = {}
for i = 1, n do
  local key = KEYS[2 * i - 1]
  local meta = KEYS[2 * i]
  local amount = tonumber(ARGV[4 * i])
  if not counted[key] and amount > 0 then
    counted[key] = true
    local retain = retainOf[key]
    local at = times[key]
    local total = totals[key] + amount
    local lastMember, lastTime = newest(key)
    local mergeWithin = 0
    if redis.call('ZCARD', key) >= COARSEN_AFTER then mergeWithin = retain / COARSEN_AFTER end
    if lastMember and at - lastTime <= mergeWithin then
      amount = amount + amountOf(lastMember)
      redis.call('ZREM', key, lastMember)
    end
    local seq = redis.call('HINCRBY', meta, 'seq', 1)
    redis.call('ZADD', key, fmt(at), seq .. ':' .. fmt(amount))
    redis.call('HSET', meta, 'total', fmt(total))
    redis.call('PEXPIRE', key, fmt(math.ceil(retain)))
    redis.call('PEXPIRE', meta, fmt(math.ceil(retain)))
  end
end
return { 1, out, {}, '0', now }
`;
