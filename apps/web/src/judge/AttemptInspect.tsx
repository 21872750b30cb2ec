import { useState, type FormEvent } from 'react';
import { ApiError, call } from '../lib/api';
import { formatDateTime, formatDuration, useLang } from '../lib/i18n';
import { useJudgeT } from './i18n';
import { routeKey } from '../lib/query';
import { ErrorBox, Spinner, useLoad } from '../ui';

/** One attempt as a judge sees it: answers with the key, time per question, IP and device, anti-cheat flags. */
export function AttemptInspect({ roundId, attemptId }: { roundId: string; attemptId: string }) {
  const t = useJudgeT();
  const lang = useLang();
  const detail = useLoad(
    (signal) => call('GET /api/rounds/{roundId}/judge/attempts/{attemptId}', { path: { roundId, attemptId }, signal }),
    [roundId, attemptId],
    { key: routeKey('GET /api/rounds/{roundId}/judge/attempts/{attemptId}', { path: { roundId, attemptId } }) },
  );
  const review = useLoad((signal) => call('GET /api/attempts/{id}/review', { path: { id: attemptId }, signal }), [attemptId], {
    key: routeKey('GET /api/attempts/{id}/review', { path: { id: attemptId } }),
  });
  const [reason, setReason] = useState('');
  const [msg, setMsg] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const d = detail.data;
  const times = new Map((d?.timePerQuestion ?? []).map((x) => [x.questionId, x.msSincePrevious]));
  const disqualify = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      if (!d) return;
      await call('POST /api/rounds/{roundId}/disqualifications', { path: { roundId }, body: { contestantId: d.attempt.contestant_id, reason: reason.trim() } });
      setMsg(t('disqualifyDone'));
    } catch (ex) {
      setError(ex);
    }
  };
  return (
    <div>
      <h2>{t('inspectTitle')}</h2>
      {detail.loading && <Spinner />}
      <ErrorBox error={detail.error} />
      {d && (
        <section className="card">
          <p>
            <b>{d.contestantName ?? d.attempt.contestant_id}</b>
          </p>
          <ul>
            <li>
              {t('startedAt')}: {formatDateTime(lang, d.attempt.started_at)} · {t('submittedAt')}: {formatDateTime(lang, d.attempt.submitted_at)}
            </li>
            <li>
              {t('resultTitle')}: {d.attempt.correct ?? '—'}/{d.attempt.total} · {t('time')}: {formatDuration(d.attempt.duration_ms)}
            </li>
            <li>IP: {d.ip ?? '—'}</li>
            <li>
              {t('device')}: {d.device ?? '—'}
            </li>
            <li>
              {t('focusLosses')}: {d.focusLosses}
            </li>
          </ul>
          <h3>{t('flagsTitle')}</h3>
          {d.flags.fast ? <p className="alert error">{t('flagFast')}</p> : <p className="muted">{t('flagsNone')}</p>}
        </section>
      )}
      <ErrorBox error={review.error instanceof ApiError && review.error.status === 404 ? null : review.error} />
      {review.data && review.data.questions.length > 0 && (
        <section className="card">
          <h3 style={{ marginTop: 0 }}>{t('answers')}</h3>
          <ol>
            {review.data.questions.map((q) => (
              <li key={q.id}>
                {q.text} — <b>{q.correct ? t('answerCorrect') : t('answerWrong')}</b>
                {times.has(q.id) && <span className="muted"> · {formatDuration(times.get(q.id))}</span>}
              </li>
            ))}
          </ol>
        </section>
      )}
      <form className="card" onSubmit={(e) => void disqualify(e)}>
        <h3 style={{ marginTop: 0 }}>{t('disqualifyTitle')}</h3>
        {msg && (
          <p className="alert ok" role="status">
            {msg}
          </p>
        )}
        <ErrorBox error={error} />
        <label className="field" htmlFor="dq-reason">
          <span>{t('disqualifyReason')}</span>
          <textarea id="dq-reason" className="input" value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} />
        </label>
        <button className="btn danger" type="submit" disabled={reason.trim().length < 3 || !d}>
          {t('disqualifyButton')}
        </button>
      </form>
    </div>
  );
}
