import { useState, type FormEvent } from 'react';
import { api, ApiError, asList } from '../lib/api';
import { formatDateTime, formatDuration, useL, useLang } from '../lib/i18n';
import { ErrorBox, Spinner, useLoad } from '../ui';

type Obj = Record<string, unknown>;

/** One attempt as a judge sees it: answers with the key, time per question, IP and device, anti-cheat flags. */
export function AttemptInspect({ roundId, attemptId }: { roundId: string; attemptId: string }) {
  const L = useL();
  const lang = useLang();
  const detail = useLoad(async (signal) => api<Obj>(`/api/rounds/${roundId}/judge/attempts/${attemptId}`, { signal }), [roundId, attemptId]);
  const review = useLoad(async (signal) => asList<Obj>(await api(`/api/attempts/${attemptId}/review`, { signal }), 'questions'), [attemptId]);
  const [reason, setReason] = useState('');
  const [msg, setMsg] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const d = detail.data ?? {};
  const a = (d.attempt ?? {}) as Obj;
  const flags = (d.flags ?? {}) as Obj;
  const times = new Map(asList<Obj>(d.timePerQuestion).map((x) => [String(x.questionId), Number(x.msSincePrevious)]));
  const disqualify = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api(`/api/rounds/${roundId}/disqualifications`, { method: 'POST', body: { contestantId: String(a.contestant_id ?? a.contestantId), reason: reason.trim() } });
      setMsg(L('Đã loại thí sinh khỏi vòng thi. Thao tác đã được ghi nhật ký.', 'Disqualified. The action is in the audit log.'));
    } catch (ex) {
      setError(ex);
    }
  };
  return (
    <div>
      <h2>{L('Kiểm tra bài thi', 'Attempt inspection')}</h2>
      {detail.loading && <Spinner />}
      <ErrorBox error={detail.error} />
      {detail.data && (
        <section className="card">
          <p>
            <b>{String(d.contestantName ?? a.contestant_id ?? '')}</b>
          </p>
          <ul>
            <li>
              {L('Bắt đầu', 'Started')}: {formatDateTime(lang, String(a.started_at ?? ''))} · {L('Nộp', 'Submitted')}: {formatDateTime(lang, String(a.submitted_at ?? ''))}
            </li>
            <li>
              {L('Kết quả', 'Result')}: {String(a.correct ?? '—')}/{String(a.total ?? '—')} · {L('Thời gian', 'Time')}: {formatDuration(Number(a.duration_ms ?? NaN))}
            </li>
            <li>IP: {String(d.ip ?? '—')}</li>
            <li>
              {L('Thiết bị', 'Device')}: {String(d.device ?? '—')}
            </li>
            <li>
              {L('Số lần rời màn hình', 'Focus losses')}: {String(d.focusLosses ?? 0)}
            </li>
          </ul>
          <h3>{L('Cảnh báo gian lận', 'Anti-cheat flags')}</h3>
          {flags.fast ? <p className="alert error">{L('Làm bài nhanh bất thường.', 'Implausibly fast.')}</p> : <p className="muted">{L('Không có cảnh báo.', 'No flag.')}</p>}
        </section>
      )}
      <ErrorBox error={review.error instanceof ApiError && review.error.status === 404 ? null : review.error} />
      {review.data && review.data.length > 0 && (
        <section className="card">
          <h3 style={{ marginTop: 0 }}>{L('Các câu trả lời', 'Answers')}</h3>
          <ol>
            {review.data.map((q, i) => (
              <li key={i}>
                {String(q.text)} — <b>{q.correct ? L('đúng', 'correct') : L('sai', 'wrong')}</b>
                {times.has(String(q.id)) && <span className="muted"> · {formatDuration(times.get(String(q.id)))}</span>}
              </li>
            ))}
          </ol>
        </section>
      )}
      <form className="card" onSubmit={disqualify}>
        <h3 style={{ marginTop: 0 }}>{L('Loại thí sinh khỏi vòng thi', 'Disqualify')}</h3>
        {msg && (
          <p className="alert ok" role="status">
            {msg}
          </p>
        )}
        <ErrorBox error={error} />
        <label className="field" htmlFor="dq-reason">
          <span>{L('Lý do (bắt buộc, được ghi nhật ký)', 'Reason (required, audited)')}</span>
          <textarea id="dq-reason" className="input" value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} />
        </label>
        <button className="btn danger" type="submit" disabled={reason.trim().length < 3 || !detail.data}>
          {L('Loại thí sinh', 'Disqualify')}
        </button>
      </form>
    </div>
  );
}
