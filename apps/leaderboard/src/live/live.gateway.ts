import { Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { AccessClaimsV1 } from '@hoi-thi/contracts';
import { AccessTokens, Clock, errorSpec, issuedAtMs, TokenRevocations, toClaims } from '@hoi-thi/platform';
import { isStaff } from '../common/staff';
import { LeaderboardEnv } from '../leaderboard.env';
import { ContestVisibility } from './contest-visibility';
import { RoundsReader } from '../sources/rounds.reader';
import { BoardReadService } from './board-read.service';
import { LiveNotifier } from './live-notifier';
import { LivePublisher, judgeRoom, roundRoom, toPush } from './live-publisher';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface LiveSocketData {
  user: AccessClaimsV1 | null;
  /** The token's issue instant (ms): a valid-after later than it disconnects the socket. */
  issuedAt?: number;
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

/** Tells the client its token is no longer good (`expired`), then disconnects it. */
function expire(socket: Socket): void {
  socket.emit('expired', { code: 'auth.unauthorized', detail: errorSpec('auth.unauthorized')?.vi });
  socket.disconnect(true);
}

function nack(code: string): WatchAck {
  return { ok: false, code, detail: errorSpec(code)?.vi ?? code };
}

/**
 * socket.io namespace `/live` (websocket transport). The handshake's `auth.token` is an access JWT verified here
 * (no token: an anonymous public watcher, where the contest allows it; a bad or expired token: refused); the socket
 * is disconnected when its token expires, or when its user's tokens are revoked (a role change, a logout everywhere:
 * TokenRevocations; a revoked token is refused at the handshake too). Client → `watch {roundId, view?: 'judge'}` (ack `{ok}`) joins the round's
 * room (and, for judges and organizers, the judge room); `unwatch {roundId}` leaves. Server → `leaderboard
 * {roundId, top, counters, at}` at most once a second per room, `stats` to judge rooms, `finalized {roundId}`,
 * `expired` just before a disconnect for an expired or revoked token, `unwatched {roundId, code, detail}` to a
 * non-staff watcher whose round's contest was just unpublished (it has left the room).
 */
@WebSocketGateway({ namespace: '/live', transports: ['websocket'] })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(LiveGateway.name);

  constructor(
    private readonly settings: LeaderboardEnv,
    private readonly tokens: AccessTokens,
    private readonly revocations: TokenRevocations,
    private readonly rounds: RoundsReader,
    private readonly reads: BoardReadService,
    private readonly publisher: LivePublisher,
    private readonly notifier: LiveNotifier,
    private readonly visibility: ContestVisibility,
    private readonly clock: Clock,
  ) {}

  afterInit(nsp: Namespace): void {
    nsp.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      const data = socket.data as LiveSocketData;
      if (token === undefined || token === null || token === '') {
        data.user = null;
        return this.settings.LEADERBOARD_PUBLIC_WATCH ? next() : next(refusal('auth.unauthorized'));
      }
      const payload = typeof token === 'string' ? this.tokens.verifyPayload(token) : null;
      const claims = payload && this.revocations.accepts(payload) ? toClaims(payload) : null;
      if (!payload || !claims) return next(refusal('auth.unauthorized'));
      data.user = claims;
      data.issuedAt = issuedAtMs(payload);
      const ms = (payload.exp ?? 0) * 1000 - this.clock.now();
      data.expiry = setTimeout(() => expire(socket), Math.min(Math.max(ms, 0), 2 ** 31 - 1));
      data.expiry.unref();
      next();
    });
    // Every instance hears every revocation (TokenRevocations' channel): each disconnects its own sockets of that user.
    this.revocations.onRevoked((userId, validAfter) => {
      for (const socket of nsp.sockets.values()) {
        const data = socket.data as LiveSocketData;
        if (data.user?.sub === userId && (data.issuedAt ?? 0) < validAfter) expire(socket);
      }
    });
    // A contest unpublished (ContestVisibility, heard by every instance): this instance's non-staff watchers of its
    // rounds leave their rooms and are told the round is gone, as a watch of it would now be refused.
    this.visibility.onHidden((roundId) => {
      const room = nsp.adapter.rooms.get(roundRoom(roundId));
      for (const id of room ? [...room] : []) {
        const socket = nsp.sockets.get(id);
        if (!socket || isStaff((socket.data as LiveSocketData).user)) continue;
        void socket.leave(roundRoom(roundId));
        socket.emit('unwatched', { roundId, ...nack('leaderboard.round-not-found') });
      }
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
      // A round of an unpublished contest: as an unknown round to anyone but staff (its id is not confirmed).
      if (!round.contestPublished && !isStaff(user)) return nack('leaderboard.round-not-found');
      if (!user && !round.publicBoard) return nack('auth.unauthorized');
      if (body.view === 'judge') {
        if (!user) return nack('auth.unauthorized');
        if (!isStaff(user)) return nack('auth.forbidden');
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
