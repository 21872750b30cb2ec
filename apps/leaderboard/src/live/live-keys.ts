import { roundTag } from '@hoi-thi/platform';

/**
 * Redis keys of one round's live board. All share the hash tag `{r:<roundId>}` (one cluster slot per round,
 * so one Lua script may touch them all) and the sub-namespace `:lb:` (so a rebuild clears only the board,
 * never another service's keys of the round); the ioredis key prefix is added by the connection.
 *
 * | key                          | type   | holds                                                                 |
 * | ---------------------------- | ------ | --------------------------------------------------------------------- |
 * | `{r}:lb:all`                 | zset   | contestantId → live score of their best attempt (global)              |
 * | `{r}:lb:u:<unitId>`          | zset   | the same, contestants of one unit                                     |
 * | `{r}:lb:p:<province>`        | zset   | the same, contestants of one province                                 |
 * | `{r}:lb:best`                | hash   | contestantId → JSON of the best attempt (display fields)              |
 * | `{r}:lb:seen`                | set    | first 16 hex digits of every applied attemptId (idempotency)          |
 * | `{r}:lb:c`                   | hash   | counters: attempts, entries, ver (bumped by every change)             |
 * | `{r}:lb:hist`                | hash   | points → valid entries whose best attempt has those points            |
 * | `{r}:lb:spm`                 | hash   | epoch minute of submittedAt → attempts submitted in it                |
 * | `{r}:lb:units` / `:provs`    | zset   | unitId / province → valid entries                                     |
 * | `{r}:lb:dq`                  | set    | disqualified contestantIds (their events are ignored)                 |
 * | `{r}:lb:snap`                | string | the last built snapshot (top 100 + counters), JSON                    |
 * | `{r}:lb:built`               | string | present once the board is complete; missing = rebuild from PostgreSQL |
 * | `{r}:lbx:pub` / `:rebuild`   | string | the tick's publisher lock (SET NX PX) / the rebuild lock              |
 */
export function liveKeys(roundId: string) {
  const t = `${roundTag(roundId)}:lb`;
  return {
    global: `${t}:all`,
    unit: (unitId: string) => `${t}:u:${unitId}`,
    province: (province: string) => `${t}:p:${province}`,
    best: `${t}:best`,
    seen: `${t}:seen`,
    counters: `${t}:c`,
    histogram: `${t}:hist`,
    perMinute: `${t}:spm`,
    units: `${t}:units`,
    provinces: `${t}:provs`,
    disqualified: `${t}:dq`,
    snapshot: `${t}:snap`,
    built: `${t}:built`,
    publisherLock: `${roundTag(roundId)}:lbx:pub`,
    rebuildLock: `${roundTag(roundId)}:lbx:rebuild`,
    /** SCAN pattern of every board key (not the locks). */
    pattern: `${t}:*`,
  };
}

export type LiveKeys = ReturnType<typeof liveKeys>;

/** The idempotency token of an attempt: its first 16 hex digits (64 bits; collisions within a round ≈ n²/2^65). */
export function seenToken(attemptId: string): string {
  return attemptId.replace(/-/g, '').slice(0, 16).toLowerCase();
}

/** Epoch minute of an instant (the per-minute submission buckets). */
export function epochMinute(ms: number): number {
  return Math.floor(ms / 60000);
}
