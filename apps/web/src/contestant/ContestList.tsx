import type { ContestV1 } from '@hoi-thi/contracts';
import { logout, call } from '../lib/api';
import { useClaims } from '../lib/auth';
import { useT } from '../lib/i18n';
import { Link } from '../lib/router';
import { LoadMore, usePages } from '../lib/paging';
import { ErrorBox, Spinner } from '../ui';

export function ContestList() {
  const t = useT();
  const claims = useClaims();
  const list = usePages<ContestV1>((cursor, signal) => call('GET /api/contests', { query: { cursor }, signal }), []);
  const { items, error, loading, ready, refresh } = list;
  return (
    <main id="main" tabIndex={-1} className="narrow">
      {claims && (
        <div className="spread card" style={{ padding: '0.5rem 0.75rem' }}>
          <span>{t('hello', { name: claims.name ?? '' })}</span>
          <button className="btn small secondary" onClick={() => void logout(true)}>
            {t('logoutEverywhere')}
          </button>
        </div>
      )}
      <h1>{t('contests')}</h1>
      {loading && <Spinner />}
      <ErrorBox error={error} onRetry={refresh} />
      {ready && items.length === 0 && <p>{t('noContests')}</p>}
      {items.map((c) => (
        <article className="card" key={c.id}>
          <h2 style={{ marginTop: 0 }}>
            <Link to={`/contests/${c.id}`}>{c.title}</Link>
          </h2>
          <p className="muted">{c.description.length > 220 ? `${c.description.slice(0, 220)}…` : c.description}</p>
          <Link to={`/contests/${c.id}`} className="btn" aria-label={`${t('open')}: ${c.title}`}>
            {t('open')}
          </Link>
        </article>
      ))}
      <LoadMore list={list} block />
    </main>
  );
}
