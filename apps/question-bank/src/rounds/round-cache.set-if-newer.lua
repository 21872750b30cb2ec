-- Writes a round's cached meta and key only when the given key version is not older than the one already cached
-- (RoundCache.load): a slow publisher never puts back a key an erratum replaced.
-- KEYS: meta, key
-- ARGV: keyVersion, metaJson, keyJson
--   meta, key  `{r:<id>}:meta` (the snapshot JSON, with its keyVersion) and `{r:<id>}:key` (the answer key JSON)
-- Returns 1 when written, 0 when the cached copy is newer.
local meta, key = KEYS[1], KEYS[2]
local keyVersion, metaJson, keyJson = ARGV[1], ARGV[2], ARGV[3]
local cur = redis.call('GET', meta)
if cur then
  local ok, cached = pcall(cjson.decode, cur)
  if ok and type(cached) == 'table' and tonumber(cached.keyVersion) and tonumber(cached.keyVersion) > tonumber(keyVersion) then return 0 end
end
redis.call('SET', meta, metaJson)
redis.call('SET', key, keyJson)
return 1
