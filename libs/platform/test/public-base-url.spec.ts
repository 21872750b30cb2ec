import { PlatformEnv, publicBaseUrl, validateEnv } from '../src/config/platform-env';

describe('PUBLIC_BASE_URL and TRUST_PROXY', () => {
  const lines = (source: Record<string, string>) => {
    try {
      validateEnv(PlatformEnv, source);
      return [];
    } catch (e) {
      return (e as Error).message.split('\n').filter((l) => l.includes('PUBLIC_BASE_URL'));
    }
  };

  it('believes no proxy by default', () => {
    expect(new PlatformEnv().TRUST_PROXY).toBe('false');
  });

  it('is required in production, one clear line', () => {
    expect(lines({ NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^Configuration error: PUBLIC_BASE_URL=null is invalid \(.*required when NODE_ENV=production/),
    ]);
    expect(lines({ NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://thi.example.vn' })).toEqual([]);
  });

  it.each([
    'thi.example.vn',
    'ftp://thi.example.vn',
    'https://thi.example.vn/?a=1',
    'https://thi.example.vn/#x',
    'https://u:p@thi.example.vn',
    'javascript:alert(1)',
  ])('refuses %p', (v) => {
    expect(lines({ PUBLIC_BASE_URL: v })).toHaveLength(1);
  });

  it('defaults to this process in development and drops a trailing slash', () => {
    expect(publicBaseUrl({ PUBLIC_BASE_URL: '', PORT: 3000 })).toBe('http://localhost:3000');
    expect(publicBaseUrl({ PUBLIC_BASE_URL: 'https://thi.example.vn/hoi-thi/', PORT: 3000 })).toBe('https://thi.example.vn/hoi-thi');
  });
});
