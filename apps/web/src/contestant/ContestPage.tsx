import type { ContestRoundV1 } from '@hoi-thi/contracts';
import { useEffect, useRef, useState } from 'react';
import { ApiError, call } from '../lib/api';
import { useClaims } from '../lib/auth';
import { formatDateTime, useLang, useT } from '../lib/i18n';
import { dismissSavedNotice, hasSavedNotice, isProfileField, isProfileRefusal, isStaleRefusal } from '../lib/profile';
import { Link, navigate } from '../lib/router';
import { storage } from '../lib/store';
import { routeKey } from '../lib/query';
import { ErrorBox, Spinner, useLoad } from '../ui';
import { myRoundAttempts } from './derive';

function RoundCard({ round, contestId }: { round: ContestRoundV1; contestId: string }) {
  const t = useT();
  const lang = useLang();
  const claims = useClaims();
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  const mine = useLoad(
    async (signal) =>
      claims && round.status !== 'upcoming'
        ? myRoundAttempts(await call('GET /api/rounds/{roundId}/attempts/mine', { path: { roundId: round.id }, signal }))
        : null,
    [round.id, claims?.sub],
    { staleTime: 0 },
  );
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const [rechecking, setRechecking] = useState(false);
  const start = async () => {
    setBusy(true);
    setErr(null);
    try {
      for (;;) {
        try {
          const a = await call('POST /api/rounds/{roundId}/attempts', { path: { roundId: round.id } });
          storage.setJson(`ht.attempt.${a.attemptId}`, { roundId: round.id, contestId, receivedAt: Date.now() });
          navigate(`/exam/${a.attemptId}`);
          return;
        } catch (e) {
          // A refusal kept from before the profile was just fixed: ask again until the service decides anew.
          if (!isStaleRefusal(e)) throw e;
          setRechecking(true);
          await new Promise((r) => setTimeout(r, 1500));
          if (!mounted.current) return;
        }
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) navigate(`/login?next=${encodeURIComponent(`/contests/${contestId}`)}`);
      else setErr(e);
    } finally {
      if (mounted.current) {
        setBusy(false);
        setRechecking(false);
      }
    }
  };
  // A draft round reaches this page only for an organizer (GET /api/contests/{contestId} with their token): no start.
  const label = round.published ? { upcoming: t('roundUpcoming'), open: t('roundOpen'), closed: t('roundClosed') }[round.status] : t('roundDraft');
  const m = mine.data;
  return (
    <section className="card" aria-labelledby={`r-${round.id}`}>
      <div className="spread">
        <h3 id={`r-${round.id}`} style={{ margin: 0 }}>
          {round.title}
        </h3>
        <span className={`badge ${round.status}`}>{label}</span>
      </div>
      <dl className="muted" style={{ margin: '0.5rem 0' }}>
        <div>
          {t('opensAt')}: <b>{formatDateTime(lang, round.opensAt)}</b> · {t('closesAt')}: <b>{formatDateTime(lang, round.closesAt)}</b>
        </div>
        <div>
          {t('timeLimit')}: <b>{t('minutes', { n: Math.round(round.timeLimitSeconds / 60) })}</b>
          {round.questionCount ? ` · ${round.questionCount} ${t('questionsWord')}` : ''}
        </div>
        <div>
          {m
            ? m.left === null
              ? t('attemptsUnlimited')
              : t('attemptsLeft', { n: m.left })
            : round.attemptsAllowed === null
              ? t('attemptsUnlimited')
              : `${round.attemptsAllowed} ${t('attemptsWord')}`}
        </div>
        {m && m.used > 0 && <div>{t('attemptsUsed', { n: m.used })}</div>}
      </dl>
      {m?.best && (
        <p>
          {t('bestResult', { c: m.best.correct, t: m.best.total })} · <Link to={`/result/${m.best.attemptId}?round=${round.id}`}>{t('seeResult')}</Link>
        </p>
      )}
      <ErrorBox error={err} />
      {isProfileRefusal(err) && (
        <Link
          className="btn block secondary"
          to={`/profile?next=${encodeURIComponent(`/contests/${contestId}`)}&need=${encodeURIComponent(
            err.errors
              .filter((x) => isProfileField(x.field))
              .map((x) => x.field)
              .join(','),
          )}`}
        >
          {t('updateProfile')}
        </Link>
      )}
      {rechecking && <Spinner label={t('recheckingEligibility')} />}
      {round.status === 'open' &&
        round.published &&
        (!claims ? (
          <Link className="btn block" to={`/login?next=${encodeURIComponent(`/contests/${contestId}`)}`}>
            {t('loginToTake')}
          </Link>
        ) : m?.active ? (
          <Link className="btn block" to={`/exam/${m.active}`}>
            {t('resumeAttempt')}
          </Link>
        ) : m && m.left === 0 ? (
          <p className="alert info">{t('noAttemptsLeft')}</p>
        ) : (
          <button className="btn block" onClick={() => void start()} disabled={busy || mine.loading}>
            {busy && <span className="spinner" aria-hidden="true" />} {t('startAttempt')}
          </button>
        ))}
    </section>
  );
}

export function ContestPage({ contestId }: { contestId: string }) {
  const t = useT();
  const { data, error, loading, reload } = useLoad((signal) => call('GET /api/contests/{contestId}', { path: { contestId }, signal }), [contestId], {
    key: routeKey('GET /api/contests/{contestId}', { path: { contestId } }),
  });
  // Back from the profile page: say it was saved (once).
  const [savedNotice] = useState(() => hasSavedNotice());
  useEffect(() => dismissSavedNotice, []);
  return (
    <main id="main" tabIndex={-1} className="narrow">
      {loading && !data && <Spinner />}
      <ErrorBox error={error} onRetry={reload} />
      {data && (
        <>
          <h1>{data.title}</h1>
          {savedNotice && (
            <p className="alert ok" role="status">
              {t('profileSavedBack')}
            </p>
          )}
          <p>{data.description}</p>
          <h2>{t('rounds')}</h2>
          {data.rounds.length === 0 && <p className="muted">{t('none')}</p>}
          {data.rounds.map((r) => (
            <RoundCard key={r.id} round={r} contestId={data.id} />
          ))}
          {data.rules && (
            <details className="card" open={data.rules.length < 600}>
              <summary>
                <b>{t('rules')}</b>
              </summary>
              <p className="pre">{data.rules}</p>
            </details>
          )}
          {data.materials.length > 0 && (
            <section className="card">
              <h2 style={{ marginTop: 0 }}>{t('materials')}</h2>
              <ul>
                {data.materials.map((m) => (
                  <li key={m.id}>
                    <a href={m.url} target="_blank" rel="noopener noreferrer">
                      {m.title}
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </main>
  );
}
