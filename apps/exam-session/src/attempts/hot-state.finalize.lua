-- Marks an attempt submitted with its result and frees the contestant's active slot (HotStateRepository.finalize).
-- KEYS: attempt, contestant
-- ARGV: attemptId, result
--   result  the attempt's result JSON, answered byte for byte to a repeated submit
-- Returns 1.
local attempt, contestant = KEYS[1], KEYS[2]
local attemptId, result = ARGV[1], ARGV[2]
if redis.call('EXISTS', attempt) == 1 then redis.call('HSET', attempt, 's', 'submitted', 'res', result) end
if redis.call('HGET', contestant, 'active') == attemptId then redis.call('HDEL', contestant, 'active') end
return 1
