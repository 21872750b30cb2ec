-- Releases a lock only for its owner (LiveBoardRepository.unlock): a lock that expired and was taken by another
-- stays theirs.
-- KEYS: lock
-- ARGV: owner
-- Returns 1 when released, 0 otherwise.
local lock = KEYS[1]
local owner = ARGV[1]
if redis.call('GET', lock) == owner then return redis.call('DEL', lock) end
return 0
