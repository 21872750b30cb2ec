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
import { formatDateTime, isoToVnLocal, useL, useLang, vnLocalToIso } from '../lib/i18n';
import { Link, navigate } from '../lib/router';
import { described, ErrorBox, Field, Spinner, useLoad } from '../ui';
import { CellTable, DIFFS, useDiffLabel } from './Banks';
import { allPages, available } from './derive';
import { LoadMore, usePaged } from './paged';

export function ContestsPage() {
  const L = useL();
  // Organizers see drafts too.
  const list = usePaged<ContestV1, ContestPageV1>((cursor, signal) => call('GET /api/contests', { query: { drafts: 'true', limit: 50, cursor }, signal }), []);
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
        <h2>{L('Hội thi', 'Contests')}</h2>
        {list.loading && <Spinner />}
        <ErrorBox error={list.error} onRetry={list.reload} />
        <ul>
          {list.items.map((c) => (
            <li key={c.id}>
              <Link to={`/organizer/contests/${c.id}`}>{c.title}</Link> <span className="muted">· {c.rounds.length} {L('vòng', 'rounds')}</span>
              {!c.published && <span className="badge upcoming"> {L('Nháp', 'Draft')}</span>}
            </li>
          ))}
        </ul>
        <LoadMore list={list} />
      </section>
      <form className="card" onSubmit={create} noValidate aria-labelledby="newc">
        <h2 id="newc" style={{ marginTop: 0 }}>
          {L('Tạo hội thi', 'New contest')}
        </h2>
        <ErrorBox error={error instanceof ApiError && error.errors.length ? null : error} />
        {(['title', 'description', 'rules'] as const).map((k) => (
          <Field key={k} id={`c-${k}`} label={{ title: L('Tên hội thi', 'Title'), description: L('Giới thiệu', 'Description'), rules: L('Thể lệ', 'Rules') }[k]} error={fe(k)}>
            {k === 'title' ? (
              <input {...described(`c-${k}`, fe(k))} value={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.value })} />
            ) : (
              <textarea {...described(`c-${k}`, fe(k))} value={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.value })} />
            )}
          </Field>
        ))}
        <button className="btn" type="submit">
          {L('Tạo', 'Create')}
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
  const L = useL();
  const diff = useDiffLabel();
  const [f, setF] = useState<RoundForm>(() => roundToForm(round));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const bank = useLoad(async (signal) => (f.bankId ? call('GET /api/banks/{bankId}', { path: { bankId: f.bankId }, signal }) : null), [f.bankId]);
  const cells = bank.data?.cells ?? [];
  const ruleKey = (rule: readonly RankingCriterion[]) => rule.join(',');
  const rules = RANKING_RULES.some((x) => ruleKey(x) === ruleKey(f.rankingRule)) ? RANKING_RULES : [...RANKING_RULES, f.rankingRule];
  const presetLabels: Record<string, string> = {
    'points,prediction,duration,submittedAt': L('Đúng → dự đoán → thời gian → nộp sớm', 'Correct → prediction → time → earlier'),
    'points,prediction,submittedAt,duration': L('Đúng → dự đoán → nộp sớm → thời gian', 'Correct → prediction → earlier → time'),
    'points,duration,submittedAt': L('Đúng → thời gian → nộp sớm (không dự đoán)', 'Correct → time → earlier (no prediction)'),
  };
  const criterionLabel: Record<RankingCriterion, string> = { points: L('Đúng', 'Correct'), prediction: L('dự đoán', 'prediction'), duration: L('thời gian', 'time'), submittedAt: L('nộp sớm', 'earlier') };
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
    <form className="card" onSubmit={save} noValidate aria-label={round ? L('Sửa vòng thi', 'Edit round') : L('Vòng thi mới', 'New round')}>
      <h3 style={{ marginTop: 0 }}>{round ? L('Sửa vòng thi', 'Edit round') : L('Vòng thi mới', 'New round')}</h3>
      <ErrorBox error={error} />
      {input('title', L('Tên vòng', 'Title'))}
      <Field id="r-bankId" label={L('Ngân hàng câu hỏi', 'Question bank')} error={fe('bankId')}>
        <select {...described('r-bankId', fe('bankId'))} value={f.bankId} onChange={(e) => setF({ ...f, bankId: e.target.value })}>
          <option value="">— {L('Chọn', 'Choose')} —</option>
          {banks.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
      </Field>
      <div className="grid2">
        {input('opensAt', L('Mở lúc (giờ Việt Nam)', 'Opens (Vietnam time)'), { type: 'datetime-local' })}
        {input('closesAt', L('Đóng lúc (giờ Việt Nam)', 'Closes (Vietnam time)'), { type: 'datetime-local' })}
        {input('minutes', L('Thời gian làm bài (phút)', 'Time limit (minutes)'), { type: 'number', min: 1 })}
        {input('attempts', L('Số lượt thi (trống = không giới hạn)', 'Attempts (empty = unlimited)'), { type: 'number', min: 1 })}
      </div>
      <fieldset className="card">
        <legend>
          {L('Cấu trúc đề', 'Blueprint')} — {totalQ} {L('câu', 'questions')}
        </legend>
        {fe('blueprint') && <p className="err">{fe('blueprint')}</p>}
        {f.bankId && <CellTable cells={cells} />}
        <table>
          <thead>
            <tr>
              <th scope="col">{L('Chủ đề', 'Topic')}</th>
              <th scope="col">{L('Mức độ', 'Difficulty')}</th>
              <th scope="col">{L('Số câu', 'Count')}</th>
              <th scope="col">{L('Có trong ngân hàng', 'In the bank')}</th>
              <th scope="col">
                <span className="sr-only">{L('Xoá', 'Remove')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {f.blueprint.map((c, i) => {
              const have = available(cells, c.topic, c.difficulty);
              const set = (patch: Partial<RoundForm['blueprint'][number]>) => setF({ ...f, blueprint: f.blueprint.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
              return (
                <tr key={i}>
                  <td>
                    <select className="input" aria-label={L(`Chủ đề dòng ${i + 1}`, `Row ${i + 1} topic`)} value={c.topic} onChange={(e) => set({ topic: e.target.value })}>
                      <option value="*">{L('Bất kỳ', 'Any')}</option>
                      {[...new Set([...topics, c.topic])].filter((x) => x !== '*').map((tp) => (
                        <option key={tp}>{tp}</option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <select className="input" aria-label={L(`Mức độ dòng ${i + 1}`, `Row ${i + 1} difficulty`)} value={c.difficulty} onChange={(e) => set({ difficulty: e.target.value as Difficulty | '*' })}>
                      {(['*', ...DIFFS] as const).map((d) => (
                        <option key={d} value={d}>
                          {diff(d)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input className="input" style={{ width: '5rem' }} type="number" min={1} aria-label={L(`Số câu dòng ${i + 1}`, `Row ${i + 1} count`)} value={c.count} onChange={(e) => set({ count: e.target.value })} />
                  </td>
                  <td style={{ color: have < Number(c.count) ? 'var(--accent)' : undefined }}>{f.bankId ? have : '—'}</td>
                  <td>
                    <button type="button" className="btn small secondary" aria-label={L(`Xoá dòng ${i + 1}`, `Remove row ${i + 1}`)} onClick={() => setF({ ...f, blueprint: f.blueprint.filter((_, j) => j !== i) })}>
                      ✕
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <button type="button" className="btn small secondary" onClick={() => setF({ ...f, blueprint: [...f.blueprint, { topic: topics[0] ?? '*', difficulty: 'easy', count: '1' }] })}>
          + {L('Thêm dòng', 'Add row')}
        </button>
      </fieldset>
      <fieldset className="card">
        <legend>{L('Câu hỏi dự đoán', 'Prediction question')}</legend>
        <label className="row">
          <input type="checkbox" checked={f.predictionEnabled} onChange={(e) => setF({ ...f, predictionEnabled: e.target.checked })} /> {L('Có câu hỏi dự đoán', 'Ask a prediction')}
        </label>
        {f.predictionEnabled && (
          <>
            <Field id="r-predictionWording" label={L('Nội dung câu hỏi', 'Wording')} error={fe('prediction.wording')}>
              <textarea {...described('r-predictionWording')} value={f.predictionWording} onChange={(e) => setF({ ...f, predictionWording: e.target.value })} />
            </Field>
            <div className="grid2">
              <Field id="r-predictionTarget" label={L('Giá trị cần đoán', 'Target')}>
                <select {...described('r-predictionTarget')} value={f.predictionTarget} onChange={(e) => setF({ ...f, predictionTarget: e.target.value as PredictionTarget })}>
                  <option value="perfect-scorers">{L('Số người đúng hết', 'Perfect scorers')}</option>
                  <option value="participations">{L('Số lượt thi', 'Participations')}</option>
                  <option value="contestants">{L('Số người dự thi', 'Contestants')}</option>
                  <option value="perfect-percentage">{L('Tỉ lệ % đúng hết', 'Perfect percentage')}</option>
                </select>
              </Field>
              <Field id="r-tieSide" label={L('Cùng khoảng cách thì ưu tiên', 'At equal distance prefer')}>
                <select {...described('r-tieSide')} value={f.tieSide} onChange={(e) => setF({ ...f, tieSide: e.target.value as TieSide })}>
                  <option value="under">{L('Đoán thấp hơn', 'The lower guess')}</option>
                  <option value="over">{L('Đoán cao hơn', 'The higher guess')}</option>
                </select>
              </Field>
            </div>
          </>
        )}
      </fieldset>
      <div className="grid2">
        <Field id="r-revealPolicy" label={L('Công bố đáp án', 'Reveal answers')} error={fe('revealPolicy')}>
          <select {...described('r-revealPolicy', fe('revealPolicy'))} value={f.revealPolicy} onChange={(e) => setF({ ...f, revealPolicy: e.target.value as RevealPolicy })}>
            <option value="after-close">{L('Sau khi vòng thi đóng', 'After the round closes')}</option>
            <option value="after-submit">{L('Ngay sau khi nộp bài', 'Right after submitting')}</option>
            <option value="never">{L('Không công bố', 'Never')}</option>
          </select>
        </Field>
        <Field id="r-rankingRule" label={L('Thứ tự xếp hạng', 'Ranking rule')} error={fe('rankingRule')}>
          <select {...described('r-rankingRule', fe('rankingRule'))} value={ruleKey(f.rankingRule)} onChange={(e) => setF({ ...f, rankingRule: [...(rules.find((x) => ruleKey(x) === e.target.value) ?? f.rankingRule)] })}>
            {rules.map((rule) => (
              <option key={ruleKey(rule)} value={ruleKey(rule)}>
                {ruleLabel(rule)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="r-partialCredit" label={L('Chấm câu nhiều đáp án', 'Multiple-choice scoring')}>
          <select {...described('r-partialCredit')} value={f.partialCredit} onChange={(e) => setF({ ...f, partialCredit: e.target.value as PartialCredit })}>
            <option value="all-or-nothing">{L('Đúng đủ mới có điểm', 'All or nothing')}</option>
            <option value="proportional">{L('Theo tỉ lệ', 'Proportional')}</option>
          </select>
        </Field>
        <label className="row">
          <input type="checkbox" checked={f.practice} onChange={(e) => setF({ ...f, practice: e.target.checked })} /> {L('Vòng thi thử (không xếp hạng)', 'Practice round (not ranked)')}
        </label>
      </div>
      <div className="row">
        <button className="btn" type="submit" disabled={busy}>
          {L('Lưu vòng thi', 'Save round')}
        </button>
        <button className="btn secondary" type="button" onClick={onDone}>
          {L('Huỷ', 'Cancel')}
        </button>
      </div>
    </form>
  );
}

const NEW_MATERIAL_KIND: MaterialKind = 'link';

export function ContestEditor({ contestId }: { contestId: string }) {
  const L = useL();
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
  const publishRound = (r: RoundV1) => act(() => call('POST /api/rounds/{roundId}/publish', { path: { roundId: r.id } }), L(`Đã công bố vòng “${r.title}”. Câu hỏi và đáp án đã được chốt.`, `Published “${r.title}”. Its questions and key are frozen.`));
  const publishContest = () => act(() => call('PATCH /api/contests/{contestId}', { path: { contestId }, body: { published: true } }), L('Hội thi đã được công bố.', 'The contest is published.'));
  const saveMaterials = () =>
    act(
      () => call('PATCH /api/contests/{contestId}', { path: { contestId }, body: { materials: mats.filter((m) => m.title && m.url).map((m) => ({ ...(m.id ? { id: m.id } : {}), title: m.title, url: m.url, kind: m.kind })) } }),
      L('Đã lưu tài liệu.', 'Materials saved.'),
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
                <button className="btn small" onClick={publishContest}>
                  {L('Công bố hội thi', 'Publish contest')}
                </button>
              )}
              <Link className="btn small secondary" to={`/organizer/contests/${contestId}/poster`}>
                {L('Áp phích QR', 'QR posters')}
              </Link>
              <Link className="btn small secondary" to={`/contests/${contestId}`}>
                {L('Trang thí sinh', 'Contestant page')}
              </Link>
            </div>
          </div>
          {msg && (
            <p className="alert ok" role="status">
              {msg}
            </p>
          )}
          <ErrorBox error={error} />
          <h3>{L('Các vòng thi', 'Rounds')}</h3>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{L('Vòng', 'Round')}</th>
                  <th scope="col">{L('Thời gian', 'Schedule')}</th>
                  <th scope="col">{L('Trạng thái', 'Status')}</th>
                  <th scope="col">
                    <span className="sr-only">{L('Thao tác', 'Actions')}</span>
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
                      <td>{published ? <span className="badge open">{L('Đã công bố', 'Published')}</span> : <span className="badge upcoming">{L('Nháp', 'Draft')}</span>}</td>
                      <td className="row">
                        {!published && (
                          <>
                            <button className="btn small secondary" onClick={() => setEditing(r)}>
                              {L('Sửa', 'Edit')}
                            </button>
                            <button className="btn small" onClick={() => void publishRound(r)} aria-label={`${L('Công bố', 'Publish')}: ${r.title}`}>
                              {L('Công bố', 'Publish')}
                            </button>
                          </>
                        )}
                        <Link className="btn small secondary" to={`/organizer/rounds/${r.id}/stats`}>
                          {L('Thống kê', 'Statistics')}
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
              + {L('Thêm vòng thi', 'Add a round')}
            </button>
          )}
          <section className="card">
            <h3 style={{ marginTop: 0 }}>{L('Tài liệu tham khảo', 'Study materials')}</h3>
            {mats.map((m, i) => (
              <div className="grid2" key={i}>
                <input className="input" aria-label={L(`Tên tài liệu ${i + 1}`, `Material ${i + 1} title`)} value={m.title} onChange={(e) => setMaterials(mats.map((x, j) => (j === i ? { ...x, title: e.target.value } : x)))} />
                <input className="input" aria-label={L(`Đường dẫn tài liệu ${i + 1}`, `Material ${i + 1} URL`)} value={m.url} onChange={(e) => setMaterials(mats.map((x, j) => (j === i ? { ...x, url: e.target.value } : x)))} />
              </div>
            ))}
            <div className="row" style={{ marginTop: '0.5rem' }}>
              <button className="btn small secondary" onClick={() => setMaterials([...mats, { title: '', url: '', kind: NEW_MATERIAL_KIND }])}>
                + {L('Thêm tài liệu', 'Add material')}
              </button>
              <button className="btn small" onClick={() => void saveMaterials()}>
                {L('Lưu tài liệu', 'Save materials')}
              </button>
            </div>
          </section>
        </>
      )}
    </div>
  );
}
