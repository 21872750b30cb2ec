import type { ContestV1 } from '@hoi-thi/contracts';
import { call } from '../lib/api';
import { formatDateTime, useLang } from '../lib/i18n';
import { useJudgeT } from './i18n';
import { Link } from '../lib/router';
import { DataTable } from '../lib/DataTable';
import { usePages } from '../lib/paging';

export function RoundPicker() {
  const t = useJudgeT();
  const lang = useLang();
  const list = usePages<ContestV1>((cursor, signal) => call('GET /api/contests', { query: { limit: 50, cursor }, signal }), []);
  return (
    <div>
      <h2>{t('pickRound')}</h2>
      <DataTable
        caption={t('pickRound')}
        captionHidden
        list={list}
        rowKey={(c) => c.id}
        empty={t('noContests')}
        moreLabel={t('moreContests')}
        columns={[
          { id: 'contest', header: t('contests'), cell: (c) => c.title, sortValue: (c) => c.title, rowHeader: true },
          {
            id: 'rounds',
            header: t('rounds'),
            cell: (c) => (
              <ul style={{ margin: 0, paddingLeft: '1.1rem' }}>
                {c.rounds.map((r) => (
                  <li key={r.id}>
                    <Link to={`/judge/rounds/${r.id}`}>{r.title}</Link>{' '}
                    <span className="muted">
                      {formatDateTime(lang, r.opensAt)} → {formatDateTime(lang, r.closesAt)}
                    </span>
                  </li>
                ))}
              </ul>
            ),
          },
        ]}
      />
    </div>
  );
}
