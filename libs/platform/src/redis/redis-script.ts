import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type Redis from 'ioredis';

/** A value ioredis sends as a script argument (numbers are sent in their decimal form). */
export type ScriptValue = string | number | Buffer;

export interface RedisScriptDefinition<K extends string, A extends string> {
  /**
   * The script's name, `<service prefix><Name>` (`examStart`, `lbApply`), unique in the process (a second definition
   * with other Lua throws): the services hosted in one process share one client.
   */
  name: string;
  /**
   * The `.lua` file's absolute path, `join(__dirname, 'x.lua')`: beside the `.ts` under jest, beside the `.js` in
   * dist (the build copies every non-TypeScript file of the tree). Read once, when the definition is made.
   */
  file: string;
  /** KEYS in order: the names the caller gives them and the file's `-- KEYS:` header line. */
  keys: readonly K[];
  /** ARGV in order, likewise with the `-- ARGV:` line. */
  args: readonly A[];
  /** The name of a variable tail of KEYS after the named ones (`-- KEYS: …, ...name`): the caller's `moreKeys`. */
  moreKeys?: string;
  /** The name of a variable tail of ARGV (`-- ARGV: …, ...name`): the caller's `moreArgs`. */
  moreArgs?: string;
}

export interface RedisScriptCall<K extends string, A extends string> {
  keys: { readonly [k in K]: string };
  args: { readonly [a in A]: ScriptValue };
  moreKeys?: readonly string[];
  moreArgs?: readonly ScriptValue[];
}

/** Runs the script on `redis` (the process's client, a duplicate, a Cluster) with keys and arguments by name. */
export interface RedisScript<K extends string, A extends string> {
  <R = unknown>(redis: Redis, call: RedisScriptCall<K, A>): Promise<R>;
  readonly scriptName: string;
  readonly lua: string;
  readonly sha: string;
}

type Call = (...flat: ScriptValue[]) => Promise<unknown>;

/** Lua of every name defined in this process: one name, one script. */
const defined = new Map<string, string>();

/**
 * One way to define a Redis script: its Lua in a `.lua` file beside the code that calls it, with a header naming
 * KEYS and ARGV (`-- KEYS: attempt, contestant` / `-- ARGV: attemptId, result`), and a typed caller that takes them
 * by name and puts them in the header's order. The header is checked against `keys`/`args` when the definition is
 * made, so a script and its callers cannot disagree on a position without the process refusing to start.
 *
 * A call is one EVALSHA (the file read and hashed once, here); a Redis that does not have the script (its first
 * call on a node, a restart, a SCRIPT FLUSH) answers NOSCRIPT and the same call goes again as EVAL, which also puts
 * the script in Redis's cache for the next EVALSHA. Both are ioredis's own commands, so the client adds its key
 * prefix to each KEY, auto-pipelines the call with the tick's other commands, and on a Redis Cluster routes it by
 * the slot of its first KEY. Not ioredis's `defineCommand`: its auto-pipelining groups a script's calls by their
 * first argument, which for a script with a variable number of KEYS is the count, not a key (on a Cluster the call
 * then joins another slot's pipeline and fails MOVED), and it must be installed on every client (and on a
 * pipeline opened before) first. Every KEY of one call shares a hash tag (a round's `{r:<id>}`); a key the script
 * builds itself must start from a KEY.
 */
export function defineScript<K extends string, A extends string>(def: RedisScriptDefinition<K, A>): RedisScript<K, A> {
  const lua = readFileSync(def.file, 'utf8');
  checkHeader(def, lua);
  const previous = defined.get(def.name);
  if (previous !== undefined && previous !== lua) throw new Error(`Redis script ${def.name} is defined twice with different Lua (${def.file})`);
  defined.set(def.name, lua);
  const sha = createHash('sha1').update(lua).digest('hex');
  const { keys, args } = def;
  const nk = keys.length;
  const na = args.length;
  const run = function runScript(redis: Redis, call: RedisScriptCall<K, A>): Promise<unknown> {
    const mk = call.moreKeys?.length ?? 0;
    const ma = call.moreArgs?.length ?? 0;
    const flat = new Array<ScriptValue>(2 + nk + mk + na + ma);
    flat[0] = sha;
    flat[1] = nk + mk;
    let at = 2;
    for (let i = 0; i < nk; i++) flat[at++] = call.keys[keys[i]];
    for (let i = 0; i < mk; i++) flat[at++] = call.moreKeys![i];
    for (let i = 0; i < na; i++) flat[at++] = call.args[args[i]];
    for (let i = 0; i < ma; i++) flat[at++] = call.moreArgs![i];
    return (redis.evalsha as Call).apply(redis, flat).catch((e: Error) => {
      if (!String(e?.message).startsWith('NOSCRIPT')) throw e;
      flat[0] = lua;
      return (redis.eval as Call).apply(redis, flat);
    });
  } as RedisScript<K, A>;
  Object.defineProperties(run, {
    scriptName: { value: def.name },
    lua: { value: lua },
    sha: { value: sha },
  });
  return run;
}

/** The names a header line lists (`-- KEYS: a, b, ...rest`), or undefined when the file has no such line. */
export function headerNames(lua: string, what: 'KEYS' | 'ARGV'): string[] | undefined {
  const line = new RegExp(`^--\\s*${what}:(.*)$`, 'm').exec(lua);
  if (!line) return undefined;
  const list = line[1].trim();
  return list === '' || list === '(none)' ? [] : list.split(',').map((n) => n.trim());
}

function checkHeader(def: RedisScriptDefinition<string, string>, lua: string): void {
  for (const [what, names, more] of [
    ['KEYS', def.keys, def.moreKeys],
    ['ARGV', def.args, def.moreArgs],
  ] as const) {
    const expected = more ? [...names, `...${more}`] : [...names];
    const header = headerNames(lua, what);
    if (!header) throw new Error(`${def.file}: no "-- ${what}: …" header line (the definition names ${expected.join(', ') || '(none)'})`);
    if (header.join(',') !== expected.join(',')) {
      throw new Error(`${def.file}: the header's ${what} are ${header.join(', ') || '(none)'}, the definition's ${expected.join(', ') || '(none)'}`);
    }
  }
}
