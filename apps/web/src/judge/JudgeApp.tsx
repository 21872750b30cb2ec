import type { ReactNode } from 'react';
import { useL, useT } from '../lib/i18n';
import { Link, match, useLocation } from '../lib/router';

// The judge's console is one lazy chunk with socket.io (see routes.tsx): this module holds all its screens.
export { AttemptInspect } from './AttemptInspect';
export { FinalizePage } from './Finalize';
export { LiveBoard } from './LiveBoard';
export { RoundPicker } from './RoundPicker';

/** The judge's console around each of its screens: live board, inspection, disqualification, finalization. */
export function JudgeLayout({ children }: { children: ReactNode }) {
  const t = useT();
  const L = useL();
  const { path } = useLocation();
  const roundId = match('/judge/rounds/:roundId/*', path)?.roundId ?? match('/judge/rounds/:roundId', path)?.roundId ?? null;
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t('judge')}</h1>
      {roundId && (
        <nav className="tabs" aria-label={t('judge')}>
          <Link to="/judge">{L('Chọn vòng', 'Rounds')}</Link>
          <Link to={`/judge/rounds/${roundId}`} aria-current={path === `/judge/rounds/${roundId}` ? 'page' : undefined}>
            {L('Bảng xếp hạng trực tiếp', 'Live board')}
          </Link>
          <Link to={`/judge/rounds/${roundId}/finalize`} aria-current={path.endsWith('/finalize') ? 'page' : undefined}>
            {L('Chốt kết quả', 'Finalize')}
          </Link>
        </nav>
      )}
      {children}
    </main>
  );
}
