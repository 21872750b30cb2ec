import type { AuditEntryV1, DisqualificationV1 } from '@hoi-thi/contracts';
import { call } from '../lib/api';
import { formatDateTime, useLang } from '../lib/i18n';
import { useJudgeT } from './i18n';
import { ErrorBox, Spinner } from '../ui';
import { MoreButton, usePages, type PagedList } from './usePages';

/** The round's disqualifications, oldest first, a page at a time. */
export function useDisqualifications(roundId: string): PagedList<DisqualificationV1> {
  return usePages<DisqualificationV1>((cursor, signal) => call('GET /api/rounds/{roundId}/disqualifications', { path: { roundId }, query: { limit: 50, cursor: cursor ?? undefined }, signal }), [roundId]);
}

/** The round's audit trail (disqualifications, computations, prizes), oldest first, a page at a time. */
export function useAudit(roundId: string): PagedList<AuditEntryV1> {
  return usePages<AuditEntryV1>((cursor, signal) => call('GET /api/rounds/{roundId}/judge/audit', { path: { roundId }, query: { limit: 50, cursor: cursor ?? undefined }, signal }), [roundId]);
}

export function Disqualifications({ list }: { list: PagedList<DisqualificationV1> }) {
  const t = useJudgeT();
  const lang = useLang();
  return (
    <section className="card">
      <h2 style={{ marginTop: 0 }}>{t('disqualifiedTitle')}</h2>
      {list.loading && !list.ready && <Spinner />}
      <ErrorBox error={list.error} onRetry={list.refresh} />
      {list.ready && list.items.length === 0 && <p className="muted">{t('disqualifiedNone')}</p>}
      {list.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('atColumn')}</th>
                <th scope="col">{t('contestantIdColumn')}</th>
                <th scope="col">{t('reasonColumn')}</th>
                <th scope="col">{t('byColumn')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((d) => (
                <tr key={d.contestantId}>
                  <td>{formatDateTime(lang, d.at)}</td>
                  <td>
                    <code>{d.contestantId}</code>
                  </td>
                  <td>{d.reason}</td>
                  <td className="muted">{d.disqualifiedBy.slice(0, 8)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton list={list} />
    </section>
  );
}

/** An audit entry's details as `key: value` (the contract leaves them open: reason, hashes, ladder…). */
function details(d: AuditEntryV1['details']): string {
  return Object.entries(d)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');
}

export function AuditTrail({ list }: { list: PagedList<AuditEntryV1> }) {
  const t = useJudgeT();
  const lang = useLang();
  return (
    <section className="card">
      <h2 style={{ marginTop: 0 }}>{t('auditTitle')}</h2>
      {list.loading && !list.ready && <Spinner />}
      <ErrorBox error={list.error} onRetry={list.refresh} />
      {list.ready && list.items.length === 0 && <p className="muted">{t('auditNone')}</p>}
      {list.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('atColumn')}</th>
                <th scope="col">{t('actionColumn')}</th>
                <th scope="col">{t('subjectColumn')}</th>
                <th scope="col">{t('detailsColumn')}</th>
                <th scope="col">{t('actorColumn')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((a) => (
                <tr key={a.id}>
                  <td>{formatDateTime(lang, a.at)}</td>
                  <td>
                    <code>{a.action}</code>
                  </td>
                  <td className="muted">{a.subjectId ?? '—'}</td>
                  <td style={{ wordBreak: 'break-all' }}>{details(a.details)}</td>
                  <td className="muted">{a.actorId === null ? t('actorSystem') : a.actorId.slice(0, 8)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton list={list} />
    </section>
  );
}
