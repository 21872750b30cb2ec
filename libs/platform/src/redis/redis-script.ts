import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import Redis, { Cluster } from 'ioredis';

/** A value ioredis sends as a script argument (numbers are sent in their decimal form). */
export type ScriptValue = string | number | Buffer;

export interface RedisScriptDefinition<K extends string, A extends string> {
  /**
   * The command's name on the client, `<service prefix><Name>` (`examStart`, `lbApply`): the services hosted in one
   * process share one client, so a name is unique in the process (a second definition with other Lua throws).
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

type ScriptFn = (this: Redis, ...flat: ScriptValue[]) => Promise<unknown>;

/** Lua of every name defined in this process: one name, one script. */
const defined = new Map<string, string>();

/**
 * One way to define a Redis script: its Lua in a `.lua` file beside the code that calls it, with a header naming
 * KEYS and ARGV (`-- KEYS: attempt, contestant` / `-- ARGV: attemptId, result`), and a typed caller that takes them
 * by name and puts them in the header's order. The header is checked against `keys`/`args` when the definition is
 * made, so a script and its callers cannot disagree on a position without the process refusing to start.
 *
 * It is ioredis's `defineCommand` underneath, installed on a client at its first call: ioredis sends the script
 * once per connection (EVAL), EVALSHA after that, and falls back to EVAL on NOSCRIPT (a Redis restarted or flushed
 * with SCRIPT FLUSH) by itself, in pipelines and auto-pipelines too; it adds the client's key prefix to each KEY and
 * routes a Cluster call by the first KEY's slot. A script of ours doing the same (SCRIPT LOAD, EVALSHA, NOSCRIPT
 * retry) would repeat that code without being faster: a call costs one argument array, as a defined command does.
 * Every KEY of one call shares a hash tag (a round's `{r:<id>}`); a key the script builds itself must start from a KEY.
 */
export function defineScript<K extends string, A extends string>(def: RedisScriptDefinition<K, A>): RedisScript<K, A> {
  if (def.name in Redis.prototype || def.name in Cluster.prototype) throw new Error(`Redis script ${def.name}: the name of a client method`);
  const lua = readFileSync(def.file, 'utf8');
  checkHeader(def, lua);
  const previous = defined.get(def.name);
  if (previous !== undefined && previous !== lua) throw new Error(`Redis script ${def.name} is defined twice with different Lua (${def.file})`);
  defined.set(def.name, lua);
  const { name, keys, args } = def;
  const nk = keys.length;
  const na = args.length;
  const run = function runScript(redis: Redis, call: RedisScriptCall<K, A>): Promise<unknown> {
    let fn = (redis as unknown as Record<string, ScriptFn | undefined>)[name];
    if (fn === undefined) fn = install(redis, name, lua);
    const mk = call.moreKeys?.length ?? 0;
    const ma = call.moreArgs?.length ?? 0;
    const flat = new Array<ScriptValue>(1 + nk + mk + na + ma);
    flat[0] = nk + mk;
    let at = 1;
    for (let i = 0; i < nk; i++) flat[at++] = call.keys[keys[i]];
    for (let i = 0; i < mk; i++) flat[at++] = call.moreKeys![i];
    for (let i = 0; i < na; i++) flat[at++] = call.args[args[i]];
    for (let i = 0; i < ma; i++) flat[at++] = call.moreArgs![i];
    return fn.apply(redis, flat);
  } as RedisScript<K, A>;
  Object.defineProperties(run, {
    scriptName: { value: name },
    lua: { value: lua },
    sha: { value: createHash('sha1').update(lua).digest('hex') },
  });
  return run;
}

/** Client internals `install` reaches (ioredis 5): its scripts, and the auto-pipelines of the current tick. */
interface ClientInternals {
  scriptsSet: Record<string, { sha: string }>;
  _autoPipelines?: Map<string, Record<string, unknown> & { _shaToScript: Record<string, unknown> }>;
}

/**
 * Defines the command on a client at its first call there. An auto-pipeline already opened in this tick was made
 * before the command existed and would not know it (ioredis copies a client's scripts into a pipeline when it
 * makes it): it is given the command too, as if the pipeline had been made after.
 */
function install(redis: Redis, name: string, lua: string): ScriptFn {
  redis.defineCommand(name, { lua }); // no numberOfKeys: the first argument says how many
  const client = redis as unknown as ClientInternals & Record<string, unknown>;
  const pipelines = client._autoPipelines;
  if (pipelines?.size) {
    const script = client.scriptsSet[name];
    for (const pipeline of pipelines.values()) {
      pipeline[name] = client[name];
      pipeline[`${name}Buffer`] = client[`${name}Buffer`];
      pipeline._shaToScript[script.sha] = script;
    }
  }
  return client[name] as ScriptFn;
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
