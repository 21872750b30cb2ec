import { useEffect, useState } from 'react';
import { api, ApiError, asList } from '../lib/api';
import { formatDuration, formatNumber, useLang, useT } from '../lib/i18n';
import { type BoardEntry, toAttempt, toEntry } from '../lib/model';
import { Link, useLocation } from '../lib/router';
import { storage } from '../lib/store';
import { ErrorBox, Spinner, useLoad } from '../ui';

interface MyRank {
  rank: number;
  total: number | null;
  me: BoardEntry | null;
  around: BoardEntry[];
}

export function toMyRank(x: unknown): MyRank | null {
  const o = (x ?? {}) as Record<string, unknown>;
  const meRaw = (o.me ?? o.entry ?? o.self) as Record<string, unknown> | undefined;
  const rank = Number(o.rank ?? meRaw?.rank);
  if (!Number.isFinite(rank) || rank <= 0) return null;
  const around = asList<Record<string, unknown>>(o.around ?? o.neighbours ?? o.neighbors ?? o.entries, 'entries').map((e, i) => toEntry(e, i));
  const me = meRaw ? { ...toEntry(meRaw), rank, me: true } : (around.find((e) => e.rank === rank) ?? null);
  for (const e of around) if (me && e.position === me.position) e.me = true;
  const total = Number(o.total ?? o.totalEntries ?? o.entries ?? NaN);
  return { rank, total: Number.isFinite(total) ? total : null, me, around };
}

function Because({ mine, correct, durationMs }: { mine: MyRank; correct: number; durationMs: number | null }) {
  const t = useT();
  const pos = mine.me?.position ?? mine.rank;
  const above = mine.around.filter((e) => e.position < pos).sort((a, b) => b.position - a.position)[0];
  const below = mine.around.filter((e) => e.position > pos).sort((a, b) => a.position - b.position)[0];
  return (
    <div>
      <p style={{ marginBottom: 0 }}>{t('rankBecause')}</p>
      <ul>
        <li>
          {mine.rank === 1 ? t('rankReasonTop', { c: correct }) : t('rankReasonCorrect', { c: correct })}
          {durationMs != null ? ` (${formatDuration(durationMs)})` : ''};
        </li>
        {above && <li>{t('rankReasonAbove', { r: above.rank, c: above.correct, d: formatDuration(above.durationMs) })};</li>}
        {below && <li>{t('rankReasonBelow', { r: below.rank, c: below.correct, d: formatDuration(below.durationMs) })}.</li>}
      </ul>
      <p className="muted">{t('rankRule')}</p>
    </div>
  );
}

export function Result({ attemptId }: { attemptId: string }) {
  const t = useT();
  const lang = useLang();
  const { query } = useLocation();
  const stored = storage.getJson<Record<string, unknown> | null>(`ht.result.${attemptId}`, null);
  const attempt = useLoad(async (signal) => toAttempt(await api(`/api/attempts/${attemptId}`, { signal })), [attemptId]);
  const roundId = query.get('round') || attempt.data?.roundId || String(stored?.roundId ?? '');
  const result = attempt.data?.result ?? (stored && typeof stored.correct === 'number' ? { correct: stored.correct as number, total: Number(stored.total ?? 0), durationMs: Number(stored.durationMs ?? NaN) } : null);
  const [mine, setMine] = useState<MyRank | null>(null);
  // An attempt closed at zero without a submit is closed by the server at its deadline: wait for it.
  const stillActive = attempt.data?.status === 'active';
  useEffect(() => {
    if (!stillActive) return;
    const id = setTimeout(attempt.reload, 3000);
    return () => clearTimeout(id);
  }, [stillActive, attempt]);
  const [rankError, setRankError] = useState<unknown>(null);

  // The leaderboard takes the submission from a stream: ask again for a little while until it is ranked.
  useEffect(() => {
    if (!roundId) return;
    let stop = false;
    let tries = 0;
    const ask = async () => {
      tries++;
      try {
        const r = toMyRank(await api(`/api/rounds/${roundId}/leaderboard/me`));
        if (stop) return;
        if (r) {
          setMine(r);
          setRankError(null);
          return;
        }
      } catch (e) {
        if (stop) return;
        if (!(e instanceof ApiError && (e.status === 404 || e.offline))) {
          setRankError(e);
          return;
        }
      }
      if (tries < 30) setTimeout(ask, 1500);
    };
    void ask();
    return () => {
      stop = true;
    };
  }, [roundId]);

  const reveal = useLoad(async (signal) => {
    try {
      await api(`/api/attempts/${attemptId}/review`, { signal });
      return true;
    } catch {
      return false;
    }
  }, [attemptId]);

  return (
    <main id="main" tabIndex={-1} className="narrow">
      <h1>{t('resultTitle')}</h1>
      {query.get('auto') && <p className="alert info">{t('timeUp')}</p>}
      <ErrorBox error={attempt.error} onRetry={attempt.reload} />
      {!result && (attempt.loading || stillActive) && <Spinner label={stillActive ? t('closing') : undefined} />}
      {result && (
        <section className="card" aria-labelledby="score">
          <p id="score" className="big" data-testid="score">
            {t('correctOf', { c: result.correct, t: result.total })}
          </p>
          <p>{t('timeTaken', { d: formatDuration(result.durationMs) })}</p>
        </section>
      )}
      <section className="card" aria-labelledby="rank-h" aria-live="polite">
        <h2 id="rank-h" style={{ marginTop: 0 }}>
          {t('provisionalRank')}
        </h2>
        <ErrorBox error={rankError} />
        {!mine && !rankError && <Spinner label={t('rankPending')} />}
        {mine && (
          <>
            <p className="big" data-testid="rank">
              {t('rankIs', { r: formatNumber(lang, mine.rank) })}
            </p>
            {mine.total != null && <p className="muted">{t('rankOfTotal', { n: formatNumber(lang, mine.total) })}</p>}
            {result && <Because mine={mine} correct={result.correct} durationMs={result.durationMs} />}
            {mine.around.length > 0 && (
              <>
                <h3>{t('around')}</h3>
                <div className="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t('rank')}</th>
                        <th scope="col">{t('name')}</th>
                        <th scope="col">{t('correct')}</th>
                        <th scope="col">{t('time')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {mine.around.map((e) => (
                        <tr key={e.position} className={e.me ? 'me' : undefined}>
                          <td>#{formatNumber(lang, e.rank)}</td>
                          <td>
                            {e.me ? `${t('you')} (${e.name})` : e.name}
                            {e.unit && <div className="muted">{e.unit}</div>}
                          </td>
                          <td>{e.correct}</td>
                          <td>{formatDuration(e.durationMs)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            )}
          </>
        )}
      </section>
      <div className="row">
        {reveal.data ? (
          <Link className="btn secondary" to={`/review/${attemptId}`}>
            {t('review')}
          </Link>
        ) : (
          <p className="muted">{t('reviewNotYet')}</p>
        )}
        <Link className="btn secondary" to={`/certificate/${attemptId}${roundId ? `?round=${roundId}` : ''}`}>
          {t('certificate')}
        </Link>
        <Link className="btn secondary" to="/">
          {t('backToContest')}
        </Link>
      </div>
    </main>
  );
}
