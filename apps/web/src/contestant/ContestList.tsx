import { api, asList, logout } from '../lib/api';
import { useClaims } from '../lib/auth';
import { useT } from '../lib/i18n';
import { toContest } from '../lib/model';
import { Link } from '../lib/router';
import { ErrorBox, Spinner, useLoad } from '../ui';

export function ContestList() {
  const t = useT();
  const claims = useClaims();
  const { data, error, loading, reload } = useLoad(async (signal) => asList<Record<string, unknown>>(await api('/api/contests?limit=200', { signal }), 'contests').map(toContest), []);
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
      {loading && !data && <Spinner />}
      <ErrorBox error={error} onRetry={reload} />
      {data && data.length === 0 && <p>{t('noContests')}</p>}
      {data?.map((c) => (
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
    </main>
  );
}
