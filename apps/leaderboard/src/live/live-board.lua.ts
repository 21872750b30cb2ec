/**
 * Applies one submitted attempt to its round's live board, atomically (one cluster slot: every key shares
 * the round's hash tag). Idempotent by attempt (the `seen` set) and independent of arrival order: the
 * contestant's entry is the attempt with the highest live score, a tie going to the smaller attemptId
 * (byte order), so any order of the same events leaves the same board.
 *
 * KEYS: 1 global zset, 2 unit zset, 3 province zset, 4 best hash, 5 seen set, 6 counters hash,
 *       7 histogram hash, 8 per-minute hash, 9 units zset, 10 provinces zset, 11 disqualified set, 12 built flag
 * ARGV: 1 seen token, 2 contestantId, 3 live score, 4 attemptId, 5 details JSON, 6 points, 7 epoch minute,
 *       8 unitId ('' = none), 9 province ('' = none), 10 '1' when rebuilding (the built flag is not there yet)
 * Returns: -2 board missing (rebuild first; nothing written), -1 disqualified (ignored), 0 duplicate,
 *          1 improved an entry, 2 new entry, 3 counted, not better.
 */
export const APPLY_SUBMISSION_LUA = `
local function lessBytes(a, b)
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return #a < #b
end
if ARGV[10] ~= '1' and redis.call('EXISTS', KEYS[12]) == 0 then return -2 end
if redis.call('SISMEMBER', KEYS[11], ARGV[2]) == 1 then return -1 end
if redis.call('SADD', KEYS[5], ARGV[1]) == 0 then return 0 end
redis.call('HINCRBY', KEYS[6], 'attempts', 1)
redis.call('HINCRBY', KEYS[6], 'ver', 1)
redis.call('HINCRBY', KEYS[8], ARGV[7], 1)
local score = tonumber(ARGV[3])
local current = redis.call('HGET', KEYS[4], ARGV[2])
if not current then
  redis.call('ZADD', KEYS[1], 'GT', ARGV[3], ARGV[2])
  if ARGV[8] ~= '' then
    redis.call('ZADD', KEYS[2], 'GT', ARGV[3], ARGV[2])
    redis.call('ZINCRBY', KEYS[9], 1, ARGV[8])
  end
  if ARGV[9] ~= '' then
    redis.call('ZADD', KEYS[3], 'GT', ARGV[3], ARGV[2])
    redis.call('ZINCRBY', KEYS[10], 1, ARGV[9])
  end
  redis.call('HSET', KEYS[4], ARGV[2], ARGV[5])
  redis.call('HINCRBY', KEYS[6], 'entries', 1)
  redis.call('HINCRBY', KEYS[7], ARGV[6], 1)
  return 2
end
local old = cjson.decode(current)
local oldScore = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[2]) or '-1')
if score > oldScore or (score == oldScore and lessBytes(ARGV[4], old.a)) then
  redis.call('ZADD', KEYS[1], 'GT', ARGV[3], ARGV[2])
  -- a contestant stays in the unit/province sets of their first entry (a move mid-round is not followed)
  if old.u ~= cjson.null and old.u ~= nil then redis.call('ZADD', KEYS[2], 'GT', ARGV[3], ARGV[2]) end
  if old.v ~= cjson.null and old.v ~= nil then redis.call('ZADD', KEYS[3], 'GT', ARGV[3], ARGV[2]) end
  redis.call('HSET', KEYS[4], ARGV[2], ARGV[5])
  if tostring(old.p) ~= ARGV[6] then
    if redis.call('HINCRBY', KEYS[7], tostring(old.p), -1) <= 0 then redis.call('HDEL', KEYS[7], tostring(old.p)) end
    redis.call('HINCRBY', KEYS[7], ARGV[6], 1)
  end
  return 1
end
return 3
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
