/**
 * Applies submitted attempts of one round to its live board, atomically (one cluster slot: every key shares the
 * round's hash tag), many per call (a rebuild sends thousands: one script call per batch, not per attempt).
 * Idempotent by attempt (the `seen` set) and independent of arrival order: the contestant's entry is the attempt
 * with the highest live score, a tie going to the smaller attemptId (byte order), so any order of the same events
 * leaves the same board. Items are applied in the order given, exactly as one call per item would.
 *
 * KEYS: 1 global zset, 2 best hash, 3 seen set, 4 counters hash, 5 histogram hash, 6 per-minute hash, 7 units zset,
 *       8 provinces zset, 9 disqualified set, 10 built flag; then per item i (1-based): 10+2i-1 its unit zset,
 *       10+2i its province zset (the global zset's name when the attempt has none).
 * ARGV: 1 '1' when rebuilding (the built flag is not there yet); then 9 per item: seen token, contestantId, live
 *       score, attemptId, details JSON, points, epoch minute, unitId ('' = none), province ('' = none).
 * Returns one result per item: -2 board missing (rebuild first; nothing written), -1 disqualified (ignored),
 *          0 duplicate, 1 improved an entry, 2 new entry, 3 counted, not better.
 */
export const APPLY_SUBMISSIONS_LUA = `
local function lessBytes(a, b)
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return #a < #b
end
local G, BEST, SEEN, CNT, HIST, MIN, UNITS, PROVS, DQ, BUILT = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10]
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
local missing = ARGV[1] ~= '1' and redis.call('EXISTS', BUILT) == 0
local n = (#ARGV - 1) / 9
for i = 1, n do
  if missing then
    out[i] = -2
  else
    local a = 1 + (i - 1) * 9
    out[i] = apply(KEYS[9 + 2 * i], KEYS[10 + 2 * i], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5], ARGV[a + 6], ARGV[a + 7], ARGV[a + 8], ARGV[a + 9])
  end
end
return out
`;

/**
 * Removes a disqualified contestant from the live board and keeps them out.
 * KEYS: 1 global, 2 unit zset, 3 province zset, 4 best, 5 counters, 6 histogram, 7 units, 8 provinces, 9 disqualified
 * ARGV: 1 contestantId, 2 unitId ('' none), 3 province ('' none), 4 points ('' none)
 */
export const DISQUALIFY_LUA = `
redis.call('SADD', KEYS[9], ARGV[1])
if redis.call('HDEL', KEYS[4], ARGV[1]) == 0 then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
if ARGV[2] ~= '' then
  redis.call('ZREM', KEYS[2], ARGV[1])
  if tonumber(redis.call('ZINCRBY', KEYS[7], -1, ARGV[2])) <= 0 then redis.call('ZREM', KEYS[7], ARGV[2]) end
end
if ARGV[3] ~= '' then
  redis.call('ZREM', KEYS[3], ARGV[1])
  if tonumber(redis.call('ZINCRBY', KEYS[8], -1, ARGV[3])) <= 0 then redis.call('ZREM', KEYS[8], ARGV[3]) end
end
redis.call('HINCRBY', KEYS[5], 'entries', -1)
redis.call('HINCRBY', KEYS[5], 'ver', 1)
if ARGV[4] ~= '' and redis.call('HINCRBY', KEYS[6], ARGV[4], -1) <= 0 then redis.call('HDEL', KEYS[6], ARGV[4]) end
return 1
`;

/**
 * A contestant's place on the live board in one round trip (read-only): their exact position and competition rank in
 * the round, in the unit and in the province of their best attempt, and the entries around them with their details.
 * One script, so every figure is of the same moment.
 *
 * KEYS: 1 global zset (`{r}:lb:all`), 2 best hash. The unit and province sets are named from the round's prefix
 *       (KEYS[1] without its `all`) and the unit/province in the contestant's best attempt, which the caller cannot
 *       know before this call: they carry the same hash tag `{r:<round>}`, so they are in KEYS[1]'s cluster slot (a
 *       Redis Cluster refuses a script only keys of another slot; see live-keys.ts).
 * ARGV: 1 contestantId, 2 entries each side (`around`).
 * Returns `{total}` when the contestant has no entry, else
 *   {total, position (0-based), mine (details JSON), around (flat member, score, …), details (JSON or nil per
 *    member of around), above (entries strictly above the first of around), unit, province}
 * with unit/province `{above, position (0-based), total}`, or nil when the best attempt has none / no entry there.
 * Scores are compared as Redis formats them (exact: `%.17g`), never through a Lua number's `tostring` (14 digits).
 */
export const MY_PLACE_LUA = `
local G, BEST = KEYS[1], KEYS[2]
local cid, around = ARGV[1], tonumber(ARGV[2])
local total = redis.call('ZCARD', G)
local pos = redis.call('ZREVRANK', G, cid)
if not pos then return {total} end
local mine = redis.call('HGET', BEST, cid)
if not mine then return {total} end
local start = pos - around
if start < 0 then start = 0 end
local zs = redis.call('ZREVRANGE', G, start, pos + around, 'WITHSCORES')
local ids = {}
for i = 1, #zs, 2 do ids[#ids + 1] = zs[i] end
local details = redis.call('HMGET', BEST, unpack(ids))
local above = redis.call('ZCOUNT', G, '(' .. zs[2], '+inf')
local base = string.sub(G, 1, #G - 3)
local d = cjson.decode(mine)
local function place(kind, id)
  if type(id) ~= 'string' or id == '' then return false end
  local key = base .. kind .. ':' .. id
  local p = redis.call('ZREVRANK', key, cid)
  if not p then return false end
  local s = redis.call('ZSCORE', key, cid)
  return {redis.call('ZCOUNT', key, '(' .. s, '+inf'), p, redis.call('ZCARD', key)}
end
return {total, pos, mine, zs, details, above, place('u', d.u), place('p', d.v)}
`;
