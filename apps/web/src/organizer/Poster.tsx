import { api } from '../lib/api';
import { useL } from '../lib/i18n';
import { toContest } from '../lib/model';
import { ErrorBox, Spinner, useLoad } from '../ui';

type Obj = Record<string, unknown>;

/** Printable QR posters for the contest page and each study material (the QR codes are drawn by the server). */
export function PosterPage({ contestId }: { contestId: string }) {
  const L = useL();
  const contest = useLoad(async (signal) => toContest(await api(`/api/contests/${contestId}`, { signal })), [contestId]);
  const c = contest.data;
  const items = c
    ? [
        { title: c.title, url: String(c.raw.link ?? `${location.origin}/contests/${c.id}`), qr: String((c.raw.qr as Obj | undefined)?.svg ?? `/api/contests/${c.id}/qr.svg`) },
        ...(c.raw.materials as Obj[] | undefined ?? []).map((m) => ({ title: String(m.title), url: String(m.url), qr: String((m.qr as Obj | undefined)?.svg ?? `/api/contests/${c.id}/materials/${String(m.id)}/qr.svg`) })),
      ]
    : [];
  return (
    <div>
      <div className="row noprint">
        <button className="btn" onClick={() => window.print()}>
          {L('In áp phích', 'Print posters')}
        </button>
      </div>
      {contest.loading && <Spinner />}
      <ErrorBox error={contest.error} />
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))', gap: '1rem' }}>
        {items.map((it, i) => (
          <figure className="card" key={i} style={{ textAlign: 'center', breakInside: 'avoid' }}>
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
