import { hasRole, useClaims } from '../lib/auth';
import { useL, useT } from '../lib/i18n';
import { Link, match, useLocation } from '../lib/router';
import { AttemptInspect } from './AttemptInspect';
import { FinalizePage } from './Finalize';
import { LiveBoard } from './LiveBoard';
import { RoundPicker } from './RoundPicker';

/** The judge's console (a lazy chunk with socket.io): live board, inspection, disqualification, finalization. */
export default function JudgeApp() {
  const t = useT();
  const L = useL();
  const claims = useClaims();
  const { path } = useLocation();
  if (!hasRole(claims, 'judge', 'organizer'))
    return (
      <main id="main" tabIndex={-1} className="narrow">
        <p className="alert error">{t('forbidden')}</p>
        <Link to={`/login?next=${encodeURIComponent(path)}`}>{t('login')}</Link>
      </main>
    );
  let m: Record<string, string> | null;
  let body;
  let roundId: string | null = null;
  if ((m = match('/judge/rounds/:roundId/finalize', path))) {
    roundId = m.roundId;
    body = <FinalizePage roundId={m.roundId} />;
  } else if ((m = match('/judge/rounds/:roundId/attempts/:attemptId', path))) {
    roundId = m.roundId;
    body = <AttemptInspect roundId={m.roundId} attemptId={m.attemptId} />;
  } else if ((m = match('/judge/rounds/:roundId', path))) {
    roundId = m.roundId;
    body = <LiveBoard roundId={m.roundId} />;
  } else body = <RoundPicker />;
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
      {body}
    </main>
  );
}
