import { check } from 'k6';
import { Options } from 'k6/options';
import { Counter, Trend } from 'k6/metrics';
import ws from 'k6/ws';
import { BASE_URL, pickRound } from './lib/config';
import { connectFrame, eventFrame, parseFrame, PONG, socketIoUrl } from './lib/socketio';

/**
 * Judges and the public watching a round's live board over socket.io (namespace /live). Each watcher measures the
 * delay between a snapshot's `at` and its arrival (clocks of the target and the generator must agree: NTP).
 */
const lag = new Trend('snapshot_lag_ms', true);
const snapshots = new Counter('snapshots_received');

export const options: Options = {
  scenarios: {
    watchers: {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: [
        { target: Number(__ENV.WATCHERS || 5000), duration: '2m' },
        { target: Number(__ENV.WATCHERS || 5000), duration: '5m' },
      ],
      gracefulRampDown: '30s',
    },
  },
  thresholds: {
    snapshot_lag_ms: ['p(50)<500', 'p(99)<1500'],
    snapshots_received: ['count>0'],
    checks: ['rate>0.99'],
  },
};

export function setup(): { roundId: string } {
  return { roundId: pickRound() };
}

export default function watch(data: { roundId: string }): void {
  const token = __ENV.TOKEN || '';
  const res = ws.connect(socketIoUrl(BASE_URL), {}, (socket) => {
    socket.on('message', (raw: string) => {
      const frame = parseFrame(raw);
      if (frame.kind === 'open') socket.send(connectFrame('/live', token ? { token } : {}));
      else if (frame.kind === 'ping') socket.send(PONG);
      else if (frame.kind === 'connect') socket.send(eventFrame('/live', 'watch', { roundId: data.roundId }));
      else if (frame.kind === 'event' && frame.name === 'leaderboard') {
        const at = Date.parse((frame.data as { at: string }).at);
        if (!Number.isNaN(at)) lag.add(Date.now() - at);
        snapshots.add(1);
      }
    });
    socket.setTimeout(() => socket.close(), Number(__ENV.WATCH_SECONDS || 60) * 1000);
  });
  check(res, { 'websocket upgraded (101)': (r) => !!r && r.status === 101 });
}
