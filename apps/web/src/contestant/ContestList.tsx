import { logout, call } from '../lib/api';
import { useClaims } from '../lib/auth';
import { useT } from '../lib/i18n';
import { Link } from '../lib/router';
import { ErrorBox, Spinner } from '../ui';
import { usePages } from './use-pages';

export function ContestList() {
  const t = useT();
  const claims = useClaims();
  const { items, hasMore, more, loadingMore, moreError, error, loading, reload } = usePages((cursor, signal) => call('GET /api/contests', { query: { cursor }, signal }), []);
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
      {loading && !items && <Spinner />}
      <ErrorBox error={error} onRetry={reload} />
      {items && items.length === 0 && <p>{t('noContests')}</p>}
      {items?.map((c) => (
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
      <ErrorBox error={moreError} onRetry={() => void more()} />
      {hasMore && (
        <button className="btn secondary block" onClick={() => void more()} disabled={loadingMore}>
          {loadingMore && <span className="spinner" aria-hidden="true" />} {t('loadMore')}
        </button>
      )}
    </main>
  );
}
