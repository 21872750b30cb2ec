#!/usr/bin/env node
// The npm registry this project is built against serves only the Linux builds of packages that ship native
// binaries per platform (@swc/core-darwin-arm64 & co. answer 404), so `npm install` leaves those optional
// packages out of package-lock.json — and `npm ci` then refuses the lock ("Missing: … from lock file").
// (Linux builds for other processors too.) This adds, for every optional dependency the lock lacks, an entry marked with the platform its name says,
// so `npm ci` sees a complete lock and skips them on Linux as it would anyway. Run after `npm install`.
const fs = require('node:fs');
const path = require('node:path');
const file = path.resolve(__dirname, '../package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const OS = {
  darwin: 'darwin',
  win32: 'win32',
  android: 'android',
  freebsd: 'freebsd',
  openbsd: 'openbsd',
  sunos: 'sunos',
  aix: 'aix',
  linux: 'linux',
  wasm32: 'wasm32',
  openharmony: 'openharmony',
};
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el'];
let added = 0;
for (const [key, entry] of Object.entries(lock.packages)) {
  for (const [dep, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = key ? `${key}/node_modules/${dep}` : `node_modules/${dep}`;
    if (lock.packages[base] || lock.packages[`node_modules/${dep}`]) continue;
    const parts = dep.split(/[-/]/);
    const os = parts.find((p) => OS[p]);
    const cpu = parts.find((p) => CPU.includes(p)) ?? (parts.includes('arm') ? 'arm' : undefined);
    // The Linux x64 build missing would be a real problem: leave it for npm to report.
    if (!os || (os === 'linux' && (cpu === 'x64' || !cpu))) continue;
    const stub = { version: String(range).replace(/^[\^~=]/, ''), optional: true, os: [os === 'wasm32' ? 'none' : os] };
    if (cpu) stub.cpu = [cpu];
    lock.packages[`node_modules/${dep}`] = stub;
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`fix-lock: ${added} platform-only optional packages recorded`);
