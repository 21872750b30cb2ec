import type { AttemptResultV1 } from '@hoi-thi/contracts';
import { useEffect, useState } from 'react';
import { ApiError, call } from '../lib/api';
import { formatDuration, formatNumber, useLang, useT } from '../lib/i18n';
import { Link, useLocation } from '../lib/router';
import { storage } from '../lib/store';
import { ErrorBox, Spinner, useLoad } from '../ui';
import { type MyPlace, toMyRank } from './derive';

function Because({ mine, correct, durationMs }: { mine: MyPlace; correct: number; durationMs: number }) {
  const t = useT();
  const { above, below } = mine;
  return (
    <div>
      <p style={{ marginBottom: 0 }}>{t('rankBecause')}</p>
      <ul>
        <li>
          {mine.rank === 1 ? t('rankReasonTop', { c: correct }) : t('rankReasonCorrect', { c: correct })}
          {` (${formatDuration(durationMs)})`};
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
  // The submit's answer, kept by the exam screen: shown before (or without) this screen's own load.
  const stored = storage.getJson<AttemptResultV1 | null>(`ht.result.${attemptId}`, null);
  const attempt = useLoad((signal) => call('GET /api/attempts/{id}', { path: { id: attemptId }, signal }), [attemptId], { staleTime: 0 });
  const roundId = query.get('round') || attempt.data?.roundId || stored?.roundId || '';
  const result = attempt.data?.result ?? stored;
  const [mine, setMine] = useState<MyPlace | null>(null);
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
        const r = toMyRank(await call('GET /api/rounds/{roundId}/leaderboard/me', { path: { roundId } }));
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
      if (tries < 30) setTimeout(() => void ask(), 1500);
    };
    void ask();
    return () => {
      stop = true;
    };
  }, [roundId]);

  const reveal = useLoad(
    async (signal) => {
      try {
        await call('GET /api/attempts/{id}/review', { path: { id: attemptId }, signal });
        return true;
      } catch {
        return false;
      }
    },
    [attemptId],
  );

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
            <p className="muted">{t('rankOfTotal', { n: formatNumber(lang, mine.total) })}</p>
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
                            {e.unitName && <div className="muted">{e.unitName}</div>}
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
