import { call } from '../lib/api';
import { useClaims } from '../lib/auth';
import { formatDateTime, useLang, useT } from '../lib/i18n';
import { Link } from '../lib/router';
import { storage } from '../lib/store';
import { ErrorBox, Spinner, useLoad } from '../ui';

/** A printable certificate of participation: the browser's print dialog saves it as a PDF (no PDF library). */
export default function Certificate({ attemptId }: { attemptId: string }) {
  const t = useT();
  const lang = useLang();
  const claims = useClaims();
  // The contest the attempt was started from on this device (the attempt itself names its round, not its contest).
  const meta = storage.getJson<{ contestId?: string }>(`ht.attempt.${attemptId}`, {});
  const { data, error, loading } = useLoad(
    async (signal) => {
      const attempt = await call('GET /api/attempts/{id}', { path: { id: attemptId }, signal });
      let contestTitle = '';
      let roundTitle = '';
      if (meta.contestId) {
        try {
          const c = await call('GET /api/contests/{contestId}', { path: { contestId: meta.contestId }, signal });
          contestTitle = c.title;
          roundTitle = c.rounds.find((r) => r.id === attempt.roundId)?.title ?? '';
        } catch {
          /* the certificate stands without the titles */
        }
      }
      return { attempt, contestTitle, roundTitle };
    },
    [attemptId],
  );
  const result = data?.attempt.result;
  return (
    <main id="main" tabIndex={-1}>
      {loading && <Spinner />}
      <ErrorBox error={error} />
      {data && (
        <>
          <div className="row noprint">
            <button className="btn" onClick={() => window.print()}>
              {t('print')}
            </button>
            <Link className="btn secondary" to={`/result/${attemptId}?round=${data.attempt.roundId}`}>
              {t('back')}
            </Link>
          </div>
          <article className="cert" aria-label={t('certificate')}>
            <p style={{ margin: 0, fontWeight: 700 }}>CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>
            <p style={{ marginTop: 0 }}>Độc lập – Tự do – Hạnh phúc</p>
            <h1>{t('certificate')}</h1>
            <p>{t('certifies')}</p>
            <p className="who">{claims?.name ?? ''}</p>
            <p>
              {t('tookPart')} <b>{data.contestTitle || t('appName')}</b>
              {data.roundTitle ? ` — ${data.roundTitle}` : ''}
            </p>
            {result && <p>{t('achieved', { c: result.correct, t: result.total })}</p>}
            {result && <p className="muted">{formatDateTime(lang, result.submittedAt)}</p>}
            <p className="muted" style={{ fontSize: '0.75rem' }}>
              #{attemptId}
            </p>
          </article>
        </>
      )}
    </main>
  );
}
