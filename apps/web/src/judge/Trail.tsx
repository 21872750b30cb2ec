import type { AuditEntryV1, DisqualificationV1 } from '@hoi-thi/contracts';
import { call } from '../lib/api';
import { formatDateTime, useL, useLang } from '../lib/i18n';
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
  const L = useL();
  const lang = useLang();
  return (
    <section className="card">
      <h2 style={{ marginTop: 0 }}>{L('Thí sinh bị loại', 'Disqualified contestants')}</h2>
      {list.loading && !list.ready && <Spinner />}
      <ErrorBox error={list.error} onRetry={list.refresh} />
      {list.ready && list.items.length === 0 && <p className="muted">{L('Chưa loại thí sinh nào.', 'Nobody disqualified.')}</p>}
      {list.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{L('Lúc', 'At')}</th>
                <th scope="col">{L('Mã thí sinh', 'Contestant id')}</th>
                <th scope="col">{L('Lý do', 'Reason')}</th>
                <th scope="col">{L('Người loại', 'By')}</th>
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
  const L = useL();
  const lang = useLang();
  return (
    <section className="card">
      <h2 style={{ marginTop: 0 }}>{L('Nhật ký thao tác', 'Audit trail')}</h2>
      {list.loading && !list.ready && <Spinner />}
      <ErrorBox error={list.error} onRetry={list.refresh} />
      {list.ready && list.items.length === 0 && <p className="muted">{L('Chưa có thao tác nào.', 'Nothing recorded yet.')}</p>}
      {list.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{L('Lúc', 'At')}</th>
                <th scope="col">{L('Thao tác', 'Action')}</th>
                <th scope="col">{L('Đối tượng', 'Subject')}</th>
                <th scope="col">{L('Chi tiết', 'Details')}</th>
                <th scope="col">{L('Người thực hiện', 'Actor')}</th>
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
                  <td className="muted">{a.actorId === null ? L('hệ thống', 'system') : a.actorId.slice(0, 8)}</td>
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
