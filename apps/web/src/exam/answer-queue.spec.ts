import type { AnswerSavedV1 } from '@hoi-thi/contracts';
import { AnswerQueue, classifyFailure, QueuedAnswer, QueueState } from './answer-queue';

/** What the server answers a save it stored as sent. */
const stored = (a: QueuedAnswer): AnswerSavedV1 => ({ saved: true, seq: a.seq });

function memoryStore() {
  let state: QueueState | null = null;
  return { load: () => state, save: (s: typeof state) => (state = JSON.parse(JSON.stringify(s))), peek: () => state };
}

describe(AnswerQueue.name, () => {
  it('sends each choice in order with a seq that increases per question', async () => {
    const sent: QueuedAnswer[] = [];
    const sut = new AnswerQueue(async (a) => (sent.push(a), stored(a)), memoryStore());
    sut.enqueue('q1', ['a']);
    sut.enqueue('q2', ['b']);
    sut.enqueue('q1', ['c']);
    await sut.flush();
    expect(sent.map((a) => `${a.questionId}:${a.seq}:${a.optionIds}`)).toEqual(['q1:1:a', 'q2:1:b', 'q1:2:c']);
    expect(sut.state('q1')).toBe('saved');
    expect(sut.pending()).toEqual([]);
    expect(sut.choice('q1')).toEqual(['c']);
  });

  it('keeps the queue across a network failure and resends it in order when back online', async () => {
    let up = false;
    const sent: string[] = [];
    const store = memoryStore();
    const send = async (a: QueuedAnswer) => {
      if (!up) throw Object.assign(new Error('offline'), { status: 0 });
      sent.push(`${a.questionId}:${a.seq}`);
      return stored(a);
    };
    const sut = new AnswerQueue(send, store);
    sut.enqueue('q1', ['a']);
    await sut.flush();
    sut.enqueue('q2', ['b']);
    await sut.flush();
    expect(sut.state('q1')).toBe('offline');
    expect(store.peek()?.queue).toHaveLength(2);

    // A reload: a new queue over the same storage still holds both answers.
    const again = new AnswerQueue(send, store);
    expect(again.pending()).toHaveLength(2);
    up = true;
    again.setOnline(true);
    await again.flush();
    expect(sent).toEqual(['q1:1', 'q2:1']);
    expect(again.state('q2')).toBe('saved');
    // A third reload (offline, nothing from the server) still knows what was acknowledged.
    expect(new AnswerQueue(send, store).choice('q2')).toEqual(['b']);
  });

  it('starts above the server seq when resuming, and drops a refused answer without blocking the rest', async () => {
    const sent: string[] = [];
    const sut = new AnswerQueue(async (a) => {
      if (a.questionId === 'bad') throw Object.assign(new Error('no'), { status: 400 });
      sent.push(`${a.questionId}:${a.seq}`);
      return stored(a);
    }, memoryStore());
    sut.adoptServer([{ questionId: 'q1', optionIds: ['z'], seq: 4 }]);
    expect(sut.choice('q1')).toEqual(['z']);
    sut.enqueue('bad', ['x']);
    sut.enqueue('q1', ['y']);
    await sut.flush();
    expect(sent).toEqual(['q1:5']);
    expect(sut.state('bad')).toBe('error');
  });

  it('still sends after a flush of an empty queue (a resume flushes before any choice)', async () => {
    const sent: string[] = [];
    const sut = new AnswerQueue(async (a) => (sent.push(a.questionId), stored(a)), memoryStore());
    await sut.flush();
    sut.enqueue('q1', ['a']);
    await sut.flush();
    expect(sent).toEqual(['q1']);
    expect(sut.state('q1')).toBe('saved');
  });

  it('outranks a newer answer the server holds (the stored seq it answers) with the next choice', async () => {
    const sent: string[] = [];
    // Another tab saved seq 7 of q1 meanwhile: the server keeps it and answers its seq.
    const sut = new AnswerQueue(async (a) => (sent.push(`${a.questionId}:${a.seq}`), { saved: true as const, seq: Math.max(a.seq, 7) }), memoryStore());
    sut.enqueue('q1', ['a']);
    await sut.flush();
    sut.enqueue('q1', ['b']);
    await sut.flush();
    expect(sent).toEqual(['q1:1', 'q1:8']);
  });

  it('classifies failures', () => {
    expect(classifyFailure({ status: 0 })).toBe('retry');
    expect(classifyFailure({ status: 503 })).toBe('retry');
    expect(classifyFailure({ status: 410 })).toBe('closed');
    expect(classifyFailure({ status: 400 })).toBe('rejected');
  });
});
