import type { AttemptEventType, AttemptResultV1, AttemptV1, SubmitAttemptRequestV1 } from '@hoi-thi/contracts';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { AnswerQueue, type SaveState } from '../exam/answer-queue';
import { clockOffset, remainingMs } from '../exam/server-clock';
import { ApiError, call } from '../lib/api';
import { formatDuration, useT } from '../lib/i18n';
import { navigate } from '../lib/router';
import { storage } from '../lib/store';
import { Dialog, ErrorBox, Spinner } from '../ui';

function SaveMark({ state, pending }: { state: SaveState | 'idle'; pending: number }) {
  const t = useT();
  if (state === 'idle') return <span className="savemark" aria-hidden="true" />;
  const text = { saved: t('saved'), saving: t('saving'), offline: t('offlineShort'), error: t('saveRejected') }[state];
  const icon = { saved: '✓', saving: '…', offline: '⚠', error: '✕' }[state];
  return (
    <span
      className={`savemark ${state}`}
      data-testid="save-mark"
      data-state={state}
      title={state === 'offline' ? t('offline') : undefined}
      role="status"
      aria-live="polite"
    >
      <span aria-hidden="true">{icon}</span> {text}
      {pending > 0 && state !== 'saved' && <span className="sr-only">{t('pendingCount', { n: pending })}</span>}
    </span>
  );
}

function Countdown({ deadline, offset, onZero }: { deadline: string; offset: number; onZero: () => void }) {
  const t = useT();
  const [now, setNow] = useState(() => Date.now());
  const fired = useRef(false);
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(id);
  }, []);
  const left = remainingMs(deadline, offset, now);
  useEffect(() => {
    if (left <= 0 && !fired.current) {
      fired.current = true;
      onZero();
    }
  }, [left, onZero]);
  const minutesLeft = Math.ceil(left / 60000);
  return (
    <div>
      <span className="sr-only">{t('timeLeft')}</span>
      <span
        className={`clock${left < 60_000 ? ' low' : ''}`}
        role="timer"
        aria-live="off"
        data-testid="countdown"
        aria-label={`${t('timeLeft')}: ${t('minutes', { n: minutesLeft })}`}
      >
        {formatDuration(left)}
      </span>
    </div>
  );
}

/** How long one answer save may take before it is given up and queued for a resend. */
const SAVE_TIMEOUT_MS = 10_000;

/** The attempt as last received, kept on the device so that a reload without network still shows it. */
interface KeptView {
  attempt: AttemptV1;
  offset: number;
}

export function Exam({ attemptId }: { attemptId: string }) {
  const t = useT();
  const [attempt, setAttempt] = useState<AttemptV1 | null>(null);
  const [offset, setOffset] = useState(0);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [index, setIndex] = useState(() => Number(storage.get(`ht.idx.${attemptId}`) ?? 0) || 0);
  const [flags, setFlags] = useState<Record<string, boolean>>(() => storage.getJson(`ht.flags.${attemptId}`, {}));
  const [prediction, setPrediction] = useState(() => storage.get(`ht.pred.${attemptId}`) ?? '');
  const [predErr, setPredErr] = useState('');
  const [confirm, setConfirm] = useState(false);
  const [submitting, setSubmitting] = useState<false | 'manual' | 'auto'>(false);
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [online, setOnline] = useState(() => navigator.onLine);
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const pendingSubmit = useRef<null | 'manual' | 'auto'>(null);

  const queue = useMemo(
    () =>
      new AnswerQueue(
        async (a) => {
          // A connection that hangs (a phone between networks) must not hold the queue: give up and resend later.
          return call('PUT /api/attempts/{id}/answers/{questionId}', {
            path: { id: attemptId, questionId: a.questionId },
            body: { optionIds: a.optionIds, seq: a.seq },
            signal: AbortSignal.timeout(SAVE_TIMEOUT_MS),
          });
        },
        { load: () => storage.getJson(`ht.queue.${attemptId}`, null), save: (s) => storage.setJson(`ht.queue.${attemptId}`, s) },
        () => bump(),
      ),
    [attemptId],
  );
  // Online as far as we know: the browser says so, or the last send went through.
  const connected = online || queue.online;

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      let a: AttemptV1;
      let off: number;
      try {
        a = await call('GET /api/attempts/{id}', { path: { id: attemptId } });
        off = clockOffset(a.serverNow, Date.now());
        // Kept on the device, so a reload without network still shows the questions and the deadline.
        const view: KeptView = { attempt: a, offset: off };
        storage.setJson(`ht.view.${attemptId}`, view);
      } catch (e) {
        const kept = storage.getJson<KeptView | null>(`ht.view.${attemptId}`, null);
        // (A view kept by an older version of this page has no `attempt`: there is nothing to show then.)
        if (!(e instanceof ApiError && e.offline) || !kept?.attempt) throw e;
        a = kept.attempt;
        off = kept.offset;
        setOnline(false);
        queue.setOnline(false);
      }
      setOffset(off);
      if (a.status !== 'active') {
        navigate(`/result/${attemptId}?round=${a.roundId}`, { replace: true });
        return;
      }
      queue.adoptServer(a.answers);
      setAttempt(a);
      void queue.flush();
    } catch (e) {
      setLoadError(e);
    }
  }, [attemptId, queue]);

  useEffect(() => {
    void load();
  }, [load]);

  // The network: follow the browser's idea of it, and retry the queue now and then.
  useEffect(() => {
    const up = () => {
      setOnline(true);
      queue.setOnline(true);
    };
    const down = () => {
      setOnline(false);
      queue.setOnline(false);
    };
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    // The browser's events can be missed (or lie): every few seconds, follow navigator.onLine again and try the
    // queue whatever it says — a send that succeeds proves the network is back.
    const id = setInterval(() => {
      setOnline(navigator.onLine);
      if (queue.pending().length) void queue.flush();
    }, 3000);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
      clearInterval(id);
    };
  }, [queue]);

  useEffect(() => storage.set(`ht.idx.${attemptId}`, String(index)), [attemptId, index]);

  // Signals for the judges (tab hidden, focus lost, network): fire and forget, never in the contestant's way.
  useEffect(() => {
    const report = (type: AttemptEventType) => {
      if (!navigator.onLine) return;
      call('POST /api/attempts/{id}/events', { path: { id: attemptId }, body: { type, at: new Date().toISOString() } }).catch(() => undefined);
    };
    const onVisibility = () => report(document.visibilityState === 'hidden' ? 'visibility-hidden' : 'visibility-visible');
    const onBlur = () => report('blur');
    const onOnline = () => report('online');
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('blur', onBlur);
    window.addEventListener('online', onOnline);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('blur', onBlur);
      window.removeEventListener('online', onOnline);
    };
  }, [attemptId]);

  const roundId = attempt?.roundId ?? storage.getJson<{ roundId?: string }>(`ht.attempt.${attemptId}`, {}).roundId ?? '';

  const doSubmit = useCallback(
    async (mode: 'manual' | 'auto') => {
      setSubmitting(mode);
      setSubmitError(null);
      await queue.flush();
      if (queue.pending().length && !queue.closed) {
        // Still offline: submit as soon as the queue drains.
        pendingSubmit.current = mode;
        setSubmitting(false);
        return;
      }
      pendingSubmit.current = null;
      const body: SubmitAttemptRequestV1 = {};
      if (prediction.trim() !== '') body.prediction = prediction.trim().replace(',', '.');
      try {
        const res = await call('POST /api/attempts/{id}/submit', { path: { id: attemptId }, body });
        // The result screen shows it at once, before (or without) its own load.
        const kept: AttemptResultV1 = res;
        storage.setJson(`ht.result.${attemptId}`, kept);
      } catch (e) {
        const offline = e instanceof ApiError && e.offline;
        const closed = e instanceof ApiError && [409, 410, 422].includes(e.status);
        // At zero, any refusal but the network's means the server closes the attempt itself at its deadline
        // (with what was saved): go to the result, which waits for it. A manual submit shows why it was refused.
        if (offline || (mode === 'manual' && !closed)) {
          if (offline) pendingSubmit.current = mode;
          setSubmitError(e);
          setSubmitting(false);
          if (!offline && e instanceof ApiError && e.code === 'exam.prediction-required') setIndex(attempt ? attempt.questions.length : 0);
          return;
        }
      }
      storage.set(`ht.queue.${attemptId}`, null);
      storage.set(`ht.view.${attemptId}`, null);
      navigate(`/result/${attemptId}?round=${roundId}${mode === 'auto' ? '&auto=1' : ''}`, { replace: true });
    },
    [attemptId, prediction, queue, roundId, attempt],
  );

  // A submit waiting for the network goes as soon as the queue is empty again.
  const lastTry = useRef(0);
  useEffect(() => {
    if (!pendingSubmit.current || !connected || submitting || queue.pending().length) return;
    const wait = Math.max(0, lastTry.current + 3000 - Date.now());
    const id = setTimeout(() => {
      lastTry.current = Date.now();
      if (pendingSubmit.current) void doSubmit(pendingSubmit.current);
    }, wait);
    return () => clearTimeout(id);
  });

  const onZero = useCallback(() => void doSubmit('auto'), [doSubmit]);

  if (loadError)
    return (
      <main id="main" tabIndex={-1} className="narrow">
        <ErrorBox error={loadError} onRetry={() => void load()} />
      </main>
    );
  if (!attempt)
    return (
      <main id="main" tabIndex={-1} className="narrow">
        <Spinner />
      </main>
    );

  const qs = attempt.questions;
  const total = qs.length;
  const onPrediction = index >= total;
  const q = qs[Math.min(index, total - 1)];
  const chosenOf = (qid: string) => queue.choice(qid);
  const answeredCount = qs.filter((x) => chosenOf(x.id).length > 0).length;
  const pending = queue.pending().length;
  const anyOffline = !connected || qs.some((x) => queue.state(x.id) === 'offline');
  const markState: SaveState | 'idle' =
    !connected || (anyOffline && pending) ? 'offline' : q ? (queue.state(q.id) ?? (chosenOf(q.id).length ? 'saved' : 'idle')) : 'idle';

  const choose = (optionId: string, checked: boolean) => {
    if (!q) return;
    const current = chosenOf(q.id);
    const next = q.kind === 'multiple' ? (checked ? [...new Set([...current, optionId])] : current.filter((o) => o !== optionId)) : [optionId];
    queue.enqueue(q.id, next);
  };
  const toggleFlag = () => {
    const next = { ...flags, [q.id]: !flags[q.id] };
    setFlags(next);
    storage.setJson(`ht.flags.${attemptId}`, next);
  };
  const askSubmit = () => {
    const needPrediction = attempt.prediction !== null;
    const v = prediction.trim();
    if (needPrediction && (v === '' || !(Number(v.replace(',', '.')) >= 0))) {
      setIndex(total);
      setPredErr(t('predictionRequired'));
      return;
    }
    setPredErr('');
    setConfirm(true);
  };
  const kindLabel = q ? { single: t('kindSingle'), multiple: t('kindMultiple'), 'true-false': t('kindTrueFalse') }[q.kind] : '';

  return (
    <>
      <div className="exam-bar" role="region" aria-label={t('timeLeft')}>
        <Countdown deadline={attempt.deadline} offset={offset} onZero={onZero} />
        <SaveMark state={markState} pending={pending} />
        <button className="btn small" onClick={askSubmit} disabled={!!submitting}>
          {t('submit')}
        </button>
      </div>
      <main id="main" tabIndex={-1} className="narrow">
        {anyOffline && pending > 0 && (
          <p className="alert error" role="status" data-testid="offline-banner">
            {t('offline')} · {t('pendingCount', { n: pending })}
          </p>
        )}
        {pendingSubmit.current && (
          <p className="alert info" role="status">
            {t('submitOffline')}
          </p>
        )}
        {submitting === 'auto' && (
          <p className="alert info" role="status">
            {t('timeUp')}
          </p>
        )}
        <ErrorBox error={submitError} />
        <nav aria-label={t('questionStrip')}>
          <ol className="strip">
            {qs.map((x, i) => {
              const answered = chosenOf(x.id).length > 0;
              const parts = [t('question', { n: i + 1 }), answered ? t('answered') : t('notAnswered'), flags[x.id] ? t('flagged') : ''].filter(Boolean);
              return (
                <li key={x.id}>
                  <button
                    type="button"
                    className={[answered && 'answered', flags[x.id] && 'flagged', i === index && 'current'].filter(Boolean).join(' ')}
                    aria-current={i === index ? 'step' : undefined}
                    aria-label={parts.join(', ')}
                    onClick={() => setIndex(i)}
                  >
                    {i + 1}
                  </button>
                </li>
              );
            })}
            <li>
              <button
                type="button"
                className={[prediction && 'answered', onPrediction && 'current'].filter(Boolean).join(' ')}
                aria-current={onPrediction ? 'step' : undefined}
                aria-label={t('prediction')}
                onClick={() => setIndex(total)}
              >
                ?
              </button>
            </li>
          </ol>
        </nav>
        {!onPrediction && q && (
          <section aria-labelledby="qtitle" key={q.id}>
            <div className="spread">
              <h1 id="qtitle" style={{ fontSize: '1rem', margin: 0 }}>
                {t('questionOf', { n: index + 1, t: total })}
              </h1>
              <button type="button" className="btn small secondary" aria-pressed={!!flags[q.id]} onClick={toggleFlag}>
                <span aria-hidden="true">⚑</span> {flags[q.id] ? t('unflag') : t('flag')}
              </button>
            </div>
            <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
              <legend className="qtext">{q.text}</legend>
              {q.imageUrl && <img src={q.imageUrl} alt="" style={{ maxWidth: '100%' }} />}
              <p className="muted" style={{ marginTop: 0 }}>
                {kindLabel}
              </p>
              <ul className="options">
                {q.options.map((o) => {
                  const chosen = chosenOf(q.id).includes(o.id);
                  return (
                    <li key={o.id}>
                      <label className={`option${chosen ? ' chosen' : ''}`}>
                        <input
                          type={q.kind === 'multiple' ? 'checkbox' : 'radio'}
                          name={`q-${q.id}`}
                          value={o.id}
                          checked={chosen}
                          onChange={(e) => choose(o.id, e.target.checked)}
                          disabled={!!submitting}
                        />
                        <span>{o.text}</span>
                      </label>
                    </li>
                  );
                })}
              </ul>
            </fieldset>
          </section>
        )}
        {onPrediction && (
          <section aria-labelledby="ptitle">
            <h1 id="ptitle" style={{ fontSize: '1.1rem' }}>
              {t('prediction')}
            </h1>
            <p className="qtext">{attempt.prediction?.wording || t('predictionDefault')}</p>
            <div className="field" data-invalid={predErr ? 'true' : undefined}>
              <span>
                <label htmlFor="prediction">{t('predictionLabel')}</label>
              </span>
              <input
                id="prediction"
                name="prediction"
                inputMode="decimal"
                value={prediction}
                aria-invalid={predErr ? true : undefined}
                aria-describedby={predErr ? 'prediction-err' : undefined}
                onChange={(e) => {
                  setPrediction(e.target.value);
                  storage.set(`ht.pred.${attemptId}`, e.target.value);
                }}
              />
              {predErr && (
                <small className="err" id="prediction-err" role="alert">
                  {predErr}
                </small>
              )}
            </div>
            <button className="btn block" onClick={askSubmit} disabled={!!submitting}>
              {t('submit')}
            </button>
          </section>
        )}
        <div className="navrow">
          <button className="btn secondary" onClick={() => setIndex((i) => Math.max(0, i - 1))} disabled={index === 0}>
            ← {t('prev')}
          </button>
          <button className="btn secondary" onClick={() => setIndex((i) => Math.min(total, i + 1))} disabled={onPrediction}>
            {t('next')} →
          </button>
        </div>
      </main>
      {confirm && (
        <Dialog title={t('submitConfirmTitle')} onClose={() => setConfirm(false)}>
          <p>{t('submitConfirm', { a: answeredCount, t: total })}</p>
          {anyOffline && pending > 0 && <p className="alert info">{t('submitOffline')}</p>}
          <div className="row" style={{ justifyContent: 'flex-end' }}>
            <button className="btn secondary" onClick={() => setConfirm(false)}>
              {t('cancel')}
            </button>
            <button
              className="btn"
              onClick={() => {
                setConfirm(false);
                void doSubmit('manual');
              }}
            >
              {t('submitConfirmYes')}
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
