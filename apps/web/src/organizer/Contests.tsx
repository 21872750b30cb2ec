import { useState, type FormEvent } from 'react';
import { api, ApiError, asList } from '../lib/api';
import { formatDateTime, isoToVnLocal, useL, useLang, vnLocalToIso } from '../lib/i18n';
import { type Round, toContest, toRound } from '../lib/model';
import { Link, navigate } from '../lib/router';
import { described, ErrorBox, Field, Spinner, useLoad } from '../ui';
import { type Cell, CellTable, useDiffLabel } from './Banks';

type Obj = Record<string, unknown>;

export function ContestsPage() {
  const L = useL();
  const list = useLoad(async (signal) => {
    // Organizers see drafts too.
    return asList<Obj>(await api('/api/contests?drafts=true&limit=200', { signal }), 'contests').map(toContest);
  }, []);
  const [f, setF] = useState({ title: '', description: '', rules: '' });
  const [error, setError] = useState<unknown>(null);
  const fe = (k: string) => (error instanceof ApiError ? error.field(k) : undefined);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const c = await api<Obj>('/api/contests', { method: 'POST', body: { ...f, materials: [] } });
      const id = String(c.id);
      navigate(`/organizer/contests/${id}`);
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
          {list.data?.map((c) => (
            <li key={c.id}>
              <Link to={`/organizer/contests/${c.id}`}>{c.title}</Link> <span className="muted">· {c.rounds.length} {L('vòng', 'rounds')}</span>
              {c.raw.published === false && <span className="badge upcoming"> {L('Nháp', 'Draft')}</span>}
            </li>
          ))}
        </ul>
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
  blueprint: { topic: string; difficulty: string; count: string }[];
  predictionEnabled: boolean;
  predictionTarget: string;
  predictionWording: string;
  tieSide: string;
  revealPolicy: string;
  rankingRule: string;
  partialCredit: string;
  practice: boolean;
}

function roundToForm(r: Round | null): RoundForm {
  const raw = (r?.raw ?? {}) as Obj;
  const p = (raw.prediction ?? {}) as Obj;
  return {
    title: r?.title ?? '',
    bankId: String(raw.bankId ?? ''),
    opensAt: isoToVnLocal(r?.opensAt),
    closesAt: isoToVnLocal(r?.closesAt),
    minutes: r?.timeLimitSeconds ? String(Math.round(r.timeLimitSeconds / 60)) : '15',
    attempts: r ? (r.attemptsAllowed == null ? '' : String(r.attemptsAllowed)) : '3',
    blueprint: asList<Obj>(raw.blueprint).map((c) => ({ topic: String(c.topic), difficulty: String(c.difficulty), count: String(c.count) })),
    predictionEnabled: r ? p.enabled !== false : true,
    predictionTarget: String(p.target ?? 'perfect-scorers'),
    predictionWording: String(p.wording ?? 'Dự đoán có bao nhiêu người trả lời đúng tất cả các câu hỏi của vòng thi này?'),
    tieSide: String(p.tieSide ?? 'under'),
    revealPolicy: String(raw.revealPolicy ?? 'after-close'),
    rankingRule: asList<string>(raw.rankingRule).join(',') || 'points,prediction,duration,submittedAt',
    partialCredit: String(raw.partialCredit ?? (raw.scoring as Obj | undefined)?.partialCredit ?? 'all-or-nothing'),
    practice: Boolean(raw.practice),
  };
}

function RoundEditor({ contestId, round, banks, onDone }: { contestId: string; round: Round | null; banks: Obj[]; onDone: () => void }) {
  const L = useL();
  const diff = useDiffLabel();
  const [f, setF] = useState<RoundForm>(() => roundToForm(round));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const bank = useLoad(async (signal) => (f.bankId ? api<Obj>(`/api/banks/${f.bankId}`, { signal }) : null), [f.bankId]);
  const cells = asList<Cell>(bank.data?.cells);
  const available = (topic: string, d: string) => cells.filter((c) => (topic === '*' || c.topic === topic) && (d === '*' || c.difficulty === d)).reduce((s, c) => s + c.count, 0);
  const fe = (k: string) => (error instanceof ApiError ? error.field(k) : undefined);
  const topics = [...new Set(cells.map((c) => c.topic))];
  const totalQ = f.blueprint.reduce((s, c) => s + (Number(c.count) || 0), 0);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = {
      title: f.title,
      bankId: f.bankId,
      opensAt: vnLocalToIso(f.opensAt),
      closesAt: vnLocalToIso(f.closesAt),
      timeLimitSeconds: Math.round(Number(f.minutes) * 60),
      attemptsAllowed: f.attempts.trim() === '' ? null : Number(f.attempts),
      blueprint: f.blueprint.map((c) => ({ topic: c.topic, difficulty: c.difficulty, count: Number(c.count) })),
      prediction: { enabled: f.predictionEnabled, target: f.predictionTarget, wording: f.predictionWording, tieSide: f.tieSide },
      revealPolicy: f.revealPolicy,
      rankingRule: f.rankingRule.split(',').map((s) => s.trim()).filter(Boolean),
      partialCredit: f.partialCredit,
      practice: f.practice,
    };
    try {
      if (round) await api(`/api/contests/${contestId}/rounds/${round.id}`, { method: 'PATCH', body });
      else await api(`/api/contests/${contestId}/rounds`, { method: 'POST', body });
      onDone();
    } catch (ex) {
      setError(ex);
    } finally {
      setBusy(false);
    }
  };
  const input = (k: keyof RoundForm, label: string, props: Obj = {}) => (
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
            <option key={String(b.id)} value={String(b.id)}>
              {String(b.name)}
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
              const have = available(c.topic, c.difficulty);
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
                    <select className="input" aria-label={L(`Mức độ dòng ${i + 1}`, `Row ${i + 1} difficulty`)} value={c.difficulty} onChange={(e) => set({ difficulty: e.target.value })}>
                      {['*', 'easy', 'medium', 'hard'].map((d) => (
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
                <select {...described('r-predictionTarget')} value={f.predictionTarget} onChange={(e) => setF({ ...f, predictionTarget: e.target.value })}>
                  <option value="perfect-scorers">{L('Số người đúng hết', 'Perfect scorers')}</option>
                  <option value="participations">{L('Số lượt thi', 'Participations')}</option>
                  <option value="contestants">{L('Số người dự thi', 'Contestants')}</option>
                  <option value="perfect-percentage">{L('Tỉ lệ % đúng hết', 'Perfect percentage')}</option>
                </select>
              </Field>
              <Field id="r-tieSide" label={L('Cùng khoảng cách thì ưu tiên', 'At equal distance prefer')}>
                <select {...described('r-tieSide')} value={f.tieSide} onChange={(e) => setF({ ...f, tieSide: e.target.value })}>
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
          <select {...described('r-revealPolicy', fe('revealPolicy'))} value={f.revealPolicy} onChange={(e) => setF({ ...f, revealPolicy: e.target.value })}>
            <option value="after-close">{L('Sau khi vòng thi đóng', 'After the round closes')}</option>
            <option value="after-submit">{L('Ngay sau khi nộp bài', 'Right after submitting')}</option>
            <option value="never">{L('Không công bố', 'Never')}</option>
          </select>
        </Field>
        <Field id="r-rankingRule" label={L('Thứ tự xếp hạng', 'Ranking rule')} error={fe('rankingRule')}>
          <select {...described('r-rankingRule', fe('rankingRule'))} value={f.rankingRule} onChange={(e) => setF({ ...f, rankingRule: e.target.value })}>
            <option value="points,prediction,duration,submittedAt">{L('Đúng → dự đoán → thời gian → nộp sớm', 'Correct → prediction → time → earlier')}</option>
            <option value="points,prediction,submittedAt,duration">{L('Đúng → dự đoán → nộp sớm → thời gian', 'Correct → prediction → earlier → time')}</option>
            <option value="points,duration,submittedAt">{L('Đúng → thời gian → nộp sớm (không dự đoán)', 'Correct → time → earlier (no prediction)')}</option>
          </select>
        </Field>
        <Field id="r-partialCredit" label={L('Chấm câu nhiều đáp án', 'Multiple-choice scoring')}>
          <select {...described('r-partialCredit')} value={f.partialCredit} onChange={(e) => setF({ ...f, partialCredit: e.target.value })}>
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

export function ContestEditor({ contestId }: { contestId: string }) {
  const L = useL();
  const lang = useLang();
  const contest = useLoad(async (signal) => {
    const c = toContest(await api(`/api/contests/${contestId}`, { signal }));
    // The organizer's view of the rounds: drafts, bank, blueprint and every setting.
    c.rounds = asList<Obj>(await api(`/api/contests/${contestId}/rounds?limit=200`, { signal })).map((r) => toRound(r));
    return c;
  }, [contestId]);
  const banks = useLoad(async (signal) => asList<Obj>(await api('/api/banks?limit=200', { signal })), []);
  const [editing, setEditing] = useState<Round | 'new' | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [materials, setMaterials] = useState<{ id?: string; title: string; url: string; kind?: string }[] | null>(null);
  const c = contest.data;
  const mats = materials ?? c?.materials.map((m) => ({ id: m.id, title: m.title, url: m.url ?? '', kind: m.kind })) ?? [];

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
  const publishRound = (r: Round) => act(() => api(`/api/rounds/${r.id}/publish`, { method: 'POST', body: {} }), L(`Đã công bố vòng “${r.title}”. Câu hỏi và đáp án đã được chốt.`, `Published “${r.title}”. Its questions and key are frozen.`));
  const publishContest = () => act(() => api(`/api/contests/${contestId}`, { method: 'PATCH', body: { published: true } }), L('Hội thi đã được công bố.', 'The contest is published.'));
  const saveMaterials = () =>
    act(
      () => api(`/api/contests/${contestId}`, { method: 'PATCH', body: { materials: mats.filter((m) => m.title && m.url).map((m) => ({ ...(m.id ? { id: m.id } : {}), title: m.title, url: m.url, kind: m.kind || 'link' })) } }),
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
              {c.raw.published === false && (
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
                {c.rounds.map((r) => {
                  const published = r.raw.published === true || !!r.raw.publishedAt;
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
              <button className="btn small secondary" onClick={() => setMaterials([...mats, { title: '', url: '' }])}>
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
