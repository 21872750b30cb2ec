import type { BoardStatsV1, LiveCountersV1 } from '@hoi-thi/contracts';
import { Bars, Columns } from '../charts';
import { call } from '../lib/api';
import { formatNumber, useLang } from '../lib/i18n';
import { useOrganizerT } from './i18n';
import { routeKey } from '../lib/query';
import { ErrorBox, Spinner, useLoad } from '../ui';
import { statsCharts } from './derive';

export function StatsView({ stats, hideCounters = false }: { stats: BoardStatsV1; hideCounters?: boolean }) {
  const t = useOrganizerT();
  const lang = useLang();
  // Province codes → names (the geo list is public and cached by the browser for a day).
  const provinces = useLoad(async (signal) => new Map((await call('GET /api/geo/provinces', { signal, auth: false })).items.map((p) => [p.code, p.name])), []);
  const { overTime, histogram, byUnit, byShare, byProvince } = statsCharts(stats, (code) => provinces.data?.get(code));
  const counter = (k: keyof LiveCountersV1, label: string) => (
    <div key={k}>
      <span className="muted">{label}</span>
      <b>{formatNumber(lang, stats.counters[k])}</b>
    </div>
  );
  return (
    <div>
      <div className="stat" hidden={hideCounters}>
        {counter('registered', t('statRegistered'))}
        {counter('validEntries', t('statValidEntries'))}
        {counter('attempts', t('statSubmittedAttempts'))}
        {counter('inProgress', t('statInProgress'))}
        {counter('submissionsPerMinute', t('statPerMinute'))}
      </div>
      <div className="grid2">
        {overTime.length > 0 && (
          <section className="card">
            <Columns data={overTime} title={t('statOverTime')} />
          </section>
        )}
        {histogram.length > 0 && (
          <section className="card">
            <Columns data={histogram} title={t('statHistogram')} />
          </section>
        )}
        {byUnit.length > 0 && (
          <section className="card">
            <Bars data={byUnit} title={t('statByUnit')} />
          </section>
        )}
        {byShare.length > 0 && (
          <section className="card">
            <Bars data={byShare} title={t('statByShare')} format={(v) => `${(v * 100).toFixed(1)}%`} />
          </section>
        )}
        {byProvince.length > 0 && (
          <section className="card">
            <Bars data={byProvince} title={t('statByProvince')} />
          </section>
        )}
      </div>
      {!overTime.length && !histogram.length && !byUnit.length && !byProvince.length && <p className="muted">{t('statNone')}</p>}
    </div>
  );
}

export function StatsPage({ roundId }: { roundId: string }) {
  const t = useOrganizerT();
  const stats = useLoad((signal) => call('GET /api/rounds/{roundId}/stats', { path: { roundId }, signal }), [roundId], {
    key: routeKey('GET /api/rounds/{roundId}/stats', { path: { roundId } }),
  });
  return (
    <div>
      <div className="spread">
        <h2>{t('statTitle')}</h2>
        <button className="btn small secondary" onClick={stats.reload}>
          {t('refresh')}
        </button>
      </div>
      {stats.loading && !stats.data && <Spinner />}
      <ErrorBox error={stats.error} />
      {stats.data && <StatsView stats={stats.data} />}
    </div>
  );
}
