import { csvLine, formulaSafe } from './results-file';

describe(formulaSafe.name, () => {
  it.each(['=1+1', '+84', '-1', '@SUM(A1)', '\tx', '\rx'])('neutralises %p', (v) => {
    expect(formulaSafe(v)).toBe(`'${v}`);
  });
  it('leaves ordinary text alone', () => {
    expect(formulaSafe('Hà Nội')).toBe('Hà Nội');
  });
});

describe(csvLine.name, () => {
  it('quotes what needs quoting and ends with CRLF', () => {
    const line = csvLine({
      position: 1,
      rank: 1,
      attemptId: 'a',
      unitId: null,
      province: '=HN,"x"',
      points: 20,
      correct: 20,
      total: 20,
      durationMs: 45000,
      submittedAt: '2022-08-01T03:00:00.000Z',
      prediction: '12.5',
      distance: '0.5',
    });
    expect(line).toBe(`1,1,a,,"'=HN,""x""",20,20,20,45000,2022-08-01T03:00:00.000Z,12.5,0.5\r\n`);
  });
});
