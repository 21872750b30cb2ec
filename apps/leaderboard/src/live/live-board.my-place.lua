-- A contestant's place on the live board in one round trip (read-only, LiveBoardRepository.myPlace): their exact
-- position and competition rank in the round, in the unit and in the province of their best attempt, and the
-- entries around them with their details. One script, so every figure is of the same moment.
--
-- KEYS: global, best
-- ARGV: contestantId, around
--   global  `{r:<id>}:lb:all`; best: the details hash. The unit and province sets are named from the round's prefix
--           (global without its `all`) and the unit/province in the contestant's best attempt, which the caller
--           cannot know before this call: they carry the same hash tag `{r:<round>}`, so they are in global's cluster
--           slot (a Redis Cluster refuses a script only keys of another slot; see live-keys.ts).
--   around  entries each side
-- Returns `{total}` when the contestant has no entry, else
--   {total, position (0-based), mine (details JSON), around (flat member, score, ...), details (JSON or nil per
--    member of around), above (entries strictly above the first of around), unit, province}
-- with unit/province `{above, position (0-based), total}`, or nil when the best attempt has none / no entry there.
-- Scores are compared as Redis formats them (exact: `%.17g`), never through a Lua number's `tostring` (14 digits).
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
