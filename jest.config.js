// One jest run, three projects: unit (no IO), int (real PostgreSQL + Redis), e2e (HTTP / socket.io).
// The TypeScript is compiled by swc (decorator metadata on), so a test run costs no type check:
// `npm run lint` type-checks the whole tree once.
const fs = require('node:fs');
const swc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swc.$schema;
swc.jsc.baseUrl = __dirname;
// Nest 12 and fast-check ship ES modules only; jest (before Node 24.9) loads CommonJS, so swc converts them too.
const esm = { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } };
const transform = {
  '^.+/node_modules/.+\\.m?js$': ['@swc/jest', esm],
  '^.+\\.tsx?$': ['@swc/jest', swc],
};
// Every installed package that declares "type": "module" is converted (found once per jest start).
function esmPackages() {
  const names = [];
  const root = `${__dirname}/node_modules`;
  const visit = (dir, name) => {
    try {
      const pkg = JSON.parse(fs.readFileSync(`${dir}/package.json`, 'utf8'));
      if (pkg.type === 'module') names.push(name);
    } catch {
      /* not a package */
    }
  };
  for (const entry of fs.readdirSync(root)) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) for (const sub of fs.readdirSync(`${root}/${entry}`)) visit(`${root}/${entry}/${sub}`, `${entry}/${sub}`);
    else visit(`${root}/${entry}`, entry);
  }
  return names.map((n) => n.replace(/[.+]/g, '\\$&'));
}
const transformIgnorePatterns = [`/node_modules/(?!(${esmPackages().join('|')})/)`];
const moduleNameMapper = {
  '^@hoi-thi/(domain|contracts|platform|testing)$': '<rootDir>/libs/$1/src/index.ts',
  '^@hoi-thi/(domain|contracts|platform|testing)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const common = { rootDir: __dirname, transform, transformIgnorePatterns, moduleNameMapper, testEnvironment: 'node' };
module.exports = {
  // A per-project testTimeout is not applied by jest 30: the int/e2e/web budgets are set here, for every project.
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/*/{src,test}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/{apps,libs}/*/test/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/{apps,libs}/*/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
    {
      // The web client in headless Chromium (Debian's chromium, driven by playwright-core) against the whole platform.
      ...common,
      displayName: 'web',
      testMatch: ['<rootDir>/apps/web/test/**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
  ],
};
