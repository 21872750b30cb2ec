import { call } from '../lib/api';
import { useOrganizerT } from './i18n';
import { routeKey } from '../lib/query';
import { ErrorBox, Spinner, useLoad } from '../ui';

/** Printable QR posters for the contest page and each study material (the QR codes are drawn by the server). */
export function PosterPage({ contestId }: { contestId: string }) {
  const t = useOrganizerT();
  const contest = useLoad((signal) => call('GET /api/contests/{contestId}', { path: { contestId }, signal }), [contestId], {
    key: routeKey('GET /api/contests/{contestId}', { path: { contestId } }),
  });
  const c = contest.data;
  const items = c
    ? [{ key: c.id, title: c.title, url: c.link, qr: c.qr.svg }, ...c.materials.map((m) => ({ key: m.id, title: m.title, url: m.url, qr: m.qr.svg }))]
    : [];
  return (
    <div>
      <div className="row noprint">
        <button className="btn" onClick={() => window.print()}>
          {t('printPosters')}
        </button>
      </div>
      {contest.loading && <Spinner />}
      <ErrorBox error={contest.error} />
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))', gap: '1rem' }}>
        {items.map((it) => (
          <figure className="card" key={it.key} style={{ textAlign: 'center', breakInside: 'avoid' }}>
            <img src={it.qr} width={200} height={200} alt={`QR: ${it.url}`} />
            <figcaption>
              <b>{it.title}</b>
              <div className="muted" style={{ wordBreak: 'break-all', fontSize: '0.8rem' }}>
                {it.url}
              </div>
            </figcaption>
          </figure>
        ))}
      </div>
    </div>
  );
}
