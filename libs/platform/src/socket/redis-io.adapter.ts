import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import { createRedis } from '../redis/redis';

// @nestjs/platform-socket.io carries its own copy of socket.io: take its types from the adapter itself.
type Server = ReturnType<IoAdapter['createIOServer']>;
type ServerOptions = NonNullable<Parameters<IoAdapter['createIOServer']>[1]>;
type CreateOptions = NonNullable<Parameters<IoAdapter['create']>[1]>;

export interface RedisIoAdapterOptions {
  redisUrl: string;
  /** The process's key prefix: the adapter's pub/sub channels are `<prefix>socket.io…`, so two deployments sharing a Redis never hear each other. */
  keyPrefix: string;
}

/**
 * socket.io over the Redis adapter: a room emit on one instance reaches the room's sockets on every
 * instance. Websocket transport only (no long-polling, so no sticky sessions are needed behind a load
 * balancer). Two ioredis connections of its own (publisher, subscriber), made only when a gateway exists,
 * and without the ioredis key prefix: pub/sub channels are not keys, so the prefix goes into the channel
 * name (`key` option) where every instance computes it the same way.
 * One socket.io server per process: every gateway namespace lives on it.
 */
export class RedisIoAdapter extends IoAdapter {
  private server?: Server;
  private pub?: Redis;
  private sub?: Redis;

  constructor(
    app: INestApplicationContext,
    private readonly options: RedisIoAdapterOptions,
  ) {
    super(app);
  }

  override create(port: number, options?: CreateOptions): ReturnType<IoAdapter['create']> {
    const { namespace, server, ...rest } = options ?? ({} as CreateOptions);
    if (server && namespace) return server.of(namespace);
    const io = this.server ?? this.createIOServer(port, rest as ServerOptions);
    return namespace ? io.of(namespace) : io;
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    if (this.server) return this.server;
    const io = super.createIOServer(port, { ...options, transports: ['websocket'] } as unknown as ServerOptions);
    const pub = createRedis(this.options.redisUrl, '', { lazyConnect: false, maxRetriesPerRequest: null });
    const sub = pub.duplicate();
    // Errors are retried by ioredis; logging them here keeps an unhandled 'error' event from crashing the process.
    pub.on('error', (e) => this.logger.warn(`socket.io redis publisher: ${e.message}`));
    sub.on('error', (e) => this.logger.warn(`socket.io redis subscriber: ${e.message}`));
    // The adapter fires (p)unsubscribe/publish without awaiting them; at shutdown the HTTP server's close can
    // reach it after these connections are gone: such a late command is dropped, not an unhandled rejection.
    for (const client of [pub, sub]) quietAfterClose(client, ['publish', 'subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe']);
    io.adapter(createAdapter(pub, sub, { key: `${this.options.keyPrefix}socket.io` }));
    this.server = io;
    this.pub = pub;
    this.sub = sub;
    return io;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await this.dispose();
  }

  override async dispose(): Promise<void> {
    const clients = [this.pub, this.sub].filter((c): c is Redis => !!c);
    this.pub = this.sub = undefined;
    this.server = undefined;
    // Quit only once connected: the adapter's (p)subscribe calls are queued before QUIT and answered first,
    // instead of being rejected unhandled ("Connection is closed") when a short-lived app closes at once.
    await Promise.all(
      clients.map(async (c) => {
        if (c.status !== 'ready') {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 2000);
            c.once('ready', () => {
              clearTimeout(timer);
              resolve();
            });
          });
        }
        await c.quit().catch(() => c.disconnect());
      }),
    );
  }
}

function quietAfterClose(client: Redis, methods: string[]): void {
  const target = client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const method of methods) {
    const original = target[method].bind(client);
    target[method] = (...args: unknown[]) => {
      const result = original(...args);
      return client.status === 'end' || client.status === 'close'
        ? result.catch(() => undefined)
        : result.catch((e: Error) => {
            // A single node says 'Connection is closed'; a cluster flushes its queue with 'None of startup nodes…'.
            if (/Connection is closed|None of startup nodes is available/.test(e.message)) return undefined;
            throw e;
          });
    };
  }
}
