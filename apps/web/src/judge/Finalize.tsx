import { useState } from 'react';
import type { FinalEntryV1, FinalResultsV1, ResultsFileFormat } from '@hoi-thi/contracts';
import { ApiError, call, downloadFile } from '../lib/api';
import { formatDateTime, formatDuration, formatNumber, useLang } from '../lib/i18n';
import { useJudgeT } from './i18n';
import { ErrorBox, Spinner, useLoad } from '../ui';
import { AuditTrail, Disqualifications, useAudit, useDisqualifications } from './Trail';
import { DataTable } from '../lib/DataTable';
import { usePages } from '../lib/paging';

/** The answer of GET /final before finalization (409): the round has no official ranking yet. */
const notFinalized = (e: unknown) => e instanceof ApiError && e.code === 'leaderboard.round-not-finalized';

/** Finalization: the what-if view (the true value ±1), finalize, then the official results with their hash. */
export function FinalizePage({ roundId }: { roundId: string }) {
  const t = useJudgeT();
  const lang = useLang();
  const [delta, setDelta] = useState(1);
  const whatIf = useLoad(
    (signal) => call('GET /api/rounds/{roundId}/judge/what-if', { path: { roundId }, query: { delta, limit: 50 }, signal }),
    [roundId, delta],
  );
  const results = usePages<FinalEntryV1, FinalResultsV1>(
    (cursor, signal) => call('GET /api/rounds/{roundId}/final', { path: { roundId }, query: { limit: 50, cursor }, signal }),
    [roundId],
  );
  const disqualifications = useDisqualifications(roundId);
  const audit = useAudit(roundId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fileHash, setFileHash] = useState<string | null>(null);
  const finalize = async () => {
    if (!window.confirm(t('finalizeConfirm'))) return;
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
        <h2 style={{ marginTop: 0 }}>{t('whatIfTitle')}</h2>
        <div className="row" role="group" aria-label={t('whatIfOffset')}>
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
              {t('trueValue')}: <b>{w.trueValue ?? '—'}</b> → {t('whatIfAssumed')}: <b>{w.whatIfValue ?? '—'}</b>
              {w.note !== undefined && <span className="muted"> ({w.note})</span>}
            </p>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('whatIfPlace')}</th>
                    <th scope="col">{t('currentPlace')}</th>
                    <th scope="col">{t('placeMove')}</th>
                    <th scope="col">{t('attemptColumn')}</th>
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
        <h2 style={{ marginTop: 0 }}>{t('officialResults')}</h2>
        <ErrorBox error={error} />
        <ErrorBox error={notFinalized(results.error) ? null : results.error} />
        {results.loading && !results.ready && !results.error && <Spinner />}
        {!r && notFinalized(results.error) && (
          <>
            <p className="muted">{t('finalizeAfterClose')}</p>
            <button className="btn" onClick={() => void finalize()} disabled={busy}>
              {busy && <span className="spinner" aria-hidden="true" />} {t('finalize')}
            </button>
          </>
        )}
        {r && (
          <>
            <p>
              {t('finalizedAt')}: <b>{formatDateTime(lang, r.finalizedAt)}</b>
              {r.updatedAt !== r.finalizedAt && (
                <>
                  {' '}
                  · {t('updatedAt')}: <b>{formatDateTime(lang, r.updatedAt)}</b>
                </>
              )}{' '}
              · {t('truePredictionValue')}: <b>{r.trueValue ?? '—'}</b> · {t('rankedCount')}: <b>{formatNumber(lang, r.total)}</b>
            </p>
            <p>
              SHA-256: <code style={{ wordBreak: 'break-all' }}>{r.resultsSha256}</code>
            </p>
            <div className="row">
              <button className="btn small secondary" onClick={() => void file('csv')}>
                {t('downloadCsv')}
              </button>
              <button className="btn small secondary" onClick={() => void file('xlsx')}>
                {t('downloadXlsx')}
              </button>
              {fileHash && (
                <span className="muted">
                  SHA-256 {t('ofTheFile')}: {fileHash}
                </span>
              )}
            </div>
            <DataTable
              caption={t('officialResults')}
              captionHidden
              list={{ ...results, error: null }}
              rowKey={(e) => e.position}
              empty={t('none')}
              moreLabel={t('moreResults')}
              columns={[
                { id: 'rank', header: t('rank'), cell: (e) => `#${e.rank}`, sortValue: (e) => e.position },
                { id: 'name', header: t('name'), cell: (e) => e.name || '—', sortValue: (e) => e.name || null },
                { id: 'unit', header: t('unitColumn'), cell: (e) => e.unitName ?? '—', sortValue: (e) => e.unitName },
                { id: 'correct', header: t('correct'), cell: (e) => e.correct, sortValue: (e) => e.correct },
                { id: 'prediction', header: t('predictionColumn'), cell: (e) => e.prediction ?? '—', sortValue: (e) => e.prediction },
                { id: 'time', header: t('time'), cell: (e) => formatDuration(e.durationMs), sortValue: (e) => e.durationMs },
              ]}
            />
          </>
        )}
      </section>
      <Disqualifications list={disqualifications} />
      <AuditTrail list={audit} />
    </div>
  );
}
