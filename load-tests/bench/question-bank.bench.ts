import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { accessTokensOf, PlatformEnv, validateEnv } from '@hoi-thi/platform';
import { BenchContext, BenchModule, BenchRow } from './bench-types';
import { peakRssMb, postJson, round } from './bench-lib';

const QUESTIONS = 10_000;
const TOPICS = Array.from({ length: 10 }, (_, i) => `Chủ đề ${i + 1}: Nghị quyết và cuộc sống`);
const DIFFICULTIES = ['easy', 'medium', 'hard'];

function currentRssMb(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) the process has used so far: less sensitive than wall time to a busy machine. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** A 10,000-question workbook in the import template's columns (Vietnamese text, mixed kinds). */
async function workbook(run: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Câu hỏi');
  ws.addRow([
    'Chủ đề (topic)',
    'Mức độ (difficulty)',
    'Loại câu (kind)',
    'Câu hỏi (text)',
    'Phương án A',
    'Phương án B',
    'Phương án C',
    'Phương án D',
    'Đáp án đúng (correct)',
    'Giải thích (explanation)',
    'Điều, khoản (article)',
    'Ảnh (image_url)',
    'Điểm (points)',
  ]);
  for (let i = 0; i < QUESTIONS; i++) {
    const kind = i % 10 === 0 ? 'multiple' : i % 7 === 0 ? 'true-false' : 'single';
    const text = `Câu hỏi số ${i} (${run}): theo Nghị quyết 15-NQ/TW, Thủ đô Hà Nội đặt mục tiêu nào đến năm ${2030 + (i % 15)} về phát triển văn hóa, kinh tế và xã hội?`;
    const options =
      kind === 'true-false'
        ? ['Đúng', 'Sai', '', '']
        : [`Phương án thứ nhất của câu ${i}`, `Phương án thứ hai của câu ${i}`, `Phương án thứ ba của câu ${i}`, `Phương án thứ tư của câu ${i}`];
    const correct = kind === 'multiple' ? 'A,C' : kind === 'true-false' ? 'B' : 'ABCD'[i % 4];
    ws.addRow([
      TOPICS[i % TOPICS.length],
      DIFFICULTIES[i % 3],
      kind,
      text,
      ...options,
      correct,
      `Giải thích của câu ${i}: xem Điều ${1 + (i % 20)}.`,
      `Điều ${1 + (i % 20)}`,
      '',
      1,
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = process.hrtime.bigint();
  const value = await f();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, value };
}

export const bench: BenchModule = {
  area: 'question-bank',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const tokens = accessTokensOf(validateEnv(PlatformEnv, ctx.env), 3600);
    const token = tokens.sign({ sub: '00000000-0000-4000-8000-00000000b001', roles: ['organizer'], name: 'Bench' });
    const auth = { authorization: `Bearer ${token}` };
    const run = Date.now().toString(36);

    const gen = await timed(() => workbook(run));
    const file = gen.value;
    ctx.log(`workbook: ${QUESTIONS} questions, ${round(file.length / 1048576)} MB, generated in ${Math.round(gen.ms)} ms`);

    const bank = await postJson<{ id: string }>(ctx.baseUrl, '/api/banks', { name: `Bench ${run}` }, token);
    if (bank.status !== 201) throw new Error(`bank: ${bank.status}`);
    const peakBefore = peakRssMb(ctx.pid);
    const rssBefore = currentRssMb(ctx.pid);
    const cpu0 = cpuSeconds(ctx.pid);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file)]), 'bench.xlsx');
    const imp = await timed(async () => {
      const res = await fetch(`${ctx.baseUrl}/api/banks/${bank.body.id}/import`, { method: 'POST', headers: auth, body: form });
      return { status: res.status, body: (await res.json()) as { imported: number; rejected: unknown[] } };
    });
    const importCpu = cpuSeconds(ctx.pid) - cpu0;
    const peakAfter = peakRssMb(ctx.pid);
    const rssAfter = currentRssMb(ctx.pid);
    if (imp.value.status !== 201 || imp.value.body.imported !== QUESTIONS)
      throw new Error(`import: ${imp.value.status} ${JSON.stringify(imp.value.body).slice(0, 300)}`);
    ctx.log(
      `import: ${Math.round(imp.ms)} ms (platform CPU ${round(importCpu)} s); platform peak RSS ${peakBefore} → ${peakAfter} MB (current ${rssBefore} → ${rssAfter} MB)`,
    );

    const exp = await timed(async () => {
      const res = await fetch(`${ctx.baseUrl}/api/banks/${bank.body.id}/export?format=xlsx`, { headers: auth });
      return { status: res.status, size: (await res.arrayBuffer()).byteLength };
    });
    if (exp.value.status !== 200) throw new Error(`export: ${exp.value.status}`);

    const contest = await postJson<{ id: string }>(ctx.baseUrl, '/api/contests', { title: `Bench ${run}`, published: true }, token);
    const now = Date.now();
    const created = await postJson<{ id: string }>(
      ctx.baseUrl,
      `/api/contests/${contest.body.id}/rounds`,
      {
        title: 'Bench round over the whole bank',
        bankId: bank.body.id,
        opensAt: new Date(now - 3600_000).toISOString(),
        closesAt: new Date(now + 7 * 86400_000).toISOString(),
        blueprint: DIFFICULTIES.map((difficulty) => ({ topic: '*', difficulty, count: 10 })),
        timeLimitSeconds: 1200,
        attemptsAllowed: null,
      },
      token,
    );
    if (created.status !== 201) throw new Error(`round: ${created.status} ${JSON.stringify(created.body)}`);
    const cpu1 = cpuSeconds(ctx.pid);
    const pub = await timed(() => postJson<{ poolSize: number }>(ctx.baseUrl, `/api/rounds/${created.body.id}/publish`, {}, token));
    if (pub.value.status !== 200) throw new Error(`publish: ${pub.value.status}`);
    const publishCpu = cpuSeconds(ctx.pid) - cpu1;
    const peakEnd = peakRssMb(ctx.pid);
    ctx.log(`publish: pool ${pub.value.body.poolSize} in ${Math.round(pub.ms)} ms; export ${round(exp.value.size / 1048576)} MB in ${Math.round(exp.ms)} ms`);

    return [
      {
        area: 'question-bank',
        name: `import ${QUESTIONS.toLocaleString('en-US')}-question XLSX (one request, ${round(file.length / 1048576)} MB)`,
        throughput: Math.round((QUESTIONS / imp.ms) * 1000),
        p50Ms: Math.round(imp.ms),
        peakRssMb: peakAfter,
        note: `ops/s = questions/s; p50 = the request's time; platform CPU ${round(importCpu)} s; peak RSS ${peakBefore} → ${peakAfter} MB (RSS ${rssBefore} → ${rssAfter} MB)`,
      },
      {
        area: 'question-bank',
        name: `export the ${QUESTIONS.toLocaleString('en-US')}-question bank to XLSX`,
        p50Ms: Math.round(exp.ms),
        note: `${round(exp.value.size / 1048576)} MB`,
      },
      {
        area: 'question-bank',
        name: `publish a round over the ${QUESTIONS.toLocaleString('en-US')}-question bank`,
        p50Ms: Math.round(pub.ms),
        peakRssMb: peakEnd,
        note: `pool of ${pub.value.body.poolSize} versions frozen to published_rounds + Redis meta/key + stream; platform CPU ${round(publishCpu)} s`,
      },
    ];
  },
};
