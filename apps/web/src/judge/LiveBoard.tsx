import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { BoardPageV1, BoardStatsV1, JudgeAttemptV1, LeaderboardPushV1, LiveCountersV1 } from '@hoi-thi/contracts';
import { call, refreshSession } from '../lib/api';
import { sessionStore } from '../lib/auth';
import { formatDateTime, formatDuration, formatNumber, useLang } from '../lib/i18n';
import { useJudgeT } from './i18n';
import { Link } from '../lib/router';
import { StatsView } from '../organizer/Stats';
import { routeKey } from '../lib/query';
import { ErrorBox, useLoad } from '../ui';
import { DataTable } from '../lib/DataTable';
import { usePages } from '../lib/paging';
import { boardWindow } from './board';

/** A line of the board as the screen shows it: the pushed top's lines, and the HTTP pages' (which carry more). */
type BoardLine = LeaderboardPushV1['top'][number];

/** What the board shows: its first page, from the push (or the first HTTP read before the push). */
interface Top {
  at: string;
  lines: BoardLine[];
  /** Entries on the board: the HTTP page's total, else the push's count of valid entries (the push has no total). */
  total: number;
  /** Only the push carries the counters. */
  counters: LiveCountersV1 | null;
}

/** socket.io `finalized` (no contract of its own: the round's id only). */
interface FinalizedPush {
  roundId: string;
}

/** The live board's page size: the push's top 20, then the same windows over HTTP (`?offset=&limit=`). */
const PAGE = 20;

/** Attempts re-read at most this often while pushes come (each re-read walks every page already open). */
const ATTEMPTS_REFRESH_MS = 3000;

/** A count of a list the API cuts at `cap` (the flags' lists): "200+" when it may hold more. */
const capped = (n: number, cap: number) => (n >= cap ? `${cap}+` : String(n));

const fromPage = (p: BoardPageV1): Top => ({ at: p.at, lines: p.entries, total: p.total, counters: null });
const fromPush = (p: LeaderboardPushV1): Top => ({ at: p.at, lines: p.top, total: p.counters.validEntries, counters: p.counters });

/** The live board: socket.io `/live`, `watch {roundId}` → `leaderboard {roundId, top, counters, at}` about once a second. */
export function LiveBoard({ roundId }: { roundId: string }) {
  const t = useJudgeT();
  const lang = useLang();
  const [top, setTop] = useState<Top | null>(null);
  const [conn, setConn] = useState<'connecting' | 'live' | 'down'>('connecting');
  const [updates, setUpdates] = useState(0);
  const [finalized, setFinalized] = useState(false);
  const [page, setPage] = useState(0);
  const [fastOnly, setFastOnly] = useState(false);
  const stats = useLoad((signal) => call('GET /api/rounds/{roundId}/stats', { path: { roundId }, signal }), [roundId], {
    key: routeKey('GET /api/rounds/{roundId}/stats', { path: { roundId } }),
  });
  const attempts = usePages<JudgeAttemptV1>(
    (cursor, signal) =>
      call('GET /api/rounds/{roundId}/judge/attempts', { path: { roundId }, query: { limit: 50, cursor, fast: fastOnly || undefined }, signal }),
    [roundId, fastOnly],
  );
  const flags = useLoad((signal) => call('GET /api/rounds/{roundId}/judge/flags', { path: { roundId }, signal }), [roundId]);
  // A deeper page of the board (a position window), re-read at every push so that it moves with the top.
  const deeper = useLoad(
    async (signal) =>
      page === 0 ? null : call('GET /api/rounds/{roundId}/leaderboard', { path: { roundId }, query: { offset: page * PAGE, limit: PAGE }, signal }),
    [roundId, page, page === 0 ? 0 : updates],
  );

  useEffect(() => {
    setTop(null);
    setPage(0);
    let stop = false;
    // A first page over HTTP, so the board shows even before the socket's first push.
    call('GET /api/rounds/{roundId}/leaderboard', { path: { roundId }, query: { limit: PAGE } }).then(
      (p) => !stop && setTop((s) => s ?? fromPage(p)),
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
    socket.on('connect_error', async (e: Error) => {
      setConn('down');
      // An expired access token: rotate it and let socket.io reconnect with the new one.
      if (/jwt|token|auth|401/i.test(e.message)) await refreshSession();
    });
    socket.on('leaderboard', (x: LeaderboardPushV1) => {
      if (x.roundId !== roundId) return;
      setTop(fromPush(x));
      setUpdates((n) => n + 1);
    });
    // Judges also get the statistics pushed (histogram, per minute, units) whenever they change.
    socket.on('stats', (x: BoardStatsV1) => x.roundId === roundId && stats.setData(x));
    socket.on('finalized', (x: FinalizedPush) => x.roundId === roundId && setFinalized(true));
    return () => {
      stop = true;
      socket.close();
    };
  }, [roundId]);

  // The attempts shown follow the board: a push re-reads the pages already open (at most every few seconds, the
  // last push always followed).
  const lastRefresh = useRef(0);
  useEffect(() => {
    if (updates === 0) return;
    const timer = setTimeout(
      () => {
        lastRefresh.current = Date.now();
        attempts.refresh();
      },
      Math.max(0, lastRefresh.current + ATTEMPTS_REFRESH_MS - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [updates]);

  // Until the first push, the counters of the statistics read over HTTP.
  const counters = top?.counters ?? stats.data?.counters ?? null;
  const n = (v: number | undefined) => (v === undefined ? '—' : formatNumber(lang, v));
  const pager = boardWindow(page, PAGE, deeper.data?.total ?? top?.total ?? null);
  // A deeper page shows once the window asked for has come (not the previous page's under the new number).
  const shown = page === 0 ? top : deeper.data?.offset === pager.offset ? fromPage(deeper.data) : null;
  return (
    <div>
      <p className="row" role="status" aria-live="polite">
        <span className={`badge ${conn === 'live' ? 'open' : 'closed'}`} data-testid="live-state">
          {conn === 'live' ? t('connLive') : conn === 'connecting' ? t('connConnecting') : t('connLost')}
        </span>
        {top && (
          <span className="muted">
            {t('updatedAt')} {formatDateTime(lang, top.at)} · {updates} {t('updatesWord')}
          </span>
        )}
        {finalized && <span className="badge open">{t('boardFinalized')}</span>}
      </p>
      <div className="stat" data-testid="counters">
        <div>
          <span className="muted">{t('statRegistered')}</span>
          <b>{n(counters?.registered)}</b>
        </div>
        <div>
          <span className="muted">{t('statInProgress')}</span>
          <b>{n(counters?.inProgress)}</b>
        </div>
        <div>
          <span className="muted">{t('statSubmitted')}</span>
          <b data-testid="submitted-count">{n(counters?.attempts)}</b>
        </div>
        <div>
          <span className="muted">{t('statValid')}</span>
          <b>{n(counters?.validEntries)}</b>
        </div>
        <div>
          <span className="muted">{t('statPerMinute')}</span>
          <b>{n(counters?.submissionsPerMinute)}</b>
        </div>
      </div>
      <section className="card">
        <h2 style={{ marginTop: 0 }}>{t('leaderboard')}</h2>
        <ErrorBox error={page === 0 ? null : deeper.error} />
        <div className="table-wrap">
          <table data-testid="board">
            <thead>
              <tr>
                <th scope="col">{t('rank')}</th>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('unitColumn')}</th>
                <th scope="col">{t('correct')}</th>
                <th scope="col">{t('time')}</th>
              </tr>
            </thead>
            <tbody>
              {shown?.lines.map((e, i) => (
                <tr key={pager.offset + i}>
                  <td>#{e.rank}</td>
                  <td>{e.name || '—'}</td>
                  <td>{e.unitName ?? '—'}</td>
                  <td>{e.correct}</td>
                  <td>{formatDuration(e.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {shown && shown.lines.length === 0 && page === 0 && <p className="muted">{t('boardEmpty')}</p>}
        </div>
        {(pager.hasPrevious || pager.hasNext) && (
          <nav className="row" aria-label={t('boardPages')}>
            <button type="button" className="btn small secondary" disabled={!pager.hasPrevious} onClick={() => setPage((p) => Math.max(0, p - 1))}>
              ← {t('pagePrev')}
            </button>
            <span className="muted">
              {t('page')} {formatNumber(lang, page + 1)}
              {pager.pageCount !== null && ` / ${formatNumber(lang, pager.pageCount)}`}
              {page > 0 && deeper.loading && <span className="spinner" aria-hidden="true" />}
            </span>
            <button type="button" className="btn small secondary" disabled={!pager.hasNext} onClick={() => setPage((p) => p + 1)}>
              {t('pageNext')} →
            </button>
          </nav>
        )}
      </section>
      <ErrorBox error={stats.error} />
      {stats.data && <StatsView stats={stats.data} hideCounters />}
      <section className="card">
        <h2 style={{ marginTop: 0 }}>{t('attemptsAndFlags')}</h2>
        {flags.data && (
          <p className="muted">
            {t('flagFastCount')}: <b>{capped(flags.data.fast.length, 200)}</b> · {t('flagSharedAddresses')}:{' '}
            <b>{capped(flags.data.sharedAddresses.length, 100)}</b> · {t('flagSharedDevices')}: <b>{capped(flags.data.sharedDevices.length, 100)}</b>
          </p>
        )}
        <label className="row">
          <input type="checkbox" checked={fastOnly} onChange={(e) => setFastOnly(e.target.checked)} /> {t('fastOnly')}
        </label>
        <DataTable
          caption={t('attemptsAndFlags')}
          captionHidden
          list={attempts}
          rowKey={(a) => a.id}
          empty={t('none')}
          moreLabel={t('moreAttempts')}
          columns={[
            {
              id: 'contestant',
              header: t('contestantColumn'),
              cell: (a) => <Link to={`/judge/rounds/${roundId}/attempts/${a.id}`}>{a.contestantName ?? a.contestant_id}</Link>,
              sortValue: (a) => a.contestantName ?? a.contestant_id,
            },
            { id: 'correct', header: t('correct'), cell: (a) => `${a.correct ?? '—'}/${a.total}`, sortValue: (a) => a.correct },
            { id: 'time', header: t('time'), cell: (a) => formatDuration(a.duration_ms), sortValue: (a) => a.duration_ms },
            { id: 'focus', header: t('focusLossesColumn'), cell: (a) => a.focusLosses, sortValue: (a) => a.focusLosses },
            {
              id: 'flags',
              header: t('flagsColumn'),
              cell: (a) => (
                <>
                  {a.flags.fast ? <span className="badge upcoming">{t('badgeFast')}</span> : null}{' '}
                  {a.flags.disqualified ? <span className="badge closed">{t('badgeDisqualified')}</span> : null}
                </>
              ),
              sortValue: (a) => (a.flags.disqualified ? 2 : 0) + (a.flags.fast ? 1 : 0) || null,
            },
          ]}
        />
      </section>
    </div>
  );
}
