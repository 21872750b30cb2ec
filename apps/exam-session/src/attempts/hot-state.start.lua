-- The start gate, atomically: exclusion, one active attempt, eligibility, attempts left (HotStateRepository.start).
--
-- When the contestant's key is missing (first start, or Redis lost) the caller seeds it from PostgreSQL (seedUsed,
-- seedActive) and supplies the eligibility decision; when only the decision is missing (or a refusal has expired)
-- the gate answers 'undecided' and the caller supplies it. The decision is kept in the contestant's hash (`e`: 'ok',
-- or the refusal's reasons with `eu`, the time it expires), so it is made once per (round, contestant) and never on
-- a save. An active attempt is returned whatever the decision (the contestant was eligible when it started). On
-- success the attempt's whole hot state is written in the same script, so a concurrent start that sees it as active
-- can read it at once.
--
-- KEYS: contestant, attempt, ineligible
-- ARGV: contestantId, attemptId, seedUsed, seedActive, limit, contestantExpiresAt, attemptExpiresAt, decision, nowMs, refusalExpiresAt, ...pairs
--   contestant  `{r:<round>}:c:<id>` hash: used, active, e, eu
--   attempt     `{r:<round>}:a:<id>` the new attempt's hot hash
--   ineligible  set of contestants excluded from the round (e.g. by the organizers)
--   seedUsed, seedActive   from PostgreSQL when the contestant's key may be missing, else '' ('' active: none)
--   limit       attempts allowed, -1 for no limit
--   contestantExpiresAt, attemptExpiresAt   key expiries (ms epoch)
--   decision    '' (not decided by the caller), 'ok', or the encoded refusal
--   nowMs, refusalExpiresAt   a kept refusal counts until refusalExpiresAt passes nowMs
--   pairs       the attempt hash's field/value pairs; none for a light first call (the caller draws the attempt only
--               once it is needed): the gate then answers 'ready' where it would create the attempt, and changes
--               nothing but the eligibility decision
-- Returns {kind, value}: {'ineligible', decision|''}, {'missing', ''}, {'active', attemptId}, {'undecided', ''},
--   {'exhausted', used}, {'ready', attemptNo}, {'new', attemptNo}.
local contestant, attempt, ineligible = KEYS[1], KEYS[2], KEYS[3]
local contestantId, attemptId, seedUsed, seedActive, limitText = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local contestantExpiresAt, attemptExpiresAt, decision, nowMs, refusalExpiresAt = ARGV[6], ARGV[7], ARGV[8], ARGV[9], ARGV[10]
local PAIRS = 11

if redis.call('SISMEMBER', ineligible, contestantId) == 1 then return {'ineligible', ''} end
if redis.call('EXISTS', contestant) == 0 then
  if seedUsed == '' then return {'missing', ''} end
  redis.call('HSET', contestant, 'used', seedUsed)
  if seedActive ~= '' then redis.call('HSET', contestant, 'active', seedActive) end
  redis.call('PEXPIREAT', contestant, contestantExpiresAt)
end
local active = redis.call('HGET', contestant, 'active')
if active then return {'active', active} end
local e = redis.call('HGET', contestant, 'e')
if e ~= 'ok' then
  if e and tonumber(redis.call('HGET', contestant, 'eu') or '0') > tonumber(nowMs) then return {'ineligible', e} end
  if decision == '' then return {'undecided', ''} end
  if decision ~= 'ok' then
    redis.call('HSET', contestant, 'e', decision, 'eu', refusalExpiresAt)
    return {'ineligible', decision}
  end
  redis.call('HSET', contestant, 'e', 'ok')
  redis.call('HDEL', contestant, 'eu')
end
local used = tonumber(redis.call('HGET', contestant, 'used') or '0')
local limit = tonumber(limitText)
if limit >= 0 and used >= limit then return {'exhausted', tostring(used)} end
if #ARGV < PAIRS then return {'ready', tostring(used + 1)} end
redis.call('HSET', contestant, 'active', attemptId, 'used', used + 1)
redis.call('PEXPIREAT', contestant, contestantExpiresAt)
redis.call('HSET', attempt, 'n', tostring(used + 1), unpack(ARGV, PAIRS))
redis.call('PEXPIREAT', attempt, attemptExpiresAt)
return {'new', tostring(used + 1)}
