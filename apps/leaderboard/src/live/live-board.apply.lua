-- Applies submitted attempts of one round to its live board, atomically (one cluster slot: every key shares the
-- round's hash tag), many per call (a rebuild sends thousands: one script call per batch, not per attempt).
-- Idempotent by attempt (the `seen` set) and independent of arrival order: the contestant's entry is the attempt
-- with the highest live score, a tie going to the smaller attemptId (byte order), so any order of the same events
-- leaves the same board. Items are applied in the order given, exactly as one call per item would.
--
-- KEYS: global, best, seen, counters, histogram, perMinute, units, provinces, disqualified, built, ...itemKeys
-- ARGV: rebuilding, ...items
--   global zset, best hash, seen set, counters hash, histogram hash, per-minute hash, units zset, provinces zset,
--   disqualified set, built flag: the round's board (live-keys.ts)
--   itemKeys    2 per item: its unit zset, its province zset (the global zset's name when the attempt has none)
--   rebuilding  '1' when rebuilding (the built flag is not there yet)
--   items       9 per item: seen token, contestantId, live score, attemptId, details JSON, points, epoch minute,
--               unitId ('' = none), province ('' = none)
-- Returns one result per item: -2 board missing (rebuild first; nothing written), -1 disqualified (ignored),
--   0 duplicate, 1 improved an entry, 2 new entry, 3 counted, not better.
local G, BEST, SEEN, CNT, HIST, MIN, UNITS, PROVS, DQ, BUILT = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10]
local ITEM_KEYS = 10
local rebuilding = ARGV[1]
local ITEM_ARGS = 1
local function lessBytes(a, b)
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return #a < #b
end
-- The board's key prefix ('…{r:<id>}:lb:'): the sets of the unit or province a contestant leaves are named from
-- it, under the round's hash tag (the same cluster slot as the declared keys).
local BASE = string.sub(G, 1, #G - 3)
local function member(x)
  if x == nil or x == cjson.null then return '' end
  return tostring(x)
end
local function follow(COUNTS, kind, from, to, TO, scoreText, cid)
  if from ~= to then
    if from ~= '' then
      redis.call('ZREM', BASE .. kind .. from, cid)
      if tonumber(redis.call('ZINCRBY', COUNTS, -1, from)) <= 0 then redis.call('ZREM', COUNTS, from) end
    end
    if to ~= '' then redis.call('ZINCRBY', COUNTS, 1, to) end
  end
  if to ~= '' then redis.call('ZADD', TO, 'GT', scoreText, cid) end
end
local function apply(U, P, seen, cid, scoreText, aid, details, points, minute, unit, prov)
  if redis.call('SISMEMBER', DQ, cid) == 1 then return -1 end
  if redis.call('SADD', SEEN, seen) == 0 then return 0 end
  redis.call('HINCRBY', CNT, 'attempts', 1)
  redis.call('HINCRBY', CNT, 'ver', 1)
  redis.call('HINCRBY', MIN, minute, 1)
  local score = tonumber(scoreText)
  local current = redis.call('HGET', BEST, cid)
  if not current then
    redis.call('ZADD', G, 'GT', scoreText, cid)
    if unit ~= '' then
      redis.call('ZADD', U, 'GT', scoreText, cid)
      redis.call('ZINCRBY', UNITS, 1, unit)
    end
    if prov ~= '' then
      redis.call('ZADD', P, 'GT', scoreText, cid)
      redis.call('ZINCRBY', PROVS, 1, prov)
    end
    redis.call('HSET', BEST, cid, details)
    redis.call('HINCRBY', CNT, 'entries', 1)
    redis.call('HINCRBY', HIST, points, 1)
    return 2
  end
  local old = cjson.decode(current)
  local oldScore = tonumber(redis.call('ZSCORE', G, cid) or '-1')
  if score > oldScore or (score == oldScore and lessBytes(aid, old.a)) then
    redis.call('ZADD', G, 'GT', scoreText, cid)
    -- The entry is the best attempt, with its unit and province: a contestant who moved between attempts moves
    -- with their better one (as the official ranking and a rebuild from PostgreSQL, whatever the order, have it).
    follow(UNITS, 'u:', member(old.u), unit, U, scoreText, cid)
    follow(PROVS, 'p:', member(old.v), prov, P, scoreText, cid)
    redis.call('HSET', BEST, cid, details)
    if tostring(old.p) ~= points then
      if redis.call('HINCRBY', HIST, tostring(old.p), -1) <= 0 then redis.call('HDEL', HIST, tostring(old.p)) end
      redis.call('HINCRBY', HIST, points, 1)
    end
    return 1
  end
  return 3
end
local out = {}
local missing = rebuilding ~= '1' and redis.call('EXISTS', BUILT) == 0
local n = (#ARGV - ITEM_ARGS) / 9
for i = 1, n do
  if missing then
    out[i] = -2
  else
    local k = ITEM_KEYS + 2 * (i - 1)
    local a = ITEM_ARGS + 9 * (i - 1)
    out[i] = apply(KEYS[k + 1], KEYS[k + 2], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5], ARGV[a + 6], ARGV[a + 7], ARGV[a + 8], ARGV[a + 9])
  end
end
return out
