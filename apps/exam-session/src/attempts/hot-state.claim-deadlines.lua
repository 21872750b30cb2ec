-- Claims the deadlines due (HotStateRepository.claimDue): each member goes to exactly one caller.
-- KEYS: deadlines
-- ARGV: nowMs, limit
--   deadlines  `exam:deadlines`, score = deadline + grace (ms), member `<roundId>:<attemptId>`
-- Returns the claimed members (at most limit), removed from the set.
local deadlines = KEYS[1]
local nowMs, limit = ARGV[1], tonumber(ARGV[2])
local due = redis.call('ZRANGEBYSCORE', deadlines, '-inf', nowMs, 'LIMIT', 0, limit)
if #due > 0 then redis.call('ZREM', deadlines, unpack(due)) end
return due
