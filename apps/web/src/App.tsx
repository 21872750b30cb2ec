import { Suspense, useEffect } from 'react';
import { logout } from './lib/api';
import { hasRole, useAuthState, useClaims } from './lib/auth';
import { setLang, useLang, useT } from './lib/i18n';
import { Link, navigate, useLocation } from './lib/router';
import { createStore, storage, useStore } from './lib/store';
import { JudgeLayout, OrganizerLayout, resolveRoute } from './routes';
import { Spinner } from './ui';

const largeStore = createStore(storage.get('ht.large') === '1');
function applyLarge(on: boolean) {
  document.documentElement.classList.toggle('large', on);
}
applyLarge(largeStore.get());

function Header() {
  const t = useT();
  const lang = useLang();
  const large = useStore(largeStore);
  const claims = useClaims();
  const { path } = useLocation();
  const toggleLarge = () => {
    const on = !large;
    storage.set('ht.large', on ? '1' : '0');
    applyLarge(on);
    largeStore.set(on);
  };
  return (
    <header className="top">
      <div className="top-inner">
        <Link to="/" className="brand" aria-label={t('home')}>
          <svg width="22" height="22" viewBox="0 0 32 32" aria-hidden="true">
            <rect width="32" height="32" rx="6" fill="#b3261e" />
            <path d="M16 6l2.9 6.3 6.9.7-5.2 4.6 1.5 6.8L16 21l-6.1 3.4 1.5-6.8-5.2-4.6 6.9-.7z" fill="#ffd54f" />
          </svg>
          {t('appName')}
        </Link>
        {hasRole(claims, 'organizer') && (
          <Link to="/organizer" className="linkbtn">
            {t('organizer')}
          </Link>
        )}
        {hasRole(claims, 'judge') && (
          <Link to="/judge" className="linkbtn">
            {t('judge')}
          </Link>
        )}
        <button type="button" aria-pressed={large} onClick={toggleLarge} title={t('largeText')} aria-label={t('largeText')}>
          A+
        </button>
        <button
          type="button"
          lang={lang === 'vi' ? 'en' : 'vi'}
          onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}
          aria-label={`${t('language')}: ${t('switchLang')}`}
        >
          {t('switchLangShort')}
        </button>
        {claims && (
          <Link to="/profile" className="linkbtn" title={claims.name} aria-current={path === '/profile' ? 'page' : undefined}>
            {t('profile')}
          </Link>
        )}
        {claims ? (
          <button
            type="button"
            onClick={() => {
              void logout().then(() => navigate('/'));
            }}
          >
            {t('logout')}
          </button>
        ) : (
          <Link to={`/login?next=${encodeURIComponent(location.pathname)}`} className="linkbtn">
            {t('login')}
          </Link>
        )}
      </div>
    </header>
  );
}

function NotFound() {
  return (
    <main id="main">
      <h1>404</h1>
      <Link to="/">Hội Thi</Link>
    </main>
  );
}

function Forbidden({ path }: { path: string }) {
  const t = useT();
  return (
    <main id="main" tabIndex={-1} className="narrow">
      <p className="alert error">{t('forbidden')}</p>
      <Link to={`/login?next=${encodeURIComponent(path)}`}>{t('login')}</Link>
    </main>
  );
}

/** The screen of the route table (routes.tsx) for this path, behind its role check and inside its console's layout. */
function Routes() {
  const { path } = useLocation();
  const claims = useClaims();
  // A signed-in device's page just opened: wait for its token rather than flash "log in" (one request, ~ms).
  const auth = useAuthState();
  if (auth === 'restoring')
    return (
      <main id="main">
        <Spinner />
      </main>
    );
  const found = resolveRoute(path);
  if (!found) return <NotFound />;
  const { route, params } = found;
  if (route.roles && !hasRole(claims, ...route.roles)) return <Forbidden path={path} />;
  const page = route.render(params);
  if (route.area === 'organizer') return <OrganizerLayout>{page}</OrganizerLayout>;
  if (route.area === 'judge') return <JudgeLayout>{page}</JudgeLayout>;
  return page;
}

export function App() {
  const t = useT();
  const { path } = useLocation();
  useEffect(() => {
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [path]);
  return (
    <>
      <a className="skip" href="#main">
        {t('skip')}
      </a>
      <Header />
      <Suspense
        fallback={
          <main id="main">
            <Spinner />
          </main>
        }
      >
        <Routes />
      </Suspense>
    </>
  );
}
