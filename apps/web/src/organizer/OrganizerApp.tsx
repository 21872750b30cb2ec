import { hasRole, useClaims } from '../lib/auth';
import { useL, useT } from '../lib/i18n';
import { Link, match, useLocation } from '../lib/router';
import { BankPage, BanksPage } from './Banks';
import { ContestEditor, ContestsPage } from './Contests';
import { PosterPage } from './Poster';
import { StatsPage } from './Stats';

/** The organizer's console (a lazy chunk): banks and questions, contests and rounds, statistics, posters. */
export default function OrganizerApp() {
  const t = useT();
  const L = useL();
  const claims = useClaims();
  const { path } = useLocation();
  if (!hasRole(claims, 'organizer'))
    return (
      <main id="main" tabIndex={-1} className="narrow">
        <p className="alert error">{t('forbidden')}</p>
        <Link to={`/login?next=${encodeURIComponent(path)}`}>{t('login')}</Link>
      </main>
    );
  let m: Record<string, string> | null;
  let body;
  if ((m = match('/organizer/banks/:bankId', path))) body = <BankPage bankId={m.bankId} />;
  else if ((m = match('/organizer/contests/:contestId/poster', path))) body = <PosterPage contestId={m.contestId} />;
  else if ((m = match('/organizer/contests/:contestId', path))) body = <ContestEditor contestId={m.contestId} />;
  else if ((m = match('/organizer/rounds/:roundId/stats', path))) body = <StatsPage roundId={m.roundId} />;
  else if (path.startsWith('/organizer/contests')) body = <ContestsPage />;
  else body = <BanksPage />;
  const tab = path.startsWith('/organizer/contests') || path.startsWith('/organizer/rounds') ? 'contests' : 'banks';
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('organizer')}</h1>
      <nav className="tabs" aria-label={t('organizer')}>
        <Link to="/organizer" aria-current={tab === 'banks' ? 'page' : undefined}>
          {L('Ngân hàng câu hỏi', 'Question banks')}
        </Link>
        <Link to="/organizer/contests" aria-current={tab === 'contests' ? 'page' : undefined}>
          {L('Hội thi và vòng thi', 'Contests and rounds')}
        </Link>
      </nav>
      {body}
    </main>
  );
}
