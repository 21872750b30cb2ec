import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';

/** The variables a fresh install generates for itself (development) and an operator must set (production). */
export const GENERATED_SECRETS = ['JWT_PRIVATE_KEY', 'JWT_PUBLIC_KEY', 'CITIZEN_ID_PEPPER'] as const;
/** Every secret variable: their values are never printed, not even in a configuration error. */
/**
 * Generated too, but not secrets of the platform: the demo accounts' password, so that a fresh `npm start` put on the
 * internet has no account whose password is printed in the README (it is printed by `npm start` instead).
 */
export const GENERATED_EXTRAS = ['DEMO_PASSWORD'] as const;
export const SECRET_NAMES: readonly string[] = [...GENERATED_SECRETS, 'JWT_PREVIOUS_PUBLIC_KEY', 'JWT_SECRET'];
export const DEFAULT_SECRETS_FILE = '.run/secrets.env';
/** A pepper or a cookie secret shorter than this is refused in production. */
export const MIN_SECRET_LENGTH = 32;

/**
 * Values that were ever published in this repository (old defaults, examples, test fixtures): anyone can read
 * them, so production refuses them. Placeholders (`change-me`, `CHANGE_ME`) are refused by pattern.
 */
export const PUBLISHED_SECRETS: readonly string[] = [
  'dev-only-secret-change-me-0123456789abcdef',
  'dev-only-pepper-change-me-0123456789',
  'change-me-in-production-0123456789abcdef',
  'change-me-in-production-pepper',
  'CHANGE_ME_AT_LEAST_32_CHARACTERS_LONG_RANDOM',
  'CHANGE_ME_ONCE_BEFORE_THE_FIRST_REGISTRATION',
  'a-test-secret-of-at-least-32-characters!',
  'unit-test-pepper-0123456789',
  'HoiThi@2026',
];
const PLACEHOLDER = /change[-_ ]?me/i;

/** A PEM as it comes from an env file: literal `\n` sequences stand for line breaks. */
export const pemOf = (value: string): string => value.replace(/\\n/g, '\n').trim();

/** RFC 7638 thumbprint of a P-256 public key: the `kid` of the tokens it verifies. */
export function keyId(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  return createHash('sha256')
    .update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }))
    .digest('base64url');
}

/** Parses a P-256 private key (PEM); throws a short reason otherwise. */
export function parsePrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pemOf(pem));
  } catch {
    throw new Error('not a PEM private key');
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new Error('not a P-256 (ES256) key');
  return key;
}

/** Parses a P-256 public key (PEM); throws a short reason otherwise. */
export function parsePublicKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pemOf(pem));
  } catch {
    throw new Error('not a PEM public key');
  }
  if (key.type !== 'public') throw new Error('not a public key');
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new Error('not a P-256 (ES256) key');
  return key;
}

/** A fresh set of every generated secret: a P-256 key pair (PEM) and 32 random bytes for the pepper. */
export function generateSecrets(): Record<(typeof GENERATED_SECRETS)[number] | (typeof GENERATED_EXTRAS)[number], string> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    JWT_PRIVATE_KEY: (privateKey.export({ type: 'pkcs8', format: 'pem' }) as string).trim(),
    JWT_PUBLIC_KEY: (publicKey.export({ type: 'spki', format: 'pem' }) as string).trim(),
    CITIZEN_ID_PEPPER: randomBytes(32).toString('base64url'),
    DEMO_PASSWORD: `Demo-${randomBytes(6).toString('base64url')}`,
  };
}

type Source = Record<string, string | undefined>;
const isSet = (source: Source, name: string) => source[name] !== undefined && source[name] !== '';

export interface SecretsOutcome {
  /** Where the secrets came from: the environment only, or the file (created by this call, or read). */
  status: 'environment' | 'generated' | 'reused';
  file?: string;
  /** Variables taken from the file. */
  loaded: string[];
}

/**
 * The development default of a fresh install (`npm start`): every secret variable the environment does not set is
 * taken from SECRETS_FILE (`.run/secrets.env`, git-ignored), which the first run creates with fresh values. The
 * key pair goes together: when the environment sets either key, neither comes from the file. The file is written
 * whole to a temporary name and then hard-linked to its name, which fails when it exists (an O_EXCL creation that
 * never exposes a half-written file): of two processes starting at once, the loser reads the winner's file, so
 * both end up with the same secrets. Production never generates secrets (an operator sets them; a SECRETS_FILE it
 * names explicitly is read, never created); tests pass their own by environment (test/global-setup.ts).
 * Fills `source` (process.env by default) in place.
 */
export function provideSecrets(source: Source = process.env, cwd = process.cwd()): SecretsOutcome {
  const mode = source.NODE_ENV || 'development';
  const wanted: string[] = [...GENERATED_SECRETS, ...GENERATED_EXTRAS].filter((name) => !isSet(source, name));
  if (isSet(source, 'JWT_PRIVATE_KEY') || isSet(source, 'JWT_PUBLIC_KEY')) {
    for (const k of ['JWT_PRIVATE_KEY', 'JWT_PUBLIC_KEY']) if (wanted.includes(k)) wanted.splice(wanted.indexOf(k), 1);
  }
  if (!wanted.length || mode === 'test') return { status: 'environment', loaded: [] };
  const explicit = isSet(source, 'SECRETS_FILE');
  if (mode === 'production' && !explicit) return { status: 'environment', loaded: [] };
  const file = resolve(cwd, source.SECRETS_FILE || DEFAULT_SECRETS_FILE);
  let status: SecretsOutcome['status'] = 'reused';
  let values = readSecretsFile(file);
  if (!values) {
    if (mode === 'production') return { status: 'environment', file, loaded: [] };
    values = createSecretsFile(file);
    status = values.created ? 'generated' : 'reused';
  } else if (mode !== 'production') {
    values = completeSecretsFile(file, values.values);
  }
  const loaded: string[] = [];
  for (const name of wanted) {
    const value = values.values[name];
    if (value) {
      source[name] = value;
      loaded.push(name);
    }
  }
  return { status, file, loaded };
}

/** The one line `npm start` prints about the secrets. */
export function describeSecrets(outcome: SecretsOutcome): string {
  if (outcome.status === 'environment' || !outcome.file) return 'secrets: from the environment';
  const how = outcome.status === 'generated' ? 'generated now' : 'reused';
  return `secrets: ${how}, stored in ${outcome.file} (mode 0600; keep it, back it up, never commit it)`;
}

function readSecretsFile(file: string): { values: Record<string, string>; created: boolean } | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  } catch {
    /* not ours to change: it is still read */
  }
  return { values: parseSecrets(text), created: false };
}

function createSecretsFile(file: string): { values: Record<string, string>; created: boolean } {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    chmodSync(dir, 0o700);
  } catch {
    /* a directory we do not own: the file's own mode still protects it */
  }
  const secrets = generateSecrets();
  const tmp = writeTemporary(file, secrets);
  try {
    linkSync(tmp, file);
    return { values: secrets, created: true };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return readSecretsFile(file)!; // another process won the race: its secrets are the install's
  } finally {
    unlinkSync(tmp);
  }
}

/** A file written by an older version lacks a value generated since: add it (rewritten whole, then renamed over). */
function completeSecretsFile(file: string, values: Record<string, string>): { values: Record<string, string>; created: boolean } {
  const fresh = generateSecrets() as Record<string, string>;
  const missing = [...GENERATED_SECRETS, ...GENERATED_EXTRAS].filter(
    (n) => !values[n] && !(n.startsWith('JWT_') && (values.JWT_PRIVATE_KEY || values.JWT_PUBLIC_KEY)),
  );
  if (!missing.length) return { values, created: false };
  const merged = { ...values, ...Object.fromEntries(missing.map((n) => [n, fresh[n]])) };
  const tmp = writeTemporary(file, merged);
  renameSync(tmp, file);
  return { values: merged, created: false };
}

/** Writes `values` to a new file (mode 0600) beside `file`; returns its name, to be linked or renamed into place. */
function writeTemporary(file: string, values: Record<string, string>): string {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, formatSecrets(values));
  } finally {
    closeSync(fd);
  }
  return tmp;
}

function formatSecrets(values: Record<string, string>): string {
  const lines = Object.entries(values).map(([k, v]) => `${k}=${v.trim().replace(/\n/g, '\\n')}`);
  return `# Hội Thi: this install's own secrets, generated on its first run. Keep it private (mode 0600), back it up\n# with the database (the citizen-ID pepper cannot change once people registered), never commit it.\n${lines.join('\n')}\n`;
}

/** `NAME=value` lines (a PEM on one line with `\n`); comments and blank lines skipped. */
export function parseSecrets(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Z][A-Z0-9_]*)\s*=(.*)$/.exec(line);
    if (m) out[m[1]] = pemOf(m[2]);
  }
  return out;
}

/** Whether a value was ever published (see PUBLISHED_SECRETS) or is a placeholder. */
export function isPublishedSecret(value: string): boolean {
  return PUBLISHED_SECRETS.includes(value.trim()) || PLACEHOLDER.test(value);
}

/** Whether SERVICES (`all` or a comma list) hosts registration, the only issuer of access tokens. */
export const hostsIssuer = (services: string | undefined) => {
  const list = (services || 'all').split(',').map((s) => s.trim());
  return list.includes('all') || list.includes('registration');
};

interface SecretEnv {
  NODE_ENV?: string;
  SERVICES?: string;
  JWT_PRIVATE_KEY?: string;
  JWT_PUBLIC_KEY?: string;
}

/**
 * class-validator rule of every secret variable of PlatformEnv: always a valid value when set; in production also
 * present, long enough, never a published value; the key pair P-256 and matching; the private key present where
 * registration (the issuer) runs. The message is the reason only: the value is never shown.
 */
@ValidatorConstraint({ name: 'secret' })
export class SecretRule implements ValidatorConstraintInterface {
  private reason = '';

  validate(value: unknown, args: ValidationArguments): boolean {
    this.reason = secretProblem(args.property, typeof value === 'string' ? value : '', args.object as SecretEnv) ?? '';
    return this.reason === '';
  }

  defaultMessage(args: ValidationArguments): string {
    return secretProblem(args.property, typeof args.value === 'string' ? args.value : '', args.object as SecretEnv) ?? this.reason;
  }
}

/** Why `name`'s value is refused, or null. */
export function secretProblem(name: string, value: string, env: SecretEnv): string | null {
  const production = env.NODE_ENV === 'production';
  const set = value !== '';
  if (name === 'JWT_SECRET')
    return set && production ? 'JWT_SECRET is no longer used (HS256): set JWT_PRIVATE_KEY and JWT_PUBLIC_KEY (ES256), see docs/security.md' : null;
  if (set && production && isPublishedSecret(value)) return `${name} is a published value: generate your own, see docs/security.md`;
  switch (name) {
    case 'JWT_PRIVATE_KEY': {
      if (!set)
        return production && hostsIssuer(env.SERVICES)
          ? 'JWT_PRIVATE_KEY is required where registration runs (a P-256 PEM private key), see docs/security.md'
          : null;
      try {
        parsePrivateKey(value);
      } catch (e) {
        return `JWT_PRIVATE_KEY is ${(e as Error).message}`;
      }
      return null;
    }
    case 'JWT_PUBLIC_KEY': {
      if (!set)
        return env.JWT_PRIVATE_KEY ? null : 'JWT_PUBLIC_KEY is required (the P-256 PEM public key every service verifies tokens with), see docs/security.md';
      let pub: KeyObject;
      try {
        pub = parsePublicKey(value);
      } catch (e) {
        return `JWT_PUBLIC_KEY is ${(e as Error).message}`;
      }
      if (env.JWT_PRIVATE_KEY) {
        try {
          if (keyId(createPublicKey(parsePrivateKey(env.JWT_PRIVATE_KEY))) !== keyId(pub)) return 'JWT_PUBLIC_KEY does not match JWT_PRIVATE_KEY';
        } catch {
          return null; // the private key's own line says what is wrong with it
        }
      }
      return null;
    }
    case 'JWT_PREVIOUS_PUBLIC_KEY': {
      if (!set) return null;
      try {
        parsePublicKey(value);
      } catch (e) {
        return `JWT_PREVIOUS_PUBLIC_KEY is ${(e as Error).message}`;
      }
      return null;
    }
    default: {
      if (!set) return production ? `${name} is required (at least ${MIN_SECRET_LENGTH} random characters), see docs/security.md` : `${name} is required`;
      if (production && value.length < MIN_SECRET_LENGTH) return `${name} must be at least ${MIN_SECRET_LENGTH} characters`;
      if (value.length < 16) return `${name} must be at least 16 characters`;
      return null;
    }
  }
}
