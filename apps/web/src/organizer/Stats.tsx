import { Bars, Columns, type Point } from '../charts';
import { api, asList } from '../lib/api';
import { formatNumber, useL, useLang } from '../lib/i18n';
import { ErrorBox, Spinner, useLoad } from '../ui';

type Obj = Record<string, unknown>;

/** Reads `[{label|name|bucket|minute, count|value}]` or `{key: count}` into chart points. */
export function points(x: unknown, labelKeys = ['label', 'name', 'points', 'unitName', 'province', 'provinceName', 'bucket', 'minute', 'at', 'time', 'correct', 'category', 'day', 'hour']): Point[] {
  if (Array.isArray(x))
    return (x as Obj[]).map((o) => {
      const lk = labelKeys.find((k) => o[k] !== undefined && o[k] !== null);
      const label = lk ? String(o[lk]) : '';
      const value = Number(o.count ?? o.value ?? o.entries ?? o.attempts ?? o.participants ?? o.submissions ?? 0);
      // Times (per minute) in Vietnam's wall clock.
      const at = /^\d{4}-\d\d-\d\dT/.test(label) ? new Date(label) : null;
      return { label: at ? new Intl.DateTimeFormat('vi-VN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' }).format(at) : label, value };
    });
  if (x && typeof x === 'object') return Object.entries(x as Obj).map(([label, value]) => ({ label, value: Number(value) }));
  return [];
}

export function StatsView({ stats, hideCounters = false }: { stats: Obj; hideCounters?: boolean }) {
  const L = useL();
  const lang = useLang();
  // Province codes → names (the geo list is public and cached by the browser for a day).
  const provinces = useLoad(async (signal) => new Map(asList<Obj>(await api('/api/geo/provinces', { signal, auth: false })).map((p) => [String(p.code), String(p.name)])), []);
  const counters = (stats.counters ?? stats) as Obj;
  const units = (stats.units ?? {}) as Obj;
  const byUnit = points(stats.byUnit ?? units.byEntries ?? stats.units).sort((a, b) => b.value - a.value).slice(0, 15);
  const byShare = asList<Obj>(units.byShare).map((u) => ({ label: String(u.name ?? u.unitId), value: Number(u.share ?? 0) })).slice(0, 15);
  const byProvince = points(stats.byProvince ?? stats.provinces)
    .map((p) => ({ ...p, label: provinces.data?.get(p.label) ?? p.label }))
    .sort((a, b) => b.value - a.value)
    .slice(0, 15);
  const overTime = points(stats.overTime ?? stats.timeline ?? stats.perMinute ?? stats.submissionsPerMinute);
  const histogram = points(stats.histogram ?? stats.scoreHistogram, ['points', 'correct', 'score', 'bucket', 'label']);
  const byCategory = points(stats.byCategory);
  const counter = (k: string[], label: string) => {
    const v = k.map((x) => counters[x]).find((x) => typeof x === 'number') as number | undefined;
    return v === undefined ? null : (
      <div key={label}>
        <span className="muted">{label}</span>
        <b>{formatNumber(lang, v)}</b>
      </div>
    );
  };
  return (
    <div>
      <div className="stat" hidden={hideCounters}>
        {counter(['registered', 'registeredUsers'], L('Đã đăng ký', 'Registered'))}
        {counter(['validEntries', 'participants', 'contestants', 'entries'], L('Bài thi hợp lệ', 'Valid entries'))}
        {counter(['attempts', 'participations', 'submitted', 'submissions'], L('Lượt thi đã nộp', 'Submitted attempts'))}
        {counter(['inProgress', 'active'], L('Đang làm bài', 'In progress'))}
        {counter(['submissionsPerMinute', 'submittedLastMinute', 'perMinute'], L('Nộp bài/phút', 'Submissions/min'))}
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
        {byCategory.length > 0 && (
          <section className="card">
            <Bars data={byCategory} title={L('Theo đối tượng', 'By category')} />
          </section>
        )}
      </div>
      {!overTime.length && !histogram.length && !byUnit.length && !byProvince.length && <p className="muted">{L('Chưa có số liệu.', 'No data yet.')}</p>}
    </div>
  );
}

export function StatsPage({ roundId }: { roundId: string }) {
  const L = useL();
  const stats = useLoad(async (signal) => api<Obj>(`/api/rounds/${roundId}/stats`, { signal }), [roundId]);
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
