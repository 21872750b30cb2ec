import type { ReactNode } from 'react';
import { useJudgeT } from './i18n';
import { Link, match, useLocation } from '../lib/router';

// The judge's console is one lazy chunk with socket.io (see routes.tsx): this module holds all its screens.
export { AttemptInspect } from './AttemptInspect';
export { FinalizePage } from './Finalize';
export { LiveBoard } from './LiveBoard';
export { RoundPicker } from './RoundPicker';

/** The judge's console around each of its screens: live board, inspection, disqualification, finalization. */
export function JudgeLayout({ children }: { children: ReactNode }) {
  const t = useJudgeT();
  const { path } = useLocation();
  const roundId = match('/judge/rounds/:roundId/*', path)?.roundId ?? match('/judge/rounds/:roundId', path)?.roundId ?? null;
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('judge')}</h1>
      {roundId && (
        <nav className="tabs" aria-label={t('judge')}>
          <Link to="/judge">{t('tabRounds')}</Link>
          <Link to={`/judge/rounds/${roundId}`} aria-current={path === `/judge/rounds/${roundId}` ? 'page' : undefined}>
            {t('tabLiveBoard')}
          </Link>
          <Link to={`/judge/rounds/${roundId}/finalize`} aria-current={path.endsWith('/finalize') ? 'page' : undefined}>
            {t('finalize')}
          </Link>
        </nav>
      )}
      {children}
    </main>
  );
}
