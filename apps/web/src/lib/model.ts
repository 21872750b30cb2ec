import { asList } from './api';

/** The shapes the screens use, normalised from whatever the services answer (see API.md). */
export interface Round {
  id: string;
  title: string;
  opensAt: string | null;
  closesAt: string | null;
  timeLimitSeconds: number | null;
  attemptsAllowed: number | null;
  questionCount: number | null;
  status: 'draft' | 'upcoming' | 'open' | 'closed';
  published: boolean;
  revealPolicy?: string;
  raw: Record<string, unknown>;
}
export interface Material {
  id?: string;
  title: string;
  url?: string;
  kind?: string;
}
export interface Contest {
  id: string;
  title: string;
  description: string;
  rules: string;
  materials: Material[];
  rounds: Round[];
  raw: Record<string, unknown>;
}

type Obj = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : v == null ? '' : String(v));
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : null);

export function roundStatusAt(opensAt: string | null, closesAt: string | null, nowMs: number): 'upcoming' | 'open' | 'closed' {
  if (opensAt && nowMs < Date.parse(opensAt)) return 'upcoming';
  if (closesAt && nowMs >= Date.parse(closesAt)) return 'closed';
  return 'open';
}

export function toRound(r: Obj, nowMs = Date.now()): Round {
  const opensAt = str(r.opensAt ?? r.opens_at) || null;
  const closesAt = str(r.closesAt ?? r.closes_at) || null;
  const published = typeof r.published === 'boolean' ? r.published : Boolean(r.publishedAt ?? (r.status && r.status !== 'draft'));
  const explicit = str(r.status ?? r.state);
  const status = (['upcoming', 'open', 'closed', 'draft'].includes(explicit) ? explicit : roundStatusAt(opensAt, closesAt, nowMs)) as Round['status'];
  const limit = num(r.timeLimitSeconds) ?? (num(r.timeLimitMinutes) !== null ? (num(r.timeLimitMinutes) as number) * 60 : null);
  const blueprint = asList<Obj>(r.blueprint);
  const count = num(r.questionCount) ?? (blueprint.length ? blueprint.reduce((s, c) => s + (num(c.count) ?? 0), 0) : null);
  return {
    id: str(r.id ?? r.roundId),
    title: str(r.title ?? r.name),
    opensAt,
    closesAt,
    timeLimitSeconds: limit,
    attemptsAllowed: r.attemptsAllowed === null ? null : num(r.attemptsAllowed),
    questionCount: count,
    status,
    published,
    revealPolicy: str(r.revealPolicy) || undefined,
    raw: r,
  };
}

export function toContest(c: Obj): Contest {
  const materials = asList<Obj>(c.materials).map((m) => ({ id: str(m.id) || undefined, title: str(m.title ?? m.name ?? m.url), url: str(m.url) || undefined, kind: str(m.kind) || undefined }));
  return {
    id: str(c.id ?? c.contestId),
    title: str(c.title ?? c.name),
    description: str(c.description),
    rules: str(c.rules),
    materials,
    rounds: asList<Obj>(c.rounds).map((r) => toRound(r)),
    raw: c,
  };
}

/** An attempt as the exam screen needs it (start, resume). */
export interface AttemptQuestion {
  id: string;
  text: string;
  kind: 'single' | 'multiple' | 'true-false';
  options: { id: string; text: string }[];
  imageUrl?: string | null;
}
export interface Attempt {
  attemptId: string;
  roundId: string;
  deadline: string;
  serverNow: string;
  status: string;
  questions: AttemptQuestion[];
  answers: Record<string, { optionIds: string[]; seq: number }>;
  prediction: { wording: string; decimals: number } | null;
  result: { correct: number; total: number; durationMs: number | null } | null;
}

export function toAttempt(a: Obj): Attempt {
  const answers: Attempt['answers'] = {};
  const rawAnswers = a.answers;
  if (Array.isArray(rawAnswers)) {
    for (const x of rawAnswers as Obj[]) answers[str(x.questionId)] = { optionIds: asList<string>(x.optionIds), seq: num(x.seq) ?? 0 };
  } else if (rawAnswers && typeof rawAnswers === 'object') {
    for (const [q, v] of Object.entries(rawAnswers as Obj)) {
      if (Array.isArray(v)) answers[q] = { optionIds: v as string[], seq: 0 };
      else answers[q] = { optionIds: asList<string>((v as Obj).optionIds), seq: num((v as Obj).seq) ?? 0 };
    }
  }
  const p = a.prediction as Obj | null | undefined;
  const resultSrc = (a.result as Obj | undefined) ?? a;
  const correct = num(resultSrc.correct);
  return {
    attemptId: str(a.attemptId ?? a.id),
    roundId: str(a.roundId),
    deadline: str(a.deadline),
    serverNow: str(a.serverNow),
    status: str(a.status) || 'active',
    questions: asList<Obj>(a.questions).map((q) => ({
      id: str(q.id),
      text: str(q.text),
      kind: (str(q.kind) || 'single') as AttemptQuestion['kind'],
      options: asList<Obj>(q.options).map((o) => ({ id: str(o.id), text: str(o.text) })),
      imageUrl: (q.imageUrl as string | null) ?? null,
    })),
    answers,
    prediction: p && typeof p === 'object' && p.enabled !== false ? { wording: str(p.wording), decimals: num(p.decimals) ?? 0 } : null,
    result: correct !== null ? { correct, total: num(resultSrc.total) ?? 0, durationMs: num(resultSrc.durationMs) } : null,
  };
}

/** One line of a leaderboard (masked name). */
export interface BoardEntry {
  rank: number;
  position: number;
  name: string;
  unit: string;
  correct: number;
  points: number | null;
  durationMs: number | null;
  contestantId?: string;
  attemptId?: string;
  me?: boolean;
}
export function toEntry(e: Obj, i = 0): BoardEntry {
  return {
    rank: num(e.rank) ?? i + 1,
    position: num(e.position) ?? num(e.rank) ?? i + 1,
    name: str(e.name ?? e.maskedName ?? e.displayName ?? '—'),
    unit: str(e.unitName ?? e.unit ?? ''),
    correct: num(e.correct) ?? num(e.points) ?? 0,
    points: num(e.points),
    durationMs: num(e.durationMs),
    contestantId: str(e.contestantId ?? e.userId) || undefined,
    attemptId: str(e.attemptId) || undefined,
    me: Boolean(e.me ?? e.isMe),
  };
}
