/**
 * The exam's answers on their way to the server. Every choice is queued (in localStorage, so a reload or a
 * dropped network loses nothing) with a sequence number that increases per question, then sent in order, one at
 * a time. A network failure stops the flush and keeps the queue; the next flush (back online, a timer) resends.
 * The server keeps the highest seq per question, so a late resend never overwrites a newer answer.
 *
 * What is sent and answered is the contract of `PUT /api/attempts/{id}/answers/{questionId}`: the body is a
 * SaveAnswerRequestV1, the answer an AnswerSavedV1, and a resume adopts the attempt's SavedAnswerV1 list.
 */
import type { AnswerSavedV1, SaveAnswerRequestV1, SavedAnswerV1 } from '@hoi-thi/contracts';

/** One choice on its way: the question it answers and the save's body. */
export interface QueuedAnswer extends SaveAnswerRequestV1 {
  questionId: string;
}
export type SaveState = 'saved' | 'saving' | 'offline' | 'error';
export interface QueueState {
  queue: QueuedAnswer[];
  seqs: Record<string, number>;
  /** The last choice the server acknowledged, per question (shown after a reload without network). */
  confirmed?: Record<string, string[]>;
}
export interface QueueStorage {
  load(): QueueState | null;
  save(state: QueueState): void;
}
/** What a failed send means: retry later (network, 5xx, 429), the attempt is over, or this one answer was refused. */
export type Failure = 'retry' | 'closed' | 'rejected';

export function classifyFailure(e: unknown): Failure {
  const status = typeof e === 'object' && e && 'status' in e ? Number((e as { status: number }).status) : 0;
  if (status === 0 || status >= 500 || status === 429 || status === 408) return 'retry';
  if (status === 410 || status === 422 || status === 423) return 'closed';
  return 'rejected';
}

export class AnswerQueue {
  private queue: QueuedAnswer[] = [];
  private seqs: Record<string, number> = {};
  private states: Record<string, SaveState> = {};
  /** The last choice the server acknowledged, per question. */
  private confirmed: Record<string, string[]> = {};
  private flushing: Promise<void> | null = null;
  online = true;
  closed = false;

  constructor(
    private readonly send: (a: QueuedAnswer) => Promise<AnswerSavedV1>,
    private readonly store: QueueStorage,
    private readonly onChange: () => void = () => undefined,
  ) {
    const saved = store.load();
    if (saved) {
      this.queue = saved.queue ?? [];
      this.seqs = saved.seqs ?? {};
      this.confirmed = saved.confirmed ?? {};
    }
    for (const a of this.queue) this.states[a.questionId] = 'offline';
  }

  /** The server's answers (resume): their seqs become the floor, so the next choice outranks them. */
  adoptServer(answers: readonly SavedAnswerV1[]): void {
    for (const a of answers) {
      const q = a.questionId;
      this.seqs[q] = Math.max(this.seqs[q] ?? 0, a.seq);
      this.confirmed[q] = [...a.optionIds];
      if (!this.states[q]) this.states[q] = 'saved';
    }
    this.persist();
  }

  /** What the contestant sees chosen: the newest queued choice, else the server's. */
  choice(questionId: string): string[] {
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i].questionId === questionId) return this.queue[i].optionIds;
    return this.confirmed[questionId] ?? [];
  }

  enqueue(questionId: string, optionIds: string[]): QueuedAnswer {
    const seq = (this.seqs[questionId] ?? 0) + 1;
    this.seqs[questionId] = seq;
    const item = { questionId, optionIds: [...optionIds], seq };
    this.queue.push(item);
    this.states[questionId] = this.online ? 'saving' : 'offline';
    this.persist();
    this.onChange();
    void this.flush();
    return item;
  }

  pending(): QueuedAnswer[] {
    return [...this.queue];
  }

  state(questionId: string): SaveState | undefined {
    return this.states[questionId];
  }

  setOnline(online: boolean): void {
    this.online = online;
    for (const a of this.queue) this.states[a.questionId] = online ? 'saving' : 'offline';
    this.onChange();
    if (online) void this.flush();
  }

  /** Sends the queue in order; resolves when it is empty or the network fails. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (!this.queue.length || this.closed) return Promise.resolve();
    let run: Promise<void> | null = null;
    run = (async () => {
      // Yield first, so `flushing` is set before the loop can finish (an empty or synchronous run).
      await Promise.resolve();
      try {
        while (this.queue.length && !this.closed) {
          const item = this.queue[0];
          this.states[item.questionId] = 'saving';
          this.onChange();
          try {
            const saved = await this.send(item);
            // The stored seq is higher than ours when a newer answer was saved meanwhile (another tab): the next
            // choice here must outrank it.
            this.seqs[item.questionId] = Math.max(this.seqs[item.questionId] ?? 0, saved.seq);
            this.queue.shift();
            this.confirmed[item.questionId] = item.optionIds;
            if (!this.queue.some((a) => a.questionId === item.questionId)) this.states[item.questionId] = 'saved';
            this.online = true;
          } catch (e) {
            const f = classifyFailure(e);
            if (f === 'retry') {
              this.online = false;
              for (const a of this.queue) this.states[a.questionId] = 'offline';
              break;
            }
            this.queue.shift();
            this.states[item.questionId] = 'error';
            if (f === 'closed') this.closed = true;
          } finally {
            this.persist();
          }
        }
      } finally {
        if (this.flushing === run) this.flushing = null;
        this.onChange();
      }
    })();
    this.flushing = run;
    return run;
  }

  private persist(): void {
    this.store.save({ queue: this.queue, seqs: this.seqs, confirmed: this.confirmed });
  }
}
