import type { ReactNode } from 'react';
import { useOrganizerT } from './i18n';
import { Link, useLocation } from '../lib/router';

// The organizer's console is one lazy chunk (see routes.tsx): this module holds all its screens.
export { BankPage, BanksPage } from './Banks';
export { ContestEditor, ContestsPage } from './Contests';
export { PosterPage } from './Poster';
export { StatsPage } from './Stats';

/** The organizer's console around each of its screens: banks and questions, contests and rounds (with statistics, posters). */
export function OrganizerLayout({ children }: { children: ReactNode }) {
  const t = useOrganizerT();
  const { path } = useLocation();
  const tab = path.startsWith('/organizer/contests') || path.startsWith('/organizer/rounds') ? 'contests' : 'banks';
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('organizer')}</h1>
      <nav className="tabs" aria-label={t('organizer')}>
        <Link to="/organizer" aria-current={tab === 'banks' ? 'page' : undefined}>
          {t('banks')}
        </Link>
        <Link to="/organizer/contests" aria-current={tab === 'contests' ? 'page' : undefined}>
          {t('contestsAndRounds')}
        </Link>
      </nav>
      {children}
    </main>
  );
}
