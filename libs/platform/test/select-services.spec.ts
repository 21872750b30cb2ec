import { selectServices } from '../src/bootstrap';
import type { ServiceDefinition } from '../src/service-definition';

const svc = (name: ServiceDefinition['name']) => ({ name }) as ServiceDefinition;
const all = [svc('registration'), svc('question-bank'), svc('exam-session'), svc('leaderboard')];

describe(selectServices.name, () => {
  it('hosts everything for "all"', () => {
    expect(selectServices(all, 'all')).toHaveLength(4);
  });
  it('hosts a comma list', () => {
    expect(selectServices(all, 'exam-session, leaderboard').map((s) => s.name)).toEqual(['exam-session', 'leaderboard']);
  });
  it('refuses an unknown name with one clear line', () => {
    expect(() => selectServices(all, 'exam,leaderboard')).toThrow(/SERVICES=exam,leaderboard names unknown services \(exam\)/);
    expect(() => selectServices(all, ' , ')).toThrow(/Configuration error/);
  });
});
