import { api, asList } from '../lib/api';
import { formatDateTime, useL, useLang } from '../lib/i18n';
import { toContest } from '../lib/model';
import { Link } from '../lib/router';
import { ErrorBox, Spinner, useLoad } from '../ui';

export function RoundPicker() {
  const L = useL();
  const lang = useLang();
  const list = useLoad(async (signal) => asList<Record<string, unknown>>(await api('/api/contests?limit=200', { signal }), 'contests').map(toContest), []);
  return (
    <div>
      <h2>{L('Chọn vòng thi để theo dõi', 'Choose a round to watch')}</h2>
      {list.loading && <Spinner />}
      <ErrorBox error={list.error} onRetry={list.reload} />
      {list.data?.map((c) => (
        <section className="card" key={c.id}>
          <h3 style={{ marginTop: 0 }}>{c.title}</h3>
          <ul>
            {c.rounds.map((r) => (
              <li key={r.id}>
                <Link to={`/judge/rounds/${r.id}`}>{r.title}</Link>{' '}
                <span className="muted">
                  {formatDateTime(lang, r.opensAt)} → {formatDateTime(lang, r.closesAt)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
