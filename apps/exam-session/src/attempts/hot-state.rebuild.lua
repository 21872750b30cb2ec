-- Puts back an attempt's hot state rebuilt from PostgreSQL, unless it is there (HotStateRepository.rebuild).
-- KEYS: attempt
-- ARGV: expiresAt, ...pairs
--   expiresAt  the key's expiry (ms epoch); pairs: the hash's field/value pairs
-- Returns 1 when written, 0 when the hash was already there.
local attempt = KEYS[1]
local expiresAt = ARGV[1]
local PAIRS = 2
if redis.call('EXISTS', attempt) == 1 then return 0 end
redis.call('HSET', attempt, unpack(ARGV, PAIRS))
redis.call('PEXPIREAT', attempt, expiresAt)
return 1
