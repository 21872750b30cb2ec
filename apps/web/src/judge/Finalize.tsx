import { useState } from 'react';
import type { FinalEntryV1, FinalResultsV1, ResultsFileFormat } from '@hoi-thi/contracts';
import { ApiError, call, downloadFile } from '../lib/api';
import { formatDateTime, formatDuration, formatNumber, useL, useLang } from '../lib/i18n';
import { ErrorBox, Spinner, useLoad } from '../ui';
import { AuditTrail, Disqualifications, useAudit, useDisqualifications } from './Trail';
import { MoreButton, usePages } from './usePages';

/** The answer of GET /final before finalization (409): the round has no official ranking yet. */
const notFinalized = (e: unknown) => e instanceof ApiError && e.code === 'leaderboard.round-not-finalized';

/** Finalization: the what-if view (the true value ±1), finalize, then the official results with their hash. */
export function FinalizePage({ roundId }: { roundId: string }) {
  const L = useL();
  const lang = useLang();
  const [delta, setDelta] = useState(1);
  const whatIf = useLoad((signal) => call('GET /api/rounds/{roundId}/judge/what-if', { path: { roundId }, query: { delta, limit: 50 }, signal }), [roundId, delta]);
  const results = usePages<FinalEntryV1, FinalResultsV1>((cursor, signal) => call('GET /api/rounds/{roundId}/final', { path: { roundId }, query: { limit: 50, cursor: cursor ?? undefined }, signal }), [roundId]);
  const disqualifications = useDisqualifications(roundId);
  const audit = useAudit(roundId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fileHash, setFileHash] = useState<string | null>(null);
  const finalize = async () => {
    if (!window.confirm(L('Chốt kết quả chính thức của vòng này?', 'Finalize the official results of this round?'))) return;
    setBusy(true);
    setError(null);
    try {
      await call('POST /api/rounds/{roundId}/finalize', { path: { roundId } });
      results.refresh();
      audit.refresh();
    } catch (ex) {
      setError(ex);
    } finally {
      setBusy(false);
    }
  };
  // The header of the official results (the same on every page); null before finalization.
  const r = results.last;
  const w = whatIf.data;
  const file = async (format: ResultsFileFormat) => {
    setError(null);
    try {
      setFileHash((await downloadFile('GET /api/rounds/{roundId}/results', { path: { roundId }, query: { format } }, `ket-qua.${format}`)).hash);
    } catch (ex) {
      setError(ex);
    }
  };
  return (
    <div>
      <section className="card">
        <h2 style={{ marginTop: 0 }}>{L('Xem trước: nếu giá trị đúng của câu dự đoán lệch', 'What if the true value were off')}</h2>
        <div className="row" role="group" aria-label={L('Độ lệch giá trị đúng', 'True value offset')}>
          {[-1, 1].map((d) => (
            <button key={d} className={`btn small${d === delta ? '' : ' secondary'}`} aria-pressed={d === delta} onClick={() => setDelta(d)}>
              {d > 0 ? '+1' : '−1'}
            </button>
          ))}
        </div>
        {whatIf.loading && <Spinner />}
        <ErrorBox error={whatIf.error} />
        {w && (
          <>
            <p>
              {L('Giá trị đúng', 'True value')}: <b>{w.trueValue ?? '—'}</b> → {L('giả định', 'assumed')}: <b>{w.whatIfValue ?? '—'}</b>
              {w.note !== undefined && <span className="muted"> ({w.note})</span>}
            </p>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{L('Hạng giả định', 'What-if place')}</th>
                    <th scope="col">{L('Hạng hiện tại', 'Current place')}</th>
                    <th scope="col">{L('Thay đổi', 'Move')}</th>
                    <th scope="col">{L('Bài thi', 'Attempt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {w.entries.map((e) => (
                    <tr key={e.attemptId}>
                      <td>#{e.whatIfPosition}</td>
                      <td>{e.officialPosition === null ? '—' : `#${e.officialPosition}`}</td>
                      <td>{e.move === null ? '—' : e.move > 0 ? `▲ ${e.move}` : e.move < 0 ? `▼ ${-e.move}` : '='}</td>
                      <td className="muted">{e.attemptId.slice(0, 8)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
      <section className="card">
        <h2 style={{ marginTop: 0 }}>{L('Kết quả chính thức', 'Official results')}</h2>
        <ErrorBox error={error} />
        <ErrorBox error={notFinalized(results.error) ? null : results.error} />
        {results.loading && !results.ready && !results.error && <Spinner />}
        {!r && notFinalized(results.error) && (
          <>
            <p className="muted">{L('Chỉ chốt được sau khi vòng thi đóng.', 'A round can be finalized once it has closed.')}</p>
            <button className="btn" onClick={finalize} disabled={busy}>
              {busy && <span className="spinner" aria-hidden="true" />} {L('Chốt kết quả', 'Finalize')}
            </button>
          </>
        )}
        {r && (
          <>
            <p>
              {L('Chốt lúc', 'Finalized')}: <b>{formatDateTime(lang, r.finalizedAt)}</b>
              {r.updatedAt !== r.finalizedAt && (
                <>
                  {' '}
                  · {L('Cập nhật lúc', 'Updated')}: <b>{formatDateTime(lang, r.updatedAt)}</b>
                </>
              )}{' '}
              · {L('Giá trị đúng của câu dự đoán', 'True prediction value')}: <b>{r.trueValue ?? '—'}</b> · {L('Số người xếp hạng', 'Ranked')}: <b>{formatNumber(lang, r.total)}</b>
            </p>
            <p>
              SHA-256: <code style={{ wordBreak: 'break-all' }}>{r.resultsSha256}</code>
            </p>
            <div className="row">
              <button className="btn small secondary" onClick={() => void file('csv')}>
                {L('Tải CSV', 'Download CSV')}
              </button>
              <button className="btn small secondary" onClick={() => void file('xlsx')}>
                {L('Tải XLSX', 'Download XLSX')}
              </button>
              {fileHash && <span className="muted">SHA-256 {L('của tệp', 'of the file')}: {fileHash}</span>}
            </div>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{L('Hạng', 'Rank')}</th>
                    <th scope="col">{L('Họ tên', 'Name')}</th>
                    <th scope="col">{L('Đơn vị', 'Unit')}</th>
                    <th scope="col">{L('Đúng', 'Correct')}</th>
                    <th scope="col">{L('Dự đoán', 'Prediction')}</th>
                    <th scope="col">{L('Thời gian', 'Time')}</th>
                  </tr>
                </thead>
                <tbody>
                  {results.items.map((e) => (
                    <tr key={e.position}>
                      <td>#{e.rank}</td>
                      <td>{e.name || '—'}</td>
                      <td>{e.unitName ?? '—'}</td>
                      <td>{e.correct}</td>
                      <td>{e.prediction ?? '—'}</td>
                      <td>{formatDuration(e.durationMs)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <MoreButton list={results} label={L('Xem thêm kết quả', 'More results')} />
          </>
        )}
      </section>
      <Disqualifications list={disqualifications} />
      <AuditTrail list={audit} />
    </div>
  );
}
