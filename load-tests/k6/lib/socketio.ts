/**
 * Just enough Engine.IO v4 / Socket.IO v5 framing to watch the leaderboard from k6 over a plain WebSocket
 * (k6 has no socket.io client). Frames: `0{…}` open, `2`/`3` ping/pong, `40/ns,{auth}` connect to a namespace,
 * `42/ns,["event",payload]` an event, `44/ns,{…}` a connect error.
 */
export const socketIoUrl = (baseUrl: string) => `${baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;

export type Frame =
  | { kind: 'open'; data: { sid: string; pingInterval: number; pingTimeout: number } }
  | { kind: 'ping' }
  | { kind: 'connect'; namespace: string }
  | { kind: 'connect-error'; namespace: string; data: unknown }
  | { kind: 'event'; namespace: string; name: string; data: unknown }
  | { kind: 'other'; raw: string };

export function connectFrame(namespace: string, auth: Record<string, unknown>): string {
  return `40${namespace},${JSON.stringify(auth)}`;
}

export function eventFrame(namespace: string, name: string, data: unknown): string {
  return `42${namespace},${JSON.stringify([name, data])}`;
}

export const PONG = '3';

export function parseFrame(raw: string): Frame {
  if (raw.startsWith('0')) return { kind: 'open', data: JSON.parse(raw.slice(1)) };
  if (raw === '2') return { kind: 'ping' };
  const m = /^4([0-6])(\/[^,]*)?,?(.*)$/s.exec(raw);
  if (!m) return { kind: 'other', raw };
  const [, type, ns = '/', rest] = m;
  if (type === '0') return { kind: 'connect', namespace: ns };
  if (type === '4') return { kind: 'connect-error', namespace: ns, data: rest ? JSON.parse(rest) : null };
  if (type === '2') {
    const [name, data] = JSON.parse(rest) as [string, unknown];
    return { kind: 'event', namespace: ns, name, data };
  }
  return { kind: 'other', raw };
}
