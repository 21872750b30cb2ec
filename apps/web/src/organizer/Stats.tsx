import type { BoardStatsV1, LiveCountersV1 } from '@hoi-thi/contracts';
import { Bars, Columns } from '../charts';
import { call } from '../lib/api';
import { formatNumber, useL, useLang } from '../lib/i18n';
import { routeKey } from '../lib/query';
import { ErrorBox, Spinner, useLoad } from '../ui';
import { statsCharts } from './derive';

export function StatsView({ stats, hideCounters = false }: { stats: BoardStatsV1; hideCounters?: boolean }) {
  const L = useL();
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
        {counter('registered', L('Đã đăng ký', 'Registered'))}
        {counter('validEntries', L('Bài thi hợp lệ', 'Valid entries'))}
        {counter('attempts', L('Lượt thi đã nộp', 'Submitted attempts'))}
        {counter('inProgress', L('Đang làm bài', 'In progress'))}
        {counter('submissionsPerMinute', L('Nộp bài/phút', 'Submissions/min'))}
      </div>
      <div className="grid2">
        {overTime.length > 0 && (
          <section className="card">
            <Columns data={overTime} title={L('Lượt nộp bài theo thời gian', 'Submissions over time')} />
          </section>
        )}
        {histogram.length > 0 && (
          <section className="card">
            <Columns data={histogram} title={L('Phân bố số câu đúng', 'Score histogram')} />
          </section>
        )}
        {byUnit.length > 0 && (
          <section className="card">
            <Bars data={byUnit} title={L('Theo đơn vị', 'By unit')} />
          </section>
        )}
        {byShare.length > 0 && (
          <section className="card">
            <Bars data={byShare} title={L('Đơn vị theo tỉ lệ tham gia', 'Units by share of members')} format={(v) => `${(v * 100).toFixed(1)}%`} />
          </section>
        )}
        {byProvince.length > 0 && (
          <section className="card">
            <Bars data={byProvince} title={L('Theo tỉnh/thành', 'By province')} />
          </section>
        )}
      </div>
      {!overTime.length && !histogram.length && !byUnit.length && !byProvince.length && <p className="muted">{L('Chưa có số liệu.', 'No data yet.')}</p>}
    </div>
  );
}

export function StatsPage({ roundId }: { roundId: string }) {
  const L = useL();
  const stats = useLoad((signal) => call('GET /api/rounds/{roundId}/stats', { path: { roundId }, signal }), [roundId], { key: routeKey('GET /api/rounds/{roundId}/stats', { path: { roundId } }) });
  return (
    <div>
      <div className="spread">
        <h2>{L('Thống kê tham gia', 'Participation statistics')}</h2>
        <button className="btn small secondary" onClick={stats.reload}>
          {L('Làm mới', 'Refresh')}
        </button>
      </div>
      {stats.loading && !stats.data && <Spinner />}
      <ErrorBox error={stats.error} />
      {stats.data && <StatsView stats={stats.data} />}
    </div>
  );
}
