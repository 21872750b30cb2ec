import { buildQuestionContent } from '../questions/question-rules';
import { contentToRow, mapHeaders, neutralise, rowToDraft, toCsv, unneutralise } from './sheet-format';

describe('import/export sheet format', () => {
  it('matches headers in Vietnamese, English or as in the template', () => {
    const { map, missing } = mapHeaders(['Chủ đề (topic)', 'muc do', 'Kind', 'Câu hỏi', 'A', 'Phương án B', 'Đáp án đúng', 'ghi chú']);
    expect(map).toEqual(['topic', 'difficulty', 'kind', 'text', 'A', 'B', 'correct', undefined]);
    expect(missing).toEqual([]);
    expect(mapHeaders(['topic', 'text']).missing).toEqual(['difficulty', 'kind', 'correct']);
  });

  it('reads a row with Vietnamese words and letters', () => {
    const { draft, issues } = rowToDraft({
      topic: 'T',
      difficulty: 'Trung bình',
      kind: 'nhiều đáp án',
      text: 'Q',
      A: 'x',
      B: 'y',
      C: 'z',
      correct: 'a, C',
      points: '2',
    });
    expect(issues).toEqual([]);
    expect(draft).toMatchObject({ kind: 'multiple', difficulty: 'medium', points: 2 });
    expect(draft.options.map((o) => o.correct)).toEqual([true, false, true]);
  });

  it('fills Đúng/Sai for a true/false row without options', () => {
    const { draft } = rowToDraft({ topic: 'T', difficulty: 'dễ', kind: 'Đúng/Sai', text: 'Q', correct: '2' });
    expect(draft.options).toEqual([
      { text: 'Đúng', correct: false },
      { text: 'Sai', correct: true },
    ]);
  });

  it('reports what the sheet itself gets wrong', () => {
    expect(rowToDraft({ A: 'x', C: 'z', correct: 'D', points: 'mười' }).issues).toEqual([
      { field: 'options', key: 'question.options.gap' },
      { field: 'correct', key: 'question.correct.unknown' },
      { field: 'points', key: 'question.points.invalid' },
    ]);
  });

  it('neutralises formula starters and undoes it on import', () => {
    for (const s of ['=1+1', '+84', '-5 độ', '@SUM(A1)', '\tx', '\rx', "'quoted"]) {
      expect(neutralise(s)).toBe(`'${s}`);
      expect(unneutralise(neutralise(s))).toBe(s);
    }
    expect(neutralise('bình thường')).toBe('bình thường');
    expect(toCsv([['=HYPERLINK("x")', 1]])).toBe(`"'=HYPERLINK(""x"")",1\r\n`);
  });

  it('turns a question into a row and back into the same content', () => {
    const content = buildQuestionContent({
      kind: 'multiple',
      text: '=Câu "khó", nhiều dòng\nthứ hai',
      options: [{ text: 'a', correct: true }, { text: '-b' }, { text: 'c', correct: true }],
      topic: 'T',
      difficulty: 'hard',
      article: 'Điều 1',
      points: 3,
    }).content!;
    const row = contentToRow(content);
    const cells = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'number' ? String(v) : neutralise(v)]));
    const back = buildQuestionContent(rowToDraft(cells).draft).content!;
    expect({ ...back, options: back.options.map((o) => o.text), correctOptionIds: back.correctOptionIds.length }).toEqual({
      ...content,
      options: ['a', '-b', 'c'],
      correctOptionIds: 2,
    });
  });
});
