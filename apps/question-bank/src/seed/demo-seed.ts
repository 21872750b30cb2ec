import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createRedis, SeedContext, serviceDataSourceOptions, SystemClock } from '@hoi-thi/platform';
import { AuditRepository, SYSTEM_ACTOR } from '../audit/audit.repository';
import { BanksRepository } from '../banks/banks.repository';
import { duplicateKey, searchKey } from '../common/text';
import { uuidV5 } from '../common/uuid-v5';
import { toVnIso } from '../common/vn-time';
import { ContestsRepository } from '../contests/contests.repository';
import type { CreateRoundDto } from '../rounds/dto/round.dto';
import { QUESTION_BANK_DATABASE } from '../question-bank.database';
import { buildQuestionContent } from '../questions/question-rules';
import { NewQuestion, QuestionsRepository } from '../questions/questions.repository';
import { RoundCache } from '../rounds/round-cache';
import { RoundsRepository } from '../rounds/rounds.repository';
import { RoundsService } from '../rounds/rounds.service';
import { DEMO_BANK_ID, DEMO_CONTEST_ID, DEMO_NAMESPACE, DEMO_ROUND_OPEN_ID, DEMO_ROUND_UPCOMING_ID } from './demo-ids';

interface DemoFile {
  contest: {
    title: string;
    description: string;
    rules: string;
    materials: { title: string; url: string }[];
    prediction: { wording: string };
    blueprint: { topic: string; difficulty: 'easy' | 'medium' | 'hard'; count: number }[];
  };
  questions: {
    key: string;
    topic: string;
    difficulty: string;
    kind: string;
    text: string;
    options: string[];
    correct: number[];
    explanation: string;
    article: string;
  }[];
}

const DAY = 86_400_000;

export function loadDemoFile(): DemoFile {
  return JSON.parse(readFileSync(join(__dirname, 'demo-questions.vi.json'), 'utf8')) as DemoFile;
}

/** The demo questions as the bank stores them, with name-based ids (same ids on every run). */
export function demoQuestions(file: DemoFile = loadDemoFile()): NewQuestion[] {
  return file.questions.map((q) => {
    let n = 0;
    const { content, issues } = buildQuestionContent(
      {
        kind: q.kind,
        text: q.text,
        topic: q.topic,
        difficulty: q.difficulty,
        options: q.options.map((text, i) => ({ text, correct: q.correct.includes(i) })),
        explanation: q.explanation,
        article: q.article,
      },
      new Set(),
      () => uuidV5(`option:${q.key}:${n++}`, DEMO_NAMESPACE),
    );
    if (!content) throw new Error(`demo question ${q.key} is invalid: ${issues.map((i) => `${i.field} ${i.key}`).join(', ')}`);
    return {
      questionId: uuidV5(`question:${q.key}`, DEMO_NAMESPACE),
      versionId: uuidV5(`version:${q.key}:1`, DEMO_NAMESPACE),
      content,
      dup: duplicateKey(content.text),
      search: searchKey(content.text),
    };
  });
}

/**
 * The demo contest (idempotent): the bank from demo-questions.vi.json, the contest, one round open now and one
 * upcoming, both published; every run reloads their snapshot and key into Redis (Redis may have restarted) and
 * extends the open round when it nears its close.
 */
export async function seedQuestionBank(ctx: SeedContext): Promise<void> {
  const ds = new DataSource(serviceDataSourceOptions(QUESTION_BANK_DATABASE, { url: ctx.databaseUrl, poolSize: 2 }));
  await ds.initialize();
  const redis = createRedis(ctx.redisUrl, ctx.redisKeyPrefix);
  try {
    const file = loadDemoFile();
    const audit = new AuditRepository(ds);
    const banks = new BanksRepository(ds);
    const questions = new QuestionsRepository(ds);
    const contests = new ContestsRepository(ds);
    const roundsRepo = new RoundsRepository(ds);
    const clock = new SystemClock();
    const rounds = new RoundsService(roundsRepo, contests, banks, questions, new RoundCache(redis), audit, clock);

    await ds.transaction(async (m) => {
      await banks.create(
        {
          id: DEMO_BANK_ID,
          name: 'Ngân hàng câu hỏi Nghị quyết 15-NQ/TW (minh họa)',
          description: 'Câu hỏi biên soạn từ các bài báo trong thư mục seeds.',
          createdBy: null,
        },
        m,
      );
      const existing = new Set<string>(
        (await m.query(`SELECT id FROM question_bank.questions WHERE bank_id = $1`, [DEMO_BANK_ID])).map((r: { id: string }) => r.id),
      );
      const missing = demoQuestions(file).filter((q) => !existing.has(q.questionId));
      if (missing.length) {
        await questions.insertMany(m, DEMO_BANK_ID, missing, null);
        await audit.record(SYSTEM_ACTOR, { action: 'bank.seed', entityType: 'bank', entityId: DEMO_BANK_ID, details: { imported: missing.length } }, m);
        ctx.log(`demo bank: ${missing.length} questions added`);
      }
      if (!(await contests.get(DEMO_CONTEST_ID, m))) {
        await contests.upsert(
          {
            id: DEMO_CONTEST_ID,
            title: file.contest.title,
            description: file.contest.description,
            rules: file.contest.rules,
            materials: file.contest.materials.map((x, i) => ({
              id: uuidV5(`material:${i}`, DEMO_NAMESPACE),
              title: x.title,
              url: x.url,
              kind: 'link' as const,
            })),
            requiredFields: ['province', 'unit', 'category'],
            unitTreeRootId: null,
            published: true,
            createdBy: null,
          },
          m,
        );
        await audit.record(SYSTEM_ACTOR, { action: 'contest.create', entityType: 'contest', entityId: DEMO_CONTEST_ID, details: { seed: true } }, m);
        ctx.log(`demo contest ${DEMO_CONTEST_ID} created`);
      }
    });

    const now = clock.now();
    const settings = (title: string, opensAt: number, closesAt: number): CreateRoundDto => ({
      title,
      bankId: DEMO_BANK_ID,
      opensAt: toVnIso(opensAt),
      closesAt: toVnIso(closesAt),
      blueprint: file.contest.blueprint,
      timeLimitSeconds: 15 * 60,
      attemptsAllowed: 3,
      pointsPerQuestion: null,
      prediction: { enabled: true, target: 'perfect-scorers', wording: file.contest.prediction.wording, tieSide: 'under' },
      revealPolicy: 'after-close',
      practice: false,
      partialCredit: 'all-or-nothing',
    });
    const plan = [
      { id: DEMO_ROUND_OPEN_ID, dto: settings('Vòng sơ khảo – Tuần 1', now - DAY, now + 7 * DAY) },
      { id: DEMO_ROUND_UPCOMING_ID, dto: settings('Vòng sơ khảo – Tuần 2', now + 8 * DAY, now + 15 * DAY) },
    ];
    for (const { id, dto } of plan) {
      let r = await roundsRepo.get(id);
      if (!r) {
        await rounds.create(SYSTEM_ACTOR, DEMO_CONTEST_ID, dto, id);
        r = (await roundsRepo.get(id))!;
      }
      if (r.status === 'draft') {
        await rounds.publish(SYSTEM_ACTOR, id);
        ctx.log(`round ${id} published`);
      } else if (id === DEMO_ROUND_OPEN_ID && r.closesAt.getTime() < now + DAY) {
        await rounds.extendClose(SYSTEM_ACTOR, id, new Date(now + 7 * DAY), true);
        ctx.log(`round ${id} extended to ${toVnIso(now + 7 * DAY)}`);
      }
      await rounds.reload(id);
    }
    ctx.log(`demo contest ${DEMO_CONTEST_ID}: round ${DEMO_ROUND_OPEN_ID} (open), ${DEMO_ROUND_UPCOMING_ID} (upcoming) loaded into Redis`);
  } finally {
    await redis.quit().catch(() => redis.disconnect());
    await ds.destroy();
  }
}
