import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { REDIS, roundTag } from '@hoi-thi/platform';

/** Redis keys of exam-session. Attempt and contestant keys carry the round's hash tag (one cluster slot per round). */
export const examKeys = {
  attempt: (roundId: string, attemptId: string) => `${roundTag(roundId)}:a:${attemptId}`,
  contestant: (roundId: string, contestantId: string) => `${roundTag(roundId)}:c:${contestantId}`,
  /** Contestants excluded from the round (e.g. by the organizers): the gate refuses them without a reason. */
  ineligible: (roundId: string) => `${roundTag(roundId)}:ineligible`,
  /** Deadlines (deadline + grace, ms) of active attempts; member `<roundId>:<attemptId>`. */
  deadlines: 'exam:deadlines',
};

/**
 * Start gate, atomically: exclusion, one active attempt, eligibility, attempts left. When the contestant's key is
 * missing (first start, or Redis lost) the caller seeds it from PostgreSQL (ARGV[3..4]) and supplies the eligibility
 * decision (ARGV[8]); when only the decision is missing (or a refusal has expired) the gate answers 'undecided' and
 * the caller supplies it. The decision is kept in the contestant's hash (`e`: 'ok', or the refusal's reasons with
 * `eu`, the time it expires), so it is made once per (round, contestant) and never on a save. An active attempt is
 * returned whatever the decision (the contestant was eligible when it started). On success the attempt's whole hot
 * state is written in the same script, so a concurrent start that sees it as active can read it at once.
 * KEYS: contestant, attempt, ineligible (a set of contestants excluded from the round, e.g. by the organizers).
 * ARGV: contestantId, attemptId, seedUsed|'' , seedActive|'', limit (-1 = none), contestant key expiry (ms epoch),
 * attempt key expiry, decision|'' ('ok' or the refusal), now (ms), refusal expiry (ms), then the attempt hash's
 * field/value pairs. Without pairs (a light first call: the caller draws the attempt only once it is needed), the
 * gate answers 'ready' where it would create the attempt, and changes nothing but the eligibility decision.
 */
const START_LUA = `
if redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 1 then return {'ineligible', ''} end
if redis.call('EXISTS', KEYS[1]) == 0 then
  if ARGV[3] == '' then return {'missing', ''} end
  redis.call('HSET', KEYS[1], 'used', ARGV[3])
  if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'active', ARGV[4]) end
  redis.call('PEXPIREAT', KEYS[1], ARGV[6])
end
local active = redis.call('HGET', KEYS[1], 'active')
if active then return {'active', active} end
local e = redis.call('HGET', KEYS[1], 'e')
if e ~= 'ok' then
  if e and tonumber(redis.call('HGET', KEYS[1], 'eu') or '0') > tonumber(ARGV[9]) then return {'ineligible', e} end
  if ARGV[8] == '' then return {'undecided', ''} end
  if ARGV[8] ~= 'ok' then
    redis.call('HSET', KEYS[1], 'e', ARGV[8], 'eu', ARGV[10])
    return {'ineligible', ARGV[8]}
  end
  redis.call('HSET', KEYS[1], 'e', 'ok')
  redis.call('HDEL', KEYS[1], 'eu')
end
local used = tonumber(redis.call('HGET', KEYS[1], 'used') or '0')
local limit = tonumber(ARGV[5])
if limit >= 0 and used >= limit then return {'exhausted', tostring(used)} end
if #ARGV < 11 then return {'ready', tostring(used + 1)} end
redis.call('HSET', KEYS[1], 'active', ARGV[2], 'used', used + 1)
redis.call('PEXPIREAT', KEYS[1], ARGV[6])
redis.call('HSET', KEYS[2], 'n', tostring(used + 1), unpack(ARGV, 11))
redis.call('PEXPIREAT', KEYS[2], ARGV[7])
return {'new', tostring(used + 1)}
`;

/** Undoes a reservation whose PostgreSQL insert failed. KEYS: contestant, attempt. ARGV: attemptId. */
const UNRESERVE_LUA = `
if redis.call('HGET', KEYS[1], 'active') == ARGV[1] then
  redis.call('HDEL', KEYS[1], 'active')
  redis.call('HINCRBY', KEYS[1], 'used', -1)
end
redis.call('DEL', KEYS[2])
return 1
`;

/** Puts back an attempt's hot state rebuilt from PostgreSQL, unless it is there. KEYS: attempt. ARGV: expiry, pairs… */
const REBUILD_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
return 1
`;

/** Marks an attempt submitted with its result and frees the contestant's active slot. KEYS: attempt, contestant. ARGV: attemptId, result. */
const FINALIZE_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 's', 'submitted', 'res', ARGV[2]) end
if redis.call('HGET', KEYS[2], 'active') == ARGV[1] then redis.call('HDEL', KEYS[2], 'active') end
return 1
`;

/** Claims up to ARGV[2] deadlines due at ARGV[1] (ms): each member goes to exactly one caller. KEYS: deadlines. */
const CLAIM_LUA = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
if #due > 0 then redis.call('ZREM', KEYS[1], unpack(due)) end
return due
`;

interface ExamRedis {
  examStart(...args: string[]): Promise<[string, string]>;
  examUnreserve(...args: string[]): Promise<number>;
  examRebuild(...args: string[]): Promise<number>;
  examFinalize(...args: string[]): Promise<number>;
  examClaim(...args: string[]): Promise<string[]>;
}

export type StartOutcome =
  | { kind: 'new'; attemptNo: number }
  | { kind: 'active'; attemptId: string }
  | { kind: 'exhausted'; used: number }
  /** `decision`: the refusal as the caller encoded it ('' for an exclusion). */
  | { kind: 'ineligible'; decision: string }
  /** The contestant's key is missing: seed it (and decide eligibility). */
  | { kind: 'missing' }
  /** No eligibility decision is kept for the contestant (or the refusal expired): decide it. */
  | { kind: 'undecided' }
  /** A call without the attempt's hot state would have created it: call again with it. */
  | { kind: 'ready'; attemptNo: number };

export interface StartArgs {
  roundId: string;
  contestantId: string;
  attemptId: string;
  limit: number | null;
  seed?: { used: number; active: string | null };
  /** The eligibility decision ('ok' or an encoded refusal), when the gate asked for it. */
  decision?: string;
  /** The gate's clock (ms): a kept refusal counts until `refusalExpiresAt` passes it. */
  nowMs: number;
  refusalExpiresAt: number;
  contestantExpiresAt: number;
  attemptExpiresAt: number;
  /** The new attempt's hot hash as field/value pairs (hotPairs); absent for a light call. */
  pairs?: string[];
}

/** The attempts' hot state in Redis (the fast tier: any of it can be rebuilt from PostgreSQL). */
@Injectable()
export class HotStateRepository implements OnModuleInit {
  private cmd!: ExamRedis;
  constructor(@Inject(REDIS) readonly redis: Redis) {}

  onModuleInit(): void {
    const defs: [keyof ExamRedis, number, string][] = [
      ['examStart', 3, START_LUA],
      ['examUnreserve', 2, UNRESERVE_LUA],
      ['examRebuild', 1, REBUILD_LUA],
      ['examFinalize', 2, FINALIZE_LUA],
      ['examClaim', 1, CLAIM_LUA],
    ];
    for (const [name, numberOfKeys, lua] of defs) {
      if (!(name in this.redis)) this.redis.defineCommand(name, { numberOfKeys, lua });
    }
    this.cmd = this.redis as unknown as ExamRedis;
  }

  async start(a: StartArgs): Promise<StartOutcome> {
    const [kind, value] = await this.cmd.examStart(
      examKeys.contestant(a.roundId, a.contestantId),
      examKeys.attempt(a.roundId, a.attemptId),
      examKeys.ineligible(a.roundId),
      a.contestantId,
      a.attemptId,
      a.seed ? String(a.seed.used) : '',
      a.seed?.active ?? '',
      String(a.limit ?? -1),
      String(a.contestantExpiresAt),
      String(a.attemptExpiresAt),
      a.decision ?? '',
      String(a.nowMs),
      String(a.refusalExpiresAt),
      ...(a.pairs ?? []),
    );
    switch (kind) {
      case 'new':
        return { kind, attemptNo: Number(value) };
      case 'active':
        return { kind, attemptId: value };
      case 'exhausted':
        return { kind, used: Number(value) };
      case 'ineligible':
        return { kind, decision: value };
      case 'undecided':
        return { kind };
      case 'ready':
        return { kind, attemptNo: Number(value) };
      default:
        return { kind: 'missing' };
    }
  }

  async unreserve(roundId: string, contestantId: string, attemptId: string): Promise<void> {
    await this.cmd.examUnreserve(examKeys.contestant(roundId, contestantId), examKeys.attempt(roundId, attemptId), attemptId);
  }

  async markCommitted(roundId: string, attemptId: string, deadlinePlusGraceMs: number): Promise<void> {
    await Promise.all([
      this.redis.hset(examKeys.attempt(roundId, attemptId), 'ok', '1'),
      this.redis.zadd(examKeys.deadlines, deadlinePlusGraceMs, `${roundId}:${attemptId}`),
    ]);
  }

  getAll(roundId: string, attemptId: string): Promise<Record<string, string>> {
    return this.redis.hgetall(examKeys.attempt(roundId, attemptId));
  }

  /** The hot save's one read: owner, status, deadline and the question's option map. */
  forSave(roundId: string, attemptId: string, questionId: string): Promise<(string | null)[]> {
    return this.redis.hmget(examKeys.attempt(roundId, attemptId), 'c', 's', 'd', `o:${questionId}`);
  }

  /** What an attempt event needs: owner, status, deadline. */
  forEvents(roundId: string, attemptId: string): Promise<(string | null)[]> {
    return this.redis.hmget(examKeys.attempt(roundId, attemptId), 'c', 's', 'd');
  }

  forSubmit(roundId: string, attemptId: string): Promise<(string | null)[]> {
    return this.redis.hmget(examKeys.attempt(roundId, attemptId), 'c', 's', 'd', 'res');
  }

  async rebuild(roundId: string, attemptId: string, fields: Record<string, string>, expiresAt: number, deadlinePlusGraceMs: number | null): Promise<void> {
    await this.cmd.examRebuild(examKeys.attempt(roundId, attemptId), String(expiresAt), ...Object.entries(fields).flat());
    if (deadlinePlusGraceMs !== null) await this.redis.zadd(examKeys.deadlines, 'NX', deadlinePlusGraceMs, `${roundId}:${attemptId}`);
  }

  async finalize(roundId: string, attemptId: string, contestantId: string, result: string): Promise<void> {
    await Promise.all([
      this.cmd.examFinalize(examKeys.attempt(roundId, attemptId), examKeys.contestant(roundId, contestantId), attemptId, result),
      this.redis.zrem(examKeys.deadlines, `${roundId}:${attemptId}`),
    ]);
  }

  /** Atomically takes the deadlines due at `nowMs` (each goes to one sweeper only). */
  async claimDue(nowMs: number, limit: number): Promise<{ roundId: string; attemptId: string; member: string }[]> {
    const due = await this.cmd.examClaim(examKeys.deadlines, String(nowMs), String(limit));
    return due.map((member) => {
      const [roundId, attemptId] = member.split(':');
      return { roundId, attemptId, member };
    });
  }

  async requeue(member: string, scoreMs: number): Promise<void> {
    await this.redis.zadd(examKeys.deadlines, scoreMs, member);
  }
}
