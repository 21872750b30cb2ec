import { lazy, Suspense, useEffect } from 'react';
import { logout } from './lib/api';
import { hasRole, useAuthState, useClaims } from './lib/auth';
import { setLang, useLang, useT } from './lib/i18n';
import { Link, match, navigate, useLocation } from './lib/router';
import { createStore, storage, useStore } from './lib/store';
import { ContestList } from './contestant/ContestList';
import { ContestPage } from './contestant/ContestPage';
import { Register } from './contestant/Register';
import { Login } from './contestant/Login';
import { Exam } from './contestant/Exam';
import { Result } from './contestant/Result';
import { Spinner } from './ui';

// The organizer's and the judge's screens are separate chunks: a contestant never downloads them.
const OrganizerApp = lazy(() => import('./organizer/OrganizerApp'));
const JudgeApp = lazy(() => import('./judge/JudgeApp'));
const Review = lazy(() => import('./contestant/Review'));
const Certificate = lazy(() => import('./contestant/Certificate'));
const Profile = lazy(() => import('./contestant/Profile'));

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
        <button type="button" lang={lang === 'vi' ? 'en' : 'vi'} onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')} aria-label={`${t('language')}: ${t('switchLang')}`}>
          {lang === 'vi' ? 'EN' : 'VI'}
        </button>
        {claims && (
          <Link to="/profile" className="linkbtn" title={claims.name} aria-current={path === '/profile' ? 'page' : undefined}>
            {t('profile')}
          </Link>
        )}
        {claims ? (
          <button
            type="button"
            onClick={async () => {
              await logout();
              navigate('/');
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

function Routes() {
  const { path } = useLocation();
  // A signed-in device's page just opened: wait for its token rather than flash "log in" (one request, ~ms).
  const auth = useAuthState();
  if (auth === 'restoring') return <main id="main"><Spinner /></main>;
  let m: Record<string, string> | null;
  if (path === '/' || path === '') return <ContestList />;
  // /contests/:id is the link the QR codes carry; /c/:id is a short alias.
  if ((m = match('/contests/:contestId', path) ?? match('/c/:contestId', path))) return <ContestPage contestId={m.contestId} />;
  if (path === '/register') return <Register />;
  if (path === '/login') return <Login />;
  if (path === '/profile') return <Profile />;
  if ((m = match('/exam/:attemptId', path))) return <Exam attemptId={m.attemptId} />;
  if ((m = match('/result/:attemptId', path))) return <Result attemptId={m.attemptId} />;
  if ((m = match('/review/:attemptId', path))) return <Review attemptId={m.attemptId} />;
  if ((m = match('/certificate/:attemptId', path))) return <Certificate attemptId={m.attemptId} />;
  if (match('/organizer/*', path) || path === '/organizer') return <OrganizerApp />;
  if (match('/judge/*', path) || path === '/judge') return <JudgeApp />;
  return <NotFound />;
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
      <Suspense fallback={<main id="main"><Spinner /></main>}>
        <Routes />
      </Suspense>
    </>
  );
}
