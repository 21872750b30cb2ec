import { fileUrl } from './files';

describe('fileUrl', () => {
  it('fills the path and the query of a file route', () => {
    expect(fileUrl('GET /api/rounds/{roundId}/results', { roundId: 'r 1' }, { format: 'xlsx' })).toBe('/api/rounds/r%201/results?format=xlsx');
    expect(fileUrl('GET /api/rounds/{roundId}/results', { roundId: 'r1' }, {})).toBe('/api/rounds/r1/results');
  });
});
