import { uuidV5 } from './uuid-v5';

describe(uuidV5.name, () => {
  it('matches the RFC 4122 example (python uuid.uuid5(NAMESPACE_DNS, "python.org"))', () => {
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });
});
