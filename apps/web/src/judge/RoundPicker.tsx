import type { ContestV1 } from '@hoi-thi/contracts';
import { call } from '../lib/api';
import { formatDateTime, useLang } from '../lib/i18n';
import { useJudgeT } from './i18n';
import { Link } from '../lib/router';
import { ErrorBox, Spinner } from '../ui';
import { MoreButton, usePages } from './usePages';

export function RoundPicker() {
  const t = useJudgeT();
  const lang = useLang();
  const list = usePages<ContestV1>((cursor, signal) => call('GET /api/contests', { query: { limit: 200, cursor: cursor ?? undefined }, signal }), []);
  return (
    <div>
      <h2>{t('pickRound')}</h2>
      {list.loading && !list.ready && <Spinner />}
      <ErrorBox error={list.error} onRetry={list.refresh} />
      {list.items.map((c) => (
        <section className="card" key={c.id}>
          <h3 style={{ marginTop: 0 }}>{c.title}</h3>
          <ul>
            {c.rounds.map((r) => (
              <li key={r.id}>
                <Link to={`/judge/rounds/${r.id}`}>{r.title}</Link>{' '}
                <span className="muted">
                  {formatDateTime(lang, r.opensAt)} → {formatDateTime(lang, r.closesAt)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <MoreButton list={list} label={t('moreContests')} />
    </div>
  );
}
