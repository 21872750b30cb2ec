import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type {
  AccessClaimsV1,
  ComputationListV1,
  ComputationV1,
  FinalResultsV1,
  PredictionTarget,
  RankingCriterion,
  ResultsFileFormat,
} from '@hoi-thi/contracts';
import { computePredictionTrueValue, maskName } from '@hoi-thi/domain';
import { Clock } from '@hoi-thi/platform';
import { CursorKey, decodeCursor, isCount, pageOf } from '../common/cursor';
import { BoardReadService } from '../live/board-read.service';
import { LiveNotifier } from '../live/live-notifier';
import { trimDecimal } from '../live/live-attempt';
import { DisqualificationsRepository } from '../judge/disqualifications.repository';
import { RegistrationReader } from '../sources/registration.reader';
import { RoundConfig } from '../sources/round-config';
import { CSV_HEADER, RESULT_COLUMNS, csvLine, formulaSafe, resultCells } from './results-file';
import { ComputationRow, ResultsRepository } from './results.repository';
import { TieSideSetting } from './final-order.sql';
import { leaderboardError } from '../common/leaderboard.errors';

export type ComputationKind = ComputationV1['kind'];
/** A computation as the routes answer it (the contract's ComputationV1). */
export type ComputationSummary = ComputationV1;

const isPositionKey = (k: CursorKey): k is [number] => k.length === 1 && isCount(k[0]);

/** Finalization, recomputation (regrade), the published ranking and the results file. */
@Injectable()
export class ResultsService {
  private readonly logger = new Logger(ResultsService.name);

  constructor(
    private readonly repo: ResultsRepository,
    private readonly reads: BoardReadService,
    private readonly notifier: LiveNotifier,
    private readonly audit: DisqualificationsRepository,
    private readonly registration: RegistrationReader,
    private readonly clock: Clock,
  ) {}

  /** Judge, after close: freezes the true value, ranks in PostgreSQL, stores the ranking and the file's SHA-256, tells watchers. */
  async finalize(roundId: string, by: string): Promise<ComputationSummary> {
    const round = await this.reads.round(roundId);
    if (round.closesAt.getTime() > this.clock.now()) throw leaderboardError('leaderboard.round-not-closed');
    const summary = await this.compute(round, 'finalize', by);
    this.notifier.finalized(roundId);
    return summary;
  }

  /** Computes the ranking again; a different result (a regrade) replaces the one in force, both kept. */
  async recompute(roundId: string, by: string | null, kind: 'recompute' | 'regrade' = 'recompute'): Promise<ComputationSummary> {
    const round = await this.reads.round(roundId);
    if (!(await this.repo.roundResult(roundId))) throw leaderboardError('leaderboard.round-not-finalized');
    const summary = await this.compute(round, kind, by);
    if (summary.sameAsPrevious === false) this.notifier.finalized(roundId);
    return summary;
  }

  async isFinalized(roundId: string): Promise<boolean> {
    return !!(await this.repo.roundResult(roundId));
  }

  private async compute(round: RoundConfig, kind: ComputationKind, by: string | null): Promise<ComputationSummary> {
    const started = this.clock.now();
    const roundId = round.roundId;
    const tieSide: TieSideSetting = round.prediction?.tieSide ?? 'none';
    const timings: Record<string, number> = {};
    let mark = this.clock.now();
    const step = (name: string) => {
      timings[name] = this.clock.now() - mark;
      mark = this.clock.now();
    };
    const summary = await this.repo.inTransaction(async (qr) => {
      await this.repo.lockRound(qr, roundId);
      const previous = await this.repo.roundResult(roundId, qr);
      if (kind === 'finalize' && previous) throw leaderboardError('leaderboard.round-already-finalized');
      if (kind !== 'finalize' && !previous) throw leaderboardError('leaderboard.round-not-finalized');
      step('lock');
      const stats = await this.repo.predictionStats(qr, roundId);
      const trueValue = round.prediction ? computePredictionTrueValue(round.prediction.target, stats) : null;
      step('trueValue');
      const attemptsHash = await this.repo.attemptsHash(qr, roundId);
      const disqualified = await this.repo.disqualified(qr, roundId);
      step('inputHash');
      const inputSha256 = sha256(
        JSON.stringify({ roundId, rule: round.rule, target: round.prediction?.target ?? null, tieSide, trueValue, attemptsHash, disqualified }),
      );
      const rankingSha256 = await this.repo.rankIntoTemp(qr, roundId, round.rule, tieSide, trueValue);
      step('rank');
      const hash = createHash('sha256').update(CSV_HEADER);
      for await (const page of this.repo.tempRows(qr)) for (const row of page) hash.update(csvLine(row));
      const resultsSha256 = hash.digest('hex');
      step('resultsFile');
      const same = previous ? previous.results_sha256 === resultsSha256 : null;
      const row: Omit<ComputationRow, 'id' | 'created_at'> = {
        round_id: roundId,
        kind,
        rule: [...round.rule],
        prediction_target: round.prediction?.target ?? null,
        tie_side: round.prediction ? tieSide : null,
        true_value: trueValue,
        participations: stats.participations,
        entries: stats.contestants,
        perfect_scorers: stats.perfectScorers,
        input_sha256: inputSha256,
        ranking_sha256: rankingSha256,
        results_sha256: resultsSha256,
        same_as_previous: same,
        ranking_computation_id: same ? previous!.computation_id : null,
        elapsed_ms: this.clock.now() - started,
        created_by: by,
      };
      const computationId = await this.repo.insertComputation(qr, row);
      if (!same) {
        await this.repo.storeTempRanking(qr, computationId);
        await this.repo.upsertRoundResult(qr, {
          roundId,
          contestId: round.contestId,
          computationId,
          trueValue,
          resultsSha256,
          by: by ?? previous!.finalized_by,
        });
      }
      step('store');
      await this.audit.audit(qr.manager, {
        actorId: by,
        action: `results.${kind}`,
        roundId,
        subjectId: computationId,
        details: { trueValue, inputSha256, rankingSha256, resultsSha256, sameAsPrevious: same, previousComputationId: previous?.computation_id ?? null },
      });
      return toSummary({ ...row, id: computationId, created_at: this.clock.date() });
    });
    step('commit');
    summary.elapsedMs = this.clock.now() - started;
    summary.timingsMs = timings;
    this.logger.log(`round ${roundId} ${kind}: ${summary.entries} entries, ${summary.elapsedMs} ms, results ${summary.resultsSha256}`);
    return summary;
  }

  async current(roundId: string) {
    await this.reads.round(roundId);
    const result = await this.repo.roundResult(roundId);
    if (!result) throw leaderboardError('leaderboard.round-not-finalized');
    return result;
  }

  /**
   * The published official ranking (public: masked names), a page at a time in position order — keyset on the
   * stored position, so a deep page costs what the first does; a round of an unpublished contest is 404 to anyone but staff.
   */
  async published(roundId: string, limit: number, cursor: string | undefined, user?: AccessClaimsV1): Promise<FinalResultsV1> {
    const after = cursor ? decodeCursor(cursor, isPositionKey)[0] : 0;
    await this.reads.visibleRound(roundId, user);
    const result = await this.current(roundId);
    const [rows, total, units] = await Promise.all([
      this.repo.rankedContestants(result.computation_id, limit + 1, after),
      this.repo.count(result.computation_id),
      this.registration.unitMap(),
    ]);
    const names = await this.registration.fullNames(rows.slice(0, limit).map((r) => r.contestantId));
    const page = pageOf(
      rows,
      limit,
      ({ contestantId, ...r }) => ({
        ...r,
        name: maskName(names.get(contestantId) ?? ''),
        unitName: r.unitId ? (units.get(r.unitId)?.name ?? null) : null,
      }),
      (r) => [r.position],
    );
    return {
      roundId,
      finalizedAt: result.finalized_at.toISOString(),
      updatedAt: result.updated_at.toISOString(),
      trueValue: result.true_value === null ? null : trimDecimal(result.true_value),
      resultsSha256: result.results_sha256,
      total,
      ...page,
    };
  }

  /** Every computation of the round's ranking, oldest first: a handful per round (finalize, recomputes, regrades), so one page. */
  async history(roundId: string): Promise<ComputationListV1> {
    await this.reads.round(roundId);
    return { items: (await this.repo.computations(roundId)).map(toSummary), nextCursor: null };
  }

  /** The results file: CSV streamed (its bytes hash to the stored SHA-256) or XLSX (same cells, its own SHA-256). */
  async exportFile(
    roundId: string,
    format: ResultsFileFormat,
  ): Promise<{ body: Readable | Buffer; sha256: string; resultsSha256: string; filename: string; type: string }> {
    const result = await this.current(roundId);
    const filename = `ket-qua-${roundId}.${format}`;
    if (format === 'csv') {
      const rows = this.repo.exportRows(result.computation_id);
      const body = Readable.from(
        (async function* () {
          yield CSV_HEADER;
          for await (const page of rows) yield page.map(csvLine).join('');
        })(),
      );
      return { body, sha256: result.results_sha256, resultsSha256: result.results_sha256, filename, type: 'text/csv; charset=utf-8' };
    }
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (c: Buffer) => chunks.push(c));
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: false, useSharedStrings: false });
    workbook.creator = 'Hội Thi';
    workbook.created = workbook.modified = result.finalized_at;
    const sheet = workbook.addWorksheet('Kết quả');
    sheet.addRow([...RESULT_COLUMNS]).commit();
    for await (const page of this.repo.exportRows(result.computation_id)) {
      for (const row of page) sheet.addRow(resultCells(row).map((v) => (typeof v === 'string' ? formulaSafe(v) : v))).commit();
    }
    sheet.commit();
    await workbook.commit();
    const body = Buffer.concat(chunks);
    return {
      body,
      sha256: sha256(body),
      resultsSha256: result.results_sha256,
      filename,
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    };
  }
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function toSummary(c: ComputationRow): ComputationSummary {
  return {
    computationId: String(c.id),
    roundId: c.round_id,
    kind: c.kind as ComputationKind,
    rule: c.rule as RankingCriterion[],
    predictionTarget: c.prediction_target as PredictionTarget | null,
    tieSide: c.tie_side as ComputationV1['tieSide'],
    trueValue: c.true_value === null ? null : trimDecimal(String(c.true_value)),
    participations: c.participations,
    entries: c.entries,
    perfectScorers: c.perfect_scorers,
    inputSha256: c.input_sha256,
    rankingSha256: c.ranking_sha256,
    resultsSha256: c.results_sha256,
    sameAsPrevious: c.same_as_previous,
    elapsedMs: c.elapsed_ms,
  };
}
