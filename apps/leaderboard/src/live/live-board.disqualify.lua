-- Removes a disqualified contestant from the live board and keeps them out (LiveBoardRepository.disqualify).
-- KEYS: global, unit, province, best, counters, histogram, units, provinces, disqualified
-- ARGV: contestantId, unitId, province, points
--   unit, province  the contestant's unit and province zsets (the global zset's name when none)
--   unitId, province, points  of the contestant's entry ('' when none)
-- Returns 1 when an entry was removed, 0 when there was none (the contestant is kept out all the same).
local G, UNIT, PROV, BEST, CNT, HIST, UNITS, PROVS, DQ = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9]
local cid, unitId, province, points = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
redis.call('SADD', DQ, cid)
if redis.call('HDEL', BEST, cid) == 0 then return 0 end
redis.call('ZREM', G, cid)
if unitId ~= '' then
  redis.call('ZREM', UNIT, cid)
  if tonumber(redis.call('ZINCRBY', UNITS, -1, unitId)) <= 0 then redis.call('ZREM', UNITS, unitId) end
end
if province ~= '' then
  redis.call('ZREM', PROV, cid)
  if tonumber(redis.call('ZINCRBY', PROVS, -1, province)) <= 0 then redis.call('ZREM', PROVS, province) end
end
redis.call('HINCRBY', CNT, 'entries', -1)
redis.call('HINCRBY', CNT, 'ver', 1)
if points ~= '' and redis.call('HINCRBY', HIST, points, -1) <= 0 then redis.call('HDEL', HIST, points) end
return 1
