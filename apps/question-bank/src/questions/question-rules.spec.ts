import { buildQuestionContent, QuestionDraft, sameContent } from './question-rules';

const draft = (over: Partial<QuestionDraft> = {}): QuestionDraft => ({
  kind: 'single',
  text: 'Nghị quyết 15 ban hành ngày nào?'.normalize('NFD'),
  options: [{ text: '5/5/2022', correct: true }, { text: '1/8/2022' }],
  topic: 'Nghị quyết',
  difficulty: 'easy',
  ...over,
});
const keys = (d: QuestionDraft, known?: Set<string>) => buildQuestionContent(d, known).issues.map((i) => `${i.field}:${i.key}`);

describe(buildQuestionContent.name, () => {
  it('builds NFC content with option ids and the correct ids', () => {
    const { content, issues } = buildQuestionContent(draft());
    expect(issues).toEqual([]);
    expect(content!.text).toBe('Nghị quyết 15 ban hành ngày nào?'.normalize('NFC'));
    expect(content!.correctOptionIds).toEqual([content!.options[0].id]);
    expect(content!.points).toBe(1);
  });

  it('names each broken rule', () => {
    expect(keys(draft({ text: ' ', kind: 'essay', topic: '', difficulty: 'x' }))).toEqual([
      'text:question.text.empty',
      'kind:question.kind.invalid',
      'topic:question.topic.empty',
      'difficulty:question.difficulty.invalid',
    ]);
    expect(keys(draft({ options: [{ text: 'a', correct: true }] }))).toEqual(['options:question.options.count']);
    expect(keys(draft({ options: Array.from({ length: 9 }, (_, i) => ({ text: `o${i}`, correct: i === 0 })) }))).toEqual(['options:question.options.count']);
    expect(keys(draft({ options: [{ text: 'A b', correct: true }, { text: 'a  B' }] }))).toEqual(['options[1].text:question.options.duplicate']);
    expect(keys(draft({ options: [{ text: 'a' }, { text: 'b' }] }))).toEqual(['options:question.correct.missing']);
    expect(
      keys(
        draft({
          options: [
            { text: 'a', correct: true },
            { text: 'b', correct: true },
          ],
        }),
      ),
    ).toEqual(['options:question.correct.single']);
    expect(keys(draft({ kind: 'true-false', options: [{ text: 'a', correct: true }, { text: 'b' }, { text: 'c' }] }))).toEqual([
      'options:question.correct.true-false',
    ]);
    expect(keys(draft({ imageUrl: 'javascript:alert(1)', points: 0 }))).toEqual(['imageUrl:question.image-url.invalid', 'points:question.points.invalid']);
  });

  it('accepts several correct options for a multiple-choice question', () => {
    expect(keys(draft({ kind: 'multiple', options: [{ text: 'a', correct: true }, { text: 'b', correct: true }, { text: 'c' }] }))).toEqual([]);
  });

  it('keeps known option ids and refuses foreign ones', () => {
    const known = new Set(['11111111-1111-4111-8111-111111111111']);
    const ok = buildQuestionContent(draft({ options: [{ id: [...known][0], text: 'a', correct: true }, { text: 'b' }] }), known);
    expect(ok.content!.options[0].id).toBe([...known][0]);
    expect(keys(draft({ options: [{ id: '22222222-2222-4222-8222-222222222222', text: 'a', correct: true }, { text: 'b' }] }), known)).toEqual([
      'options[0].id:question.options.unknown-id',
    ]);
  });

  it('compares contents regardless of option ids', () => {
    const a = buildQuestionContent(draft()).content!;
    const b = buildQuestionContent(draft()).content!;
    expect(a.options[0].id).not.toBe(b.options[0].id);
    expect(sameContent(a, b)).toBe(true);
    expect(sameContent(a, { ...b, text: 'khác' })).toBe(false);
  });
});
