import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import * as jwt from 'jsonwebtoken';
import type { Namespace, Socket } from 'socket.io';
import { AccessClaimsV1 } from '@hoi-thi/contracts';
import { AccessTokens, errorSpec, PlatformEnv } from '@hoi-thi/platform';
import { LeaderboardEnv, leaderboardEnv } from '../leaderboard.env';
import { RoundsReader } from '../sources/rounds.reader';
import { BoardReadService } from './board-read.service';
import { LiveNotifier } from './live-notifier';
import { LivePublisher, judgeRoom, roundRoom, toPush } from './live-publisher';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STAFF = ['judge', 'organizer', 'admin'];

interface LiveSocketData {
  user: AccessClaimsV1 | null;
  expiry?: NodeJS.Timeout;
}

export interface WatchAck {
  ok: boolean;
  code?: string;
  detail?: string;
}

/** A refusal the client can read: the code and its Vietnamese message (`err.message`, `err.data`). */
function refusal(code: string): Error & { data: unknown } {
  const spec = errorSpec(code);
  return Object.assign(new Error(code), { data: { code, status: spec?.status ?? 400, detail: spec?.vi ?? code } });
}

function nack(code: string): WatchAck {
  return { ok: false, code, detail: errorSpec(code)?.vi ?? code };
}

/**
 * socket.io namespace `/live` (websocket transport). The handshake's `auth.token` is an access JWT verified here
 * (no token: an anonymous public watcher, where the contest allows it; a bad or expired token: refused); the socket
 * is disconnected when its token expires. Client → `watch {roundId, view?: 'judge'}` (ack `{ok}`) joins the round's
 * room (and, for judges and organizers, the judge room); `unwatch {roundId}` leaves. Server → `leaderboard
 * {roundId, top, counters, at}` at most once a second per room, `stats` to judge rooms, `finalized {roundId}`,
 * `expired` just before a disconnect for an expired token.
 */
@WebSocketGateway({ namespace: '/live', transports: ['websocket'] })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(LiveGateway.name);
  private readonly settings: LeaderboardEnv;

  constructor(
    env: PlatformEnv,
    private readonly tokens: AccessTokens,
    private readonly rounds: RoundsReader,
    private readonly reads: BoardReadService,
    private readonly publisher: LivePublisher,
    private readonly notifier: LiveNotifier,
  ) {
    this.settings = leaderboardEnv(env);
  }

  afterInit(nsp: Namespace): void {
    nsp.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      const data = socket.data as LiveSocketData;
      if (token === undefined || token === null || token === '') {
        data.user = null;
        return this.settings.LEADERBOARD_PUBLIC_WATCH ? next() : next(refusal('auth.unauthorized'));
      }
      const claims = typeof token === 'string' ? this.tokens.verify(token) : null;
      if (!claims) return next(refusal('auth.unauthorized'));
      data.user = claims;
      const exp = (jwt.decode(token as string) as jwt.JwtPayload | null)?.exp ?? 0;
      const ms = exp * 1000 - Date.now();
      data.expiry = setTimeout(() => {
        socket.emit('expired', { code: 'auth.unauthorized', detail: errorSpec('auth.unauthorized')?.vi });
        socket.disconnect(true);
      }, Math.min(Math.max(ms, 0), 2 ** 31 - 1));
      data.expiry.unref();
      next();
    });
    this.publisher.attach(nsp);
    this.notifier.onFinalized((roundId) => {
      nsp.to(roundRoom(roundId)).to(judgeRoom(roundId)).emit('finalized', { roundId });
    });
  }

  handleConnection(): void {
    // authenticated in the namespace middleware
  }

  handleDisconnect(socket: Socket): void {
    const data = socket.data as LiveSocketData;
    if (data.expiry) clearTimeout(data.expiry);
  }

  @SubscribeMessage('watch')
  async watch(@ConnectedSocket() socket: Socket, @MessageBody() body: { roundId?: unknown; view?: unknown }): Promise<WatchAck> {
    try {
      const roundId = typeof body?.roundId === 'string' && UUID.test(body.roundId) ? body.roundId.toLowerCase() : null;
      if (!roundId) return nack('leaderboard.field.round-id');
      const round = await this.rounds.get(roundId);
      if (!round) return nack('leaderboard.round-not-found');
      const user = (socket.data as LiveSocketData).user;
      if (!user && !round.publicBoard) return nack('auth.unauthorized');
      if (body.view === 'judge') {
        if (!user) return nack('auth.unauthorized');
        if (!user.roles.some((r) => STAFF.includes(r))) return nack('auth.forbidden');
        await socket.join(judgeRoom(roundId));
        socket.emit('stats', await this.reads.stats(roundId, { recentMinutes: 60 }));
      }
      await socket.join(roundRoom(roundId));
      socket.emit('leaderboard', toPush(await this.reads.snapshot(roundId)));
      return { ok: true };
    } catch (e) {
      this.logger.error(`watch: ${(e as Error).message}`);
      return nack('internal');
    }
  }

  @SubscribeMessage('unwatch')
  async unwatch(@ConnectedSocket() socket: Socket, @MessageBody() body: { roundId?: unknown }): Promise<WatchAck> {
    const roundId = typeof body?.roundId === 'string' ? body.roundId.toLowerCase() : '';
    await socket.leave(roundRoom(roundId));
    await socket.leave(judgeRoom(roundId));
    return { ok: true };
  }
}
