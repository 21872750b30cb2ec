import type { AuditEntryV1, DisqualificationV1 } from '@hoi-thi/contracts';
import { call } from '../lib/api';
import { formatDateTime, useLang } from '../lib/i18n';
import { useJudgeT } from './i18n';
import { DataTable } from '../lib/DataTable';
import { usePages, type PagedList } from '../lib/paging';

/** The round's disqualifications, oldest first, a page at a time. */
export function useDisqualifications(roundId: string): PagedList<DisqualificationV1> {
  return usePages<DisqualificationV1>(
    (cursor, signal) => call('GET /api/rounds/{roundId}/disqualifications', { path: { roundId }, query: { limit: 50, cursor }, signal }),
    [roundId],
  );
}

/** The round's audit trail (disqualifications, computations, prizes), oldest first, a page at a time. */
export function useAudit(roundId: string): PagedList<AuditEntryV1> {
  return usePages<AuditEntryV1>(
    (cursor, signal) => call('GET /api/rounds/{roundId}/judge/audit', { path: { roundId }, query: { limit: 50, cursor }, signal }),
    [roundId],
  );
}

export function Disqualifications({ list }: { list: PagedList<DisqualificationV1> }) {
  const t = useJudgeT();
  const lang = useLang();
  return (
    <section className="card">
      <h2 style={{ marginTop: 0 }}>{t('disqualifiedTitle')}</h2>
      <DataTable
        caption={t('disqualifiedTitle')}
        captionHidden
        list={list}
        rowKey={(d) => d.contestantId}
        empty={t('disqualifiedNone')}
        columns={[
          { id: 'at', header: t('atColumn'), cell: (d) => formatDateTime(lang, d.at), sortValue: (d) => d.at },
          { id: 'contestant', header: t('contestantIdColumn'), cell: (d) => <code>{d.contestantId}</code>, sortValue: (d) => d.contestantId },
          { id: 'reason', header: t('reasonColumn'), cell: (d) => d.reason, sortValue: (d) => d.reason },
          { id: 'by', header: t('byColumn'), cell: (d) => <span className="muted">{d.disqualifiedBy.slice(0, 8)}</span>, sortValue: (d) => d.disqualifiedBy },
        ]}
      />
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
      <DataTable
        caption={t('auditTitle')}
        captionHidden
        list={list}
        rowKey={(a) => a.id}
        empty={t('auditNone')}
        columns={[
          { id: 'at', header: t('atColumn'), cell: (a) => formatDateTime(lang, a.at), sortValue: (a) => a.at },
          { id: 'action', header: t('actionColumn'), cell: (a) => <code>{a.action}</code>, sortValue: (a) => a.action },
          { id: 'subject', header: t('subjectColumn'), cell: (a) => <span className="muted">{a.subjectId ?? '—'}</span>, sortValue: (a) => a.subjectId },
          { id: 'details', header: t('detailsColumn'), cell: (a) => details(a.details), style: { wordBreak: 'break-all' } },
          {
            id: 'actor',
            header: t('actorColumn'),
            cell: (a) => <span className="muted">{a.actorId === null ? t('actorSystem') : a.actorId.slice(0, 8)}</span>,
            sortValue: (a) => a.actorId,
          },
        ]}
      />
    </section>
  );
}
