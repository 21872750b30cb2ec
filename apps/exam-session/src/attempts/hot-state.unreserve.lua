-- Undoes a reservation whose PostgreSQL insert failed (HotStateRepository.unreserve).
-- KEYS: contestant, attempt
-- ARGV: attemptId
-- Returns 1.
local contestant, attempt = KEYS[1], KEYS[2]
local attemptId = ARGV[1]
if redis.call('HGET', contestant, 'active') == attemptId then
  redis.call('HDEL', contestant, 'active')
  redis.call('HINCRBY', contestant, 'used', -1)
end
redis.call('DEL', attempt)
return 1
