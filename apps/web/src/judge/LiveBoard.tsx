import { useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { api, asList, refreshSession } from '../lib/api';
import { sessionStore } from '../lib/auth';
import { formatDateTime, formatDuration, formatNumber, useL, useLang } from '../lib/i18n';
import { type BoardEntry, toEntry } from '../lib/model';
import { Link } from '../lib/router';
import { StatsView } from '../organizer/Stats';
import { ErrorBox, useLoad } from '../ui';

type Obj = Record<string, unknown>;
interface Snapshot {
  at: string;
  total: number | null;
  entries: BoardEntry[];
  counters: Obj;
}
function toSnapshot(x: Obj): Snapshot {
  return {
    at: String(x.at ?? new Date().toISOString()),
    total: typeof x.total === 'number' ? x.total : null,
    entries: asList<Obj>(x.top ?? x.entries, 'entries').map((e, i) => toEntry(e, i)),
    counters: (x.counters ?? {}) as Obj,
  };
}

/** The live board: socket.io `/live`, `watch {roundId}` → `leaderboard {roundId, top, counters, at}` about once a second. */
export function LiveBoard({ roundId }: { roundId: string }) {
  const L = useL();
  const lang = useLang();
  const [snap, setSnap] = useState<Snapshot | null>(null);
  const [conn, setConn] = useState<'connecting' | 'live' | 'down'>('connecting');
  const [updates, setUpdates] = useState(0);
  const [finalized, setFinalized] = useState(false);
  const stats = useLoad(async (signal) => api<Obj>(`/api/rounds/${roundId}/stats`, { signal }), [roundId]);
  const attempts = useLoad(async (signal) => asList<Obj>(await api(`/api/rounds/${roundId}/judge/attempts?limit=50`, { signal }), 'attempts'), [roundId, updates]);
  const flags = useLoad(async (signal) => api<Obj>(`/api/rounds/${roundId}/judge/flags`, { signal }), [roundId]);

  useEffect(() => {
    let stop = false;
    // A first page over HTTP, so the board shows even before the socket's first push.
    api<Obj>(`/api/rounds/${roundId}/leaderboard?limit=20`).then(
      (x) => !stop && setSnap((s) => s ?? toSnapshot(x)),
      () => undefined,
    );
    const socket: Socket = io('/live', {
      transports: ['websocket'],
      auth: (cb) => cb({ token: sessionStore.get()?.accessToken }),
      reconnectionDelayMax: 5000,
    });
    socket.on('connect', () => {
      setConn('live');
      socket.emit('watch', { roundId, view: 'judge' });
    });
    socket.on('disconnect', () => setConn('down'));
    socket.on('connect_error', async (e) => {
      setConn('down');
      // An expired access token: rotate it and let socket.io reconnect with the new one.
      if (/jwt|token|auth|401/i.test(String(e?.message))) await refreshSession();
    });
    socket.on('leaderboard', (x: Obj) => {
      if (String(x.roundId ?? roundId) !== roundId) return;
      setSnap(toSnapshot(x));
      setUpdates((n) => n + 1);
    });
    // Judges also get the statistics pushed (histogram, per minute, units) whenever they change.
    socket.on('stats', (x: Obj) => String(x?.roundId ?? roundId) === roundId && stats.setData(x));
    socket.on('finalized', (x: Obj) => String(x?.roundId ?? roundId) === roundId && setFinalized(true));
    return () => {
      stop = true;
      socket.close();
    };
  }, [roundId]);

  const c = snap?.counters ?? {};
  const n = (k: string[]) => {
    const v = k.map((x) => c[x]).find((x) => typeof x === 'number') as number | undefined;
    return v === undefined ? '—' : formatNumber(lang, v);
  };
  return (
    <div>
      <p className="row" role="status" aria-live="polite">
        <span className={`badge ${conn === 'live' ? 'open' : 'closed'}`} data-testid="live-state">
          {conn === 'live' ? L('Trực tiếp', 'Live') : conn === 'connecting' ? L('Đang kết nối…', 'Connecting…') : L('Mất kết nối, đang thử lại', 'Disconnected, retrying')}
        </span>
        {snap && (
          <span className="muted">
            {L('Cập nhật lúc', 'Updated')} {formatDateTime(lang, snap.at)} · {updates} {L('lần cập nhật', 'updates')}
          </span>
        )}
        {finalized && <span className="badge open">{L('Đã chốt kết quả', 'Finalized')}</span>}
      </p>
      <div className="stat" data-testid="counters">
        <div>
          <span className="muted">{L('Đã đăng ký', 'Registered')}</span>
          <b>{n(['registered'])}</b>
        </div>
        <div>
          <span className="muted">{L('Đang làm bài', 'In progress')}</span>
          <b>{n(['inProgress'])}</b>
        </div>
        <div>
          <span className="muted">{L('Lượt đã nộp', 'Submitted')}</span>
          <b data-testid="submitted-count">{n(['attempts', 'submitted'])}</b>
        </div>
        <div>
          <span className="muted">{L('Bài hợp lệ', 'Valid entries')}</span>
          <b>{n(['validEntries', 'entries'])}</b>
        </div>
        <div>
          <span className="muted">{L('Nộp bài/phút', 'Submissions/min')}</span>
          <b>{n(['submissionsPerMinute'])}</b>
        </div>
      </div>
      <section className="card">
        <h2 style={{ marginTop: 0 }}>{L('Bảng xếp hạng', 'Leaderboard')}</h2>
        <div className="table-wrap">
          <table data-testid="board">
            <thead>
              <tr>
                <th scope="col">{L('Hạng', 'Rank')}</th>
                <th scope="col">{L('Họ tên', 'Name')}</th>
                <th scope="col">{L('Đơn vị', 'Unit')}</th>
                <th scope="col">{L('Đúng', 'Correct')}</th>
                <th scope="col">{L('Thời gian', 'Time')}</th>
              </tr>
            </thead>
            <tbody>
              {snap?.entries.map((e) => (
                <tr key={e.position}>
                  <td>#{e.rank}</td>
                  <td>{e.name || '—'}</td>
                  <td>{e.unit || '—'}</td>
                  <td>{e.correct}</td>
                  <td>{formatDuration(e.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {snap && snap.entries.length === 0 && <p className="muted">{L('Chưa có bài nộp.', 'No submission yet.')}</p>}
        </div>
      </section>
      <ErrorBox error={stats.error} />
      {stats.data && <StatsView stats={stats.data} hideCounters />}
      <section className="card">
        <h2 style={{ marginTop: 0 }}>{L('Bài thi và cảnh báo', 'Attempts and flags')}</h2>
        {flags.data && (
          <p className="muted">
            {L('Làm quá nhanh', 'Implausibly fast')}: <b>{asList(flags.data.fast).length}</b> · {L('Nhiều tài khoản cùng địa chỉ IP', 'Many accounts per address')}: <b>{asList(flags.data.sharedAddresses).length}</b> · {L('Nhiều tài khoản cùng thiết bị', 'Many accounts per device')}: <b>{asList(flags.data.sharedDevices).length}</b>
          </p>
        )}
        <ErrorBox error={attempts.error} />
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{L('Thí sinh', 'Contestant')}</th>
                <th scope="col">{L('Đúng', 'Correct')}</th>
                <th scope="col">{L('Thời gian', 'Time')}</th>
                <th scope="col">{L('Rời màn hình', 'Focus losses')}</th>
                <th scope="col">{L('Cảnh báo', 'Flags')}</th>
              </tr>
            </thead>
            <tbody>
              {attempts.data?.map((a) => {
                const f = (a.flags ?? {}) as Obj;
                return (
                  <tr key={String(a.id)}>
                    <td>
                      <Link to={`/judge/rounds/${roundId}/attempts/${String(a.id)}`}>{String(a.contestantName ?? a.contestant_id ?? '')}</Link>
                    </td>
                    <td>
                      {String(a.correct ?? '—')}/{String(a.total ?? '—')}
                    </td>
                    <td>{formatDuration(Number(a.duration_ms ?? a.durationMs ?? NaN))}</td>
                    <td>{String(a.focusLosses ?? 0)}</td>
                    <td>
                      {f.fast ? <span className="badge upcoming">{L('quá nhanh', 'too fast')}</span> : null} {f.disqualified ? <span className="badge closed">{L('đã loại', 'disqualified')}</span> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
