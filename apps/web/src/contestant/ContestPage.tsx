import { useEffect, useRef, useState } from 'react';
import { api, ApiError, asList } from '../lib/api';
import { useClaims } from '../lib/auth';
import { formatDateTime, useLang, useT } from '../lib/i18n';
import { Round, toAttempt, toContest } from '../lib/model';
import { dismissSavedNotice, hasSavedNotice, isProfileField, isProfileRefusal, isStaleRefusal } from '../lib/profile';
import { Link, navigate } from '../lib/router';
import { storage } from '../lib/store';
import { ErrorBox, Spinner, useLoad } from '../ui';

interface Mine {
  attempts: { id: string; status: string; correct: number | null; total: number | null }[];
  active: string | null;
  best: { id: string; correct: number; total: number } | null;
  left: number | null;
}

function toMine(x: unknown, round: Round): Mine {
  const o = (x ?? {}) as Record<string, unknown>;
  const attempts = asList<Record<string, unknown>>(x, 'attempts').map((a) => ({
    id: String(a.id ?? a.attemptId),
    status: String(a.status ?? ''),
    correct: typeof a.correct === 'number' ? a.correct : null,
    total: typeof a.total === 'number' ? a.total : null,
  }));
  const active = attempts.find((a) => a.status === 'active')?.id ?? (typeof o.activeAttemptId === 'string' ? o.activeAttemptId : null);
  const b = o.best as Record<string, unknown> | null | undefined;
  const best = b ? { id: String(b.id ?? b.attemptId), correct: Number(b.correct ?? 0), total: Number(b.total ?? 0) } : null;
  const leftRaw = o.attemptsLeft ?? o.left;
  const left = typeof leftRaw === 'number' ? leftRaw : round.attemptsAllowed == null ? null : Math.max(0, round.attemptsAllowed - attempts.length);
  return { attempts, active, best, left };
}

function RoundCard({ round, contestId }: { round: Round; contestId: string }) {
  const t = useT();
  const lang = useLang();
  const claims = useClaims();
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<unknown>(null);
  const mine = useLoad(async (signal) => (claims && round.status !== 'upcoming' ? toMine(await api(`/api/rounds/${round.id}/attempts/mine`, { signal }), round) : null), [round.id, claims?.sub]);
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
          const a = toAttempt(await api<Record<string, unknown>>(`/api/rounds/${round.id}/attempts`, { method: 'POST', body: {} }));
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
  const label = { upcoming: t('roundUpcoming'), open: t('roundOpen'), closed: t('roundClosed'), draft: 'Draft' }[round.status];
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
        {round.timeLimitSeconds != null && (
          <div>
            {t('timeLimit')}: <b>{t('minutes', { n: Math.round(round.timeLimitSeconds / 60) })}</b>
            {round.questionCount ? ` · ${round.questionCount} ${lang === 'vi' ? 'câu' : 'questions'}` : ''}
          </div>
        )}
        <div>{round.attemptsAllowed == null ? t('attemptsUnlimited') : m ? t('attemptsLeft', { n: m.left ?? round.attemptsAllowed }) : `${round.attemptsAllowed} ${lang === 'vi' ? 'lượt thi' : 'attempts'}`}</div>
        {m && m.attempts.length > 0 && <div>{t('attemptsUsed', { n: m.attempts.length })}</div>}
      </dl>
      {m?.best && (
        <p>
          {t('bestResult', { c: m.best.correct, t: m.best.total })} · <Link to={`/result/${m.best.id}?round=${round.id}`}>{t('seeResult')}</Link>
        </p>
      )}
      <ErrorBox error={err} />
      {isProfileRefusal(err) && (
        <Link className="btn block secondary" to={`/profile?next=${encodeURIComponent(`/contests/${contestId}`)}&need=${encodeURIComponent(err.errors.filter((x) => isProfileField(x.field)).map((x) => x.field).join(','))}`}>
          {t('updateProfile')}
        </Link>
      )}
      {rechecking && <Spinner label={t('recheckingEligibility')} />}
      {round.status === 'open' &&
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
          <button className="btn block" onClick={start} disabled={busy || mine.loading}>
            {busy && <span className="spinner" aria-hidden="true" />} {t('startAttempt')}
          </button>
        ))}
    </section>
  );
}

export function ContestPage({ contestId }: { contestId: string }) {
  const t = useT();
  const { data, error, loading, reload } = useLoad(async (signal) => toContest(await api(`/api/contests/${contestId}`, { signal })), [contestId]);
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
                {data.materials.map((m, i) => (
                  <li key={i}>{m.url ? <a href={m.url} target="_blank" rel="noopener noreferrer">{m.title}</a> : m.title}</li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </main>
  );
}
