-- Appends an outbox row to its stream once per dedupe key (OutboxRelay.relayOnce): a crash between the XADD and
-- the outbox DELETE makes the row go out again, and this key makes that second XADD a no-op.
-- KEYS: dedupe, stream
-- ARGV: payload
--   dedupe   `{<prefix><stream>}:relayed:<attempt id | o<outbox id>>`, hash-tagged by the stream's full name (one
--            cluster slot with the stream), kept a week
--   payload  the event's JSON, the entry's `data` field
-- Returns the new entry's id, or nil when the key was already there.
local dedupe, stream = KEYS[1], KEYS[2]
local payload = ARGV[1]
if redis.call('SET', dedupe, '1', 'NX', 'EX', 604800) then
  return redis.call('XADD', stream, '*', 'data', payload)
end
return false
