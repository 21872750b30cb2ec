import { useState } from 'react';
import { api, ApiError, asList, download } from '../lib/api';
import { formatDateTime, formatDuration, formatNumber, useL, useLang } from '../lib/i18n';
import { ErrorBox, Spinner, useLoad } from '../ui';

type Obj = Record<string, unknown>;

/** Finalization: the what-if view (the true value ±1), finalize, then the official results with their hash. */
export function FinalizePage({ roundId }: { roundId: string }) {
  const L = useL();
  const lang = useLang();
  const [delta, setDelta] = useState(1);
  const whatIf = useLoad(async (signal) => api<Obj>(`/api/rounds/${roundId}/judge/what-if?delta=${delta}&limit=50`, { signal }), [roundId, delta]);
  const results = useLoad(async (signal) => {
    try {
      return await api<Obj>(`/api/rounds/${roundId}/final?limit=50`, { signal });
    } catch (e) {
      if (e instanceof ApiError && e.status < 500 && e.status !== 0) return null;
      throw e;
    }
  }, [roundId]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fileHash, setFileHash] = useState<string | null>(null);
  const finalize = async () => {
    if (!window.confirm(L('Chốt kết quả chính thức của vòng này?', 'Finalize the official results of this round?'))) return;
    setBusy(true);
    setError(null);
    try {
      await api(`/api/rounds/${roundId}/finalize`, { method: 'POST', body: {} });
      results.reload();
    } catch (ex) {
      setError(ex);
    } finally {
      setBusy(false);
    }
  };
  const r = results.data;
  const w = whatIf.data;
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
              {L('Giá trị đúng', 'True value')}: <b>{String(w.trueValue ?? '—')}</b> → {L('giả định', 'assumed')}: <b>{String(w.whatIfValue ?? '—')}</b>
              {typeof w.note === 'string' && <span className="muted"> ({w.note})</span>}
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
                  {asList<Obj>(w.entries).map((e, i) => (
                    <tr key={i}>
                      <td>#{String(e.whatIfPosition)}</td>
                      <td>{e.officialPosition != null ? `#${String(e.officialPosition)}` : '—'}</td>
                      <td>{e.move == null ? '—' : Number(e.move) > 0 ? `▲ ${String(e.move)}` : Number(e.move) < 0 ? `▼ ${-Number(e.move)}` : '='}</td>
                      <td className="muted">{String(e.attemptId).slice(0, 8)}</td>
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
        <ErrorBox error={results.error} />
        {!r && !results.loading && (
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
              {L('Chốt lúc', 'Finalized')}: <b>{formatDateTime(lang, String(r.finalizedAt ?? ''))}</b> · {L('Giá trị đúng của câu dự đoán', 'True prediction value')}: <b>{String(r.trueValue ?? '—')}</b> · {L('Số người xếp hạng', 'Ranked')}: <b>{formatNumber(lang, Number(r.total ?? 0))}</b>
            </p>
            <p>
              SHA-256: <code style={{ wordBreak: 'break-all' }}>{String(r.resultsSha256 ?? '—')}</code>
            </p>
            <div className="row">
              <button className="btn small secondary" onClick={async () => setFileHash((await download(`/api/rounds/${roundId}/results?format=csv`, 'ket-qua.csv')).hash)}>
                {L('Tải CSV', 'Download CSV')}
              </button>
              <button className="btn small secondary" onClick={async () => setFileHash((await download(`/api/rounds/${roundId}/results?format=xlsx`, 'ket-qua.xlsx')).hash)}>
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
                  {asList<Obj>(r.items).map((e, i) => (
                    <tr key={i}>
                      <td>#{String(e.rank ?? e.position ?? i + 1)}</td>
                      <td>{String(e.name ?? '')}</td>
                      <td>{String(e.unitName ?? '—')}</td>
                      <td>{String(e.correct ?? e.points ?? '')}</td>
                      <td>{String(e.prediction ?? '—')}</td>
                      <td>{formatDuration(Number(e.durationMs ?? NaN))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </div>
  );
}
