import Redis, { Cluster, RedisOptions } from 'ioredis';

export const REDIS = Symbol('REDIS');

const CLUSTER_SCHEME = 'redis-cluster://';

/** `redis-cluster://host:7000,host:7001,host:7002` names a Redis Cluster by its seed nodes. */
export function isClusterUrl(url: string): boolean {
  return url.startsWith(CLUSTER_SCHEME);
}

function clusterNodes(url: string): { host: string; port: number }[] {
  return url
    .slice(CLUSTER_SCHEME.length)
    .split(',')
    .map((hp) => hp.trim())
    .filter(Boolean)
    .map((hp) => {
      const [host, port] = hp.split(':');
      return { host, port: Number(port || 6379) };
    });
}

/**
 * Commands whose key ioredis does not find (container commands: XGROUP, XINFO take the stream's full name after a
 * subcommand). Auto-pipelined, a Redis Cluster client would put one in the pipeline of the slot of its first word
 * with the tick's other commands, and the whole pipeline would fail MOVED; sent alone, the client follows MOVED.
 */
const UNROUTED = ['xgroup', 'xinfo'];

/**
 * A Redis connection with the process's key prefix. Commands are auto-pipelined (one round trip carries
 * every command issued in the same tick), which is what keeps the hot paths cheap.
 * Keys of one round share the hash tag `{r:<roundId>}` so a Redis Cluster keeps a round in one slot; with a
 * `redis-cluster://` URL the same code runs against a cluster (an ioredis Cluster has the same command API).
 */
export function createRedis(url: string, keyPrefix: string, extra: RedisOptions = {}): Redis {
  const options: RedisOptions = {
    keyPrefix,
    enableAutoPipelining: true,
    autoPipeliningIgnoredCommands: UNROUTED,
    maxRetriesPerRequest: 2,
    connectTimeout: 5000,
    ...extra,
  };
  const client = isClusterUrl(url)
    ? (() => {
        const { keyPrefix: prefix, enableAutoPipelining, autoPipeliningIgnoredCommands, ...redisOptions } = options;
        return new Cluster(clusterNodes(url), {
          keyPrefix: prefix,
          enableAutoPipelining,
          autoPipeliningIgnoredCommands,
          redisOptions,
          scaleReads: 'master',
        }) as unknown as Redis;
      })()
    : new Redis(url, options);
  // ioredis reconnects by itself; an 'error' event with no listener would crash the process instead.
  client.on('error', throttledWarn(url));
  return client;
}

function throttledWarn(url: string): (e: Error) => void {
  let last = 0;
  return (e: Error) => {
    const now = Date.now();
    if (now - last < 10_000) return;
    last = now;
    process.stderr.write(
      `${JSON.stringify({ level: 40, time: now, context: 'Redis', msg: `redis ${new URL(url.replace('redis-cluster://', 'redis://').split(',')[0]).host}: ${e.message}` })}\n`,
    );
  };
}

/** Hash-tagged key of a round: every key of one round lands in one cluster slot. */
export const roundTag = (roundId: string) => `{r:${roundId}}`;

/**
 * Deletes every key under `prefix` (tests, benches, chaos runs clean up after themselves). `url` may name a
 * cluster: each master is scanned. Returns how many keys went.
 */
export async function deleteKeysWithPrefix(url: string, prefix: string): Promise<number> {
  if (!prefix) throw new Error('refusing to delete every key: empty prefix');
  const client = createRedis(url, '');
  let deleted = 0;
  try {
    const nodes = isClusterUrl(url) ? await clusterMasters(client as unknown as Cluster) : [client];
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        // One key per UNLINK: on a cluster the keys of one batch may live in different slots.
        for (const k of keys) deleted += await node.unlink(k);
        cursor = next;
      } while (cursor !== '0');
    }
  } finally {
    client.disconnect();
  }
  return deleted;
}

async function clusterMasters(cluster: Cluster): Promise<Redis[]> {
  if (cluster.status !== 'ready')
    await new Promise<void>((res, rej) => {
      cluster.once('ready', () => res());
      cluster.once('error', rej);
    });
  return cluster.nodes('master');
}
