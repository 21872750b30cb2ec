import type {
  BankV1,
  ContestMaterialRequestV1,
  ContestPageV1,
  ContestV1,
  CreateRoundRequestV1,
  Difficulty,
  MaterialKind,
  PartialCredit,
  PredictionTarget,
  RankingCriterion,
  RevealPolicy,
  RoundV1,
  TieSide,
} from '@hoi-thi/contracts';
import { useState, type FormEvent, type InputHTMLAttributes } from 'react';
import { ApiError, call } from '../lib/api';
import { formatDateTime, isoToVnLocal, useLang, vnLocalToIso } from '../lib/i18n';
import { useOrganizerT } from './i18n';
import { Link, navigate } from '../lib/router';
import { described, ErrorBox, Field, Spinner, useLoad } from '../ui';
import { CellTable, DIFFS, useDiffLabel } from './Banks';
import { allPages, available } from './derive';
import { DataTable } from '../lib/DataTable';
import { usePages } from '../lib/paging';

export function ContestsPage() {
  const t = useOrganizerT();
  // Organizers see drafts too.
  const list = usePages<ContestV1, ContestPageV1>((cursor, signal) => call('GET /api/contests', { query: { drafts: 'true', limit: 50, cursor }, signal }), []);
  const [f, setF] = useState({ title: '', description: '', rules: '' });
  const [error, setError] = useState<unknown>(null);
  const fe = (k: string) => (error instanceof ApiError ? error.field(k) : undefined);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const c = await call('POST /api/contests', { body: { ...f, materials: [] } });
      navigate(`/organizer/contests/${c.id}`);
    } catch (ex) {
      setError(ex);
    }
  };
  return (
    <div className="cols">
      <section>
        <h2>{t('contestsHeading')}</h2>
        <DataTable
          caption={t('contestsHeading')}
          captionHidden
          list={list}
          rowKey={(c) => c.id}
          empty={t('noContests')}
          columns={[
            {
              id: 'title',
              header: t('contestsHeading'),
              cell: (c) => (
                <>
                  <Link to={`/organizer/contests/${c.id}`}>{c.title}</Link>
                  {!c.published && <span className="badge upcoming"> {t('draft')}</span>}
                </>
              ),
              sortValue: (c) => c.title,
            },
            { id: 'rounds', header: t('rounds'), cell: (c) => `${c.rounds.length} ${t('roundsWord')}`, sortValue: (c) => c.rounds.length },
          ]}
        />
      </section>
      <form className="card" onSubmit={(e) => void create(e)} noValidate aria-labelledby="newc">
        <h2 id="newc" style={{ marginTop: 0 }}>
          {t('contestNew')}
        </h2>
        <ErrorBox error={error instanceof ApiError && error.errors.length ? null : error} />
        {(['title', 'description', 'rules'] as const).map((k) => (
          <Field key={k} id={`c-${k}`} label={{ title: t('contestTitle'), description: t('contestDescription'), rules: t('rules') }[k]} error={fe(k)}>
            {k === 'title' ? (
              <input {...described(`c-${k}`, fe(k))} value={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.value })} />
            ) : (
              <textarea {...described(`c-${k}`, fe(k))} value={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.value })} />
            )}
          </Field>
        ))}
        <button className="btn" type="submit">
          {t('createShort')}
        </button>
      </form>
    </div>
  );
}

interface RoundForm {
  title: string;
  bankId: string;
  opensAt: string;
  closesAt: string;
  minutes: string;
  attempts: string;
  blueprint: { topic: string; difficulty: Difficulty | '*'; count: string }[];
  predictionEnabled: boolean;
  predictionTarget: PredictionTarget;
  predictionWording: string;
  tieSide: TieSide;
  revealPolicy: RevealPolicy;
  rankingRule: RankingCriterion[];
  partialCredit: PartialCredit;
  practice: boolean;
}

/** The ranking rules offered (most significant criterion first). */
const RANKING_RULES: readonly (readonly RankingCriterion[])[] = [
  ['points', 'prediction', 'duration', 'submittedAt'],
  ['points', 'prediction', 'submittedAt', 'duration'],
  ['points', 'duration', 'submittedAt'],
];

function roundToForm(r: RoundV1 | null): RoundForm {
  return {
    title: r?.title ?? '',
    bankId: r?.bankId ?? '',
    opensAt: isoToVnLocal(r?.opensAt),
    closesAt: isoToVnLocal(r?.closesAt),
    minutes: r ? String(Math.round(r.timeLimitSeconds / 60)) : '15',
    attempts: r ? (r.attemptsAllowed === null ? '' : String(r.attemptsAllowed)) : '3',
    blueprint: (r?.blueprint ?? []).map((c) => ({ topic: c.topic, difficulty: c.difficulty, count: String(c.count) })),
    predictionEnabled: r ? r.prediction.enabled : true,
    predictionTarget: r?.prediction.target ?? 'perfect-scorers',
    predictionWording: r?.prediction.wording ?? 'Dự đoán có bao nhiêu người trả lời đúng tất cả các câu hỏi của vòng thi này?',
    tieSide: r?.prediction.tieSide ?? 'under',
    revealPolicy: r?.revealPolicy ?? 'after-close',
    rankingRule: r ? r.rankingRule : [...RANKING_RULES[0]],
    partialCredit: r?.partialCredit ?? 'all-or-nothing',
    practice: r?.practice ?? false,
  };
}

function formToBody(f: RoundForm): CreateRoundRequestV1 {
  return {
    title: f.title,
    bankId: f.bankId,
    opensAt: vnLocalToIso(f.opensAt),
    closesAt: vnLocalToIso(f.closesAt),
    timeLimitSeconds: Math.round(Number(f.minutes) * 60),
    attemptsAllowed: f.attempts.trim() === '' ? null : Number(f.attempts),
    blueprint: f.blueprint.map((c) => ({ topic: c.topic, difficulty: c.difficulty, count: Number(c.count) })),
    prediction: { enabled: f.predictionEnabled, target: f.predictionTarget, wording: f.predictionWording, tieSide: f.tieSide },
    revealPolicy: f.revealPolicy,
    rankingRule: f.rankingRule,
    partialCredit: f.partialCredit,
    practice: f.practice,
  };
}

function RoundEditor({ contestId, round, banks, onDone }: { contestId: string; round: RoundV1 | null; banks: readonly BankV1[]; onDone: () => void }) {
  const t = useOrganizerT();
  const diff = useDiffLabel();
  const [f, setF] = useState<RoundForm>(() => roundToForm(round));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const bank = useLoad(async (signal) => (f.bankId ? call('GET /api/banks/{bankId}', { path: { bankId: f.bankId }, signal }) : null), [f.bankId]);
  const cells = bank.data?.cells ?? [];
  const ruleKey = (rule: readonly RankingCriterion[]) => rule.join(',');
  const rules = RANKING_RULES.some((x) => ruleKey(x) === ruleKey(f.rankingRule)) ? RANKING_RULES : [...RANKING_RULES, f.rankingRule];
  const presetLabels: Record<string, string> = {
    'points,prediction,duration,submittedAt': t('rulePointsPredictionDuration'),
    'points,prediction,submittedAt,duration': t('rulePointsPredictionSubmitted'),
    'points,duration,submittedAt': t('rulePointsDuration'),
  };
  const criterionLabel: Record<RankingCriterion, string> = {
    points: t('correct'),
    prediction: t('criterionPrediction'),
    duration: t('criterionDuration'),
    submittedAt: t('criterionSubmittedAt'),
  };
  const ruleLabel = (rule: readonly RankingCriterion[]) => presetLabels[ruleKey(rule)] ?? rule.map((c) => criterionLabel[c]).join(' → ');
  const fe = (k: string) => (error instanceof ApiError ? error.field(k) : undefined);
  const topics = [...new Set(cells.map((c) => c.topic))];
  const totalQ = f.blueprint.reduce((s, c) => s + (Number(c.count) || 0), 0);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = formToBody(f);
    try {
      if (round) await call('PATCH /api/contests/{contestId}/rounds/{roundId}', { path: { contestId, roundId: round.id }, body });
      else await call('POST /api/contests/{contestId}/rounds', { path: { contestId }, body });
      onDone();
    } catch (ex) {
      setError(ex);
    } finally {
      setBusy(false);
    }
  };
  const input = (k: 'title' | 'opensAt' | 'closesAt' | 'minutes' | 'attempts', label: string, props: InputHTMLAttributes<HTMLInputElement> = {}) => (
    <Field id={`r-${k}`} label={label} error={fe(k === 'minutes' ? 'timeLimitSeconds' : k === 'attempts' ? 'attemptsAllowed' : k)}>
      <input {...described(`r-${k}`, fe(k))} value={String(f[k])} onChange={(e) => setF({ ...f, [k]: e.target.value })} {...props} />
    </Field>
  );
  return (
    <form className="card" onSubmit={(e) => void save(e)} noValidate aria-label={round ? t('roundEdit') : t('roundNew')}>
      <h3 style={{ marginTop: 0 }}>{round ? t('roundEdit') : t('roundNew')}</h3>
      <ErrorBox error={error} />
      {input('title', t('roundTitle'))}
      <Field id="r-bankId" label={t('roundBank')} error={fe('bankId')}>
        <select {...described('r-bankId', fe('bankId'))} value={f.bankId} onChange={(e) => setF({ ...f, bankId: e.target.value })}>
          <option value="">— {t('chooseWord')} —</option>
          {banks.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
      </Field>
      <div className="grid2">
        {input('opensAt', t('roundOpensAt'), { type: 'datetime-local' })}
        {input('closesAt', t('roundClosesAt'), { type: 'datetime-local' })}
        {input('minutes', t('roundMinutes'), { type: 'number', min: 1 })}
        {input('attempts', t('roundAttempts'), { type: 'number', min: 1 })}
      </div>
      <fieldset className="card">
        <legend>
          {t('blueprint')} — {totalQ} {t('questionsWord')}
        </legend>
        {fe('blueprint') && <p className="err">{fe('blueprint')}</p>}
        {f.bankId && <CellTable cells={cells} />}
        <table>
          <thead>
            <tr>
              <th scope="col">{t('topic')}</th>
              <th scope="col">{t('difficulty')}</th>
              <th scope="col">{t('blueprintCount')}</th>
              <th scope="col">{t('blueprintInBank')}</th>
              <th scope="col">
                <span className="sr-only">{t('remove')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {f.blueprint.map((c, i) => {
              const have = available(cells, c.topic, c.difficulty);
              const set = (patch: Partial<RoundForm['blueprint'][number]>) =>
                setF({ ...f, blueprint: f.blueprint.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
              return (
                <tr key={i}>
                  <td>
                    <select
                      className="input"
                      aria-label={t('blueprintRowTopic', { n: i + 1 })}
                      value={c.topic}
                      onChange={(e) => set({ topic: e.target.value })}
                    >
                      <option value="*">{t('any')}</option>
                      {[...new Set([...topics, c.topic])]
                        .filter((x) => x !== '*')
                        .map((tp) => (
                          <option key={tp}>{tp}</option>
                        ))}
                    </select>
                  </td>
                  <td>
                    <select
                      className="input"
                      aria-label={t('blueprintRowDifficulty', { n: i + 1 })}
                      value={c.difficulty}
                      onChange={(e) => set({ difficulty: e.target.value as Difficulty | '*' })}
                    >
                      {(['*', ...DIFFS] as const).map((d) => (
                        <option key={d} value={d}>
                          {diff(d)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      className="input"
                      style={{ width: '5rem' }}
                      type="number"
                      min={1}
                      aria-label={t('blueprintRowCount', { n: i + 1 })}
                      value={c.count}
                      onChange={(e) => set({ count: e.target.value })}
                    />
                  </td>
                  <td style={{ color: have < Number(c.count) ? 'var(--accent)' : undefined }}>{f.bankId ? have : '—'}</td>
                  <td>
                    <button
                      type="button"
                      className="btn small secondary"
                      aria-label={t('blueprintRowRemove', { n: i + 1 })}
                      onClick={() => setF({ ...f, blueprint: f.blueprint.filter((_, j) => j !== i) })}
                    >
                      ✕
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <button
          type="button"
          className="btn small secondary"
          onClick={() => setF({ ...f, blueprint: [...f.blueprint, { topic: topics[0] ?? '*', difficulty: 'easy', count: '1' }] })}
        >
          + {t('blueprintAddRow')}
        </button>
      </fieldset>
      <fieldset className="card">
        <legend>{t('prediction')}</legend>
        <label className="row">
          <input type="checkbox" checked={f.predictionEnabled} onChange={(e) => setF({ ...f, predictionEnabled: e.target.checked })} /> {t('predictionEnabled')}
        </label>
        {f.predictionEnabled && (
          <>
            <Field id="r-predictionWording" label={t('predictionWording')} error={fe('prediction.wording')}>
              <textarea {...described('r-predictionWording')} value={f.predictionWording} onChange={(e) => setF({ ...f, predictionWording: e.target.value })} />
            </Field>
            <div className="grid2">
              <Field id="r-predictionTarget" label={t('predictionTarget')}>
                <select
                  {...described('r-predictionTarget')}
                  value={f.predictionTarget}
                  onChange={(e) => setF({ ...f, predictionTarget: e.target.value as PredictionTarget })}
                >
                  <option value="perfect-scorers">{t('targetPerfectScorers')}</option>
                  <option value="participations">{t('targetParticipations')}</option>
                  <option value="contestants">{t('targetContestants')}</option>
                  <option value="perfect-percentage">{t('targetPerfectPercentage')}</option>
                </select>
              </Field>
              <Field id="r-tieSide" label={t('tieSide')}>
                <select {...described('r-tieSide')} value={f.tieSide} onChange={(e) => setF({ ...f, tieSide: e.target.value as TieSide })}>
                  <option value="under">{t('tieUnder')}</option>
                  <option value="over">{t('tieOver')}</option>
                </select>
              </Field>
            </div>
          </>
        )}
      </fieldset>
      <div className="grid2">
        <Field id="r-revealPolicy" label={t('revealPolicy')} error={fe('revealPolicy')}>
          <select
            {...described('r-revealPolicy', fe('revealPolicy'))}
            value={f.revealPolicy}
            onChange={(e) => setF({ ...f, revealPolicy: e.target.value as RevealPolicy })}
          >
            <option value="after-close">{t('revealAfterClose')}</option>
            <option value="after-submit">{t('revealAfterSubmit')}</option>
            <option value="never">{t('revealNever')}</option>
          </select>
        </Field>
        <Field id="r-rankingRule" label={t('rankingRule')} error={fe('rankingRule')}>
          <select
            {...described('r-rankingRule', fe('rankingRule'))}
            value={ruleKey(f.rankingRule)}
            onChange={(e) => setF({ ...f, rankingRule: [...(rules.find((x) => ruleKey(x) === e.target.value) ?? f.rankingRule)] })}
          >
            {rules.map((rule) => (
              <option key={ruleKey(rule)} value={ruleKey(rule)}>
                {ruleLabel(rule)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="r-partialCredit" label={t('partialCredit')}>
          <select {...described('r-partialCredit')} value={f.partialCredit} onChange={(e) => setF({ ...f, partialCredit: e.target.value as PartialCredit })}>
            <option value="all-or-nothing">{t('partialAllOrNothing')}</option>
            <option value="proportional">{t('partialProportional')}</option>
          </select>
        </Field>
        <label className="row">
          <input type="checkbox" checked={f.practice} onChange={(e) => setF({ ...f, practice: e.target.checked })} /> {t('roundPractice')}
        </label>
      </div>
      <div className="row">
        <button className="btn" type="submit" disabled={busy}>
          {t('roundSave')}
        </button>
        <button className="btn secondary" type="button" onClick={onDone}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

const NEW_MATERIAL_KIND: MaterialKind = 'link';

export function ContestEditor({ contestId }: { contestId: string }) {
  const t = useOrganizerT();
  const lang = useLang();
  const contest = useLoad(
    async (signal) => ({
      contest: await call('GET /api/contests/{contestId}', { path: { contestId }, signal }),
      // The organizer's view of the rounds: drafts, bank, blueprint and every setting (every page of them).
      rounds: await allPages((cursor) => call('GET /api/contests/{contestId}/rounds', { path: { contestId }, query: { limit: 200, cursor }, signal })),
    }),
    [contestId],
  );
  // Every bank, for the round's bank choice.
  const banks = useLoad((signal) => allPages((cursor) => call('GET /api/banks', { query: { limit: 200, cursor }, signal })), []);
  const [editing, setEditing] = useState<RoundV1 | 'new' | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [materials, setMaterials] = useState<ContestMaterialRequestV1[] | null>(null);
  const c = contest.data?.contest;
  const rounds = contest.data?.rounds ?? [];
  const mats = materials ?? c?.materials.map((m) => ({ id: m.id, title: m.title, url: m.url, kind: m.kind })) ?? [];

  const act = async (fn: () => Promise<unknown>, ok: string) => {
    setError(null);
    setMsg(null);
    try {
      await fn();
      setMsg(ok);
      contest.reload();
    } catch (ex) {
      setError(ex);
    }
  };
  const publishRound = (r: RoundV1) =>
    act(() => call('POST /api/rounds/{roundId}/publish', { path: { roundId: r.id } }), t('roundPublished', { title: r.title }));
  const publishContest = () => act(() => call('PATCH /api/contests/{contestId}', { path: { contestId }, body: { published: true } }), t('contestPublished'));
  const saveMaterials = () =>
    act(
      () =>
        call('PATCH /api/contests/{contestId}', {
          path: { contestId },
          body: { materials: mats.filter((m) => m.title && m.url).map((m) => ({ ...(m.id ? { id: m.id } : {}), title: m.title, url: m.url, kind: m.kind })) },
        }),
      t('materialsSaved'),
    );

  return (
    <div>
      {contest.loading && !c && <Spinner />}
      <ErrorBox error={contest.error} />
      {c && (
        <>
          <div className="spread">
            <h2 style={{ margin: 0 }}>{c.title}</h2>
            <div className="row">
              {!c.published && (
                <button className="btn small" onClick={() => void publishContest()}>
                  {t('contestPublish')}
                </button>
              )}
              <Link className="btn small secondary" to={`/organizer/contests/${contestId}/poster`}>
                {t('qrPosters')}
              </Link>
              <Link className="btn small secondary" to={`/contests/${contestId}`}>
                {t('contestantPage')}
              </Link>
            </div>
          </div>
          {msg && (
            <p className="alert ok" role="status">
              {msg}
            </p>
          )}
          <ErrorBox error={error} />
          <h3>{t('rounds')}</h3>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('roundColumn')}</th>
                  <th scope="col">{t('schedule')}</th>
                  <th scope="col">{t('status')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rounds.map((r) => {
                  const { published } = r;
                  return (
                    <tr key={r.id}>
                      <td>{r.title}</td>
                      <td>
                        {formatDateTime(lang, r.opensAt)} → {formatDateTime(lang, r.closesAt)}
                      </td>
                      <td>{published ? <span className="badge open">{t('published')}</span> : <span className="badge upcoming">{t('draft')}</span>}</td>
                      <td className="row">
                        {!published && (
                          <>
                            <button className="btn small secondary" onClick={() => setEditing(r)}>
                              {t('edit')}
                            </button>
                            <button className="btn small" onClick={() => void publishRound(r)} aria-label={`${t('publish')}: ${r.title}`}>
                              {t('publish')}
                            </button>
                          </>
                        )}
                        <Link className="btn small secondary" to={`/organizer/rounds/${r.id}/stats`}>
                          {t('statistics')}
                        </Link>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {editing ? (
            <RoundEditor
              key={editing === 'new' ? 'new' : editing.id}
              contestId={contestId}
              round={editing === 'new' ? null : editing}
              banks={banks.data ?? []}
              onDone={() => {
                setEditing(null);
                contest.reload();
              }}
            />
          ) : (
            <button className="btn" onClick={() => setEditing('new')}>
              + {t('roundAdd')}
            </button>
          )}
          <section className="card">
            <h3 style={{ marginTop: 0 }}>{t('materials')}</h3>
            {mats.map((m, i) => (
              <div className="grid2" key={i}>
                <input
                  className="input"
                  aria-label={t('materialTitle', { n: i + 1 })}
                  value={m.title}
                  onChange={(e) => setMaterials(mats.map((x, j) => (j === i ? { ...x, title: e.target.value } : x)))}
                />
                <input
                  className="input"
                  aria-label={t('materialUrl', { n: i + 1 })}
                  value={m.url}
                  onChange={(e) => setMaterials(mats.map((x, j) => (j === i ? { ...x, url: e.target.value } : x)))}
                />
              </div>
            ))}
            <div className="row" style={{ marginTop: '0.5rem' }}>
              <button className="btn small secondary" onClick={() => setMaterials([...mats, { title: '', url: '', kind: NEW_MATERIAL_KIND }])}>
                + {t('materialAdd')}
              </button>
              <button className="btn small" onClick={() => void saveMaterials()}>
                {t('materialsSave')}
              </button>
            </div>
          </section>
        </>
      )}
    </div>
  );
}
