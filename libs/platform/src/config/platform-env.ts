import type { FactoryProvider } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, Validate, ValidateIf, validateSync } from 'class-validator';
import { DEFAULT_SECRETS_FILE, provideSecrets, SECRET_NAMES, SecretRule } from './secrets';

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];
/**
 * `@Transform(toBool) @IsBoolean()`: 1/true/yes/on and 0/false/no/off (any case); anything else stays a string,
 * which `@IsBoolean()` refuses, so a typo stops the boot instead of reading as false.
 */
export const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  return TRUE.includes(v) ? true : FALSE.includes(v) ? false : value;
};
/** `@Transform(toInt) @IsInt()`: a number from its text (anything that is not one fails `@IsInt()`). */
export const toInt = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && value !== '' ? Number(value) : value);

/** An absolute http(s) origin with an optional base path: no user info, query or fragment. */
const PUBLIC_BASE_URL_PATTERN = /^https?:\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?(\/[A-Za-z0-9._~%!$&'()*+,;=:@/-]*)?$/;

/**
 * Environment of every process: what the platform reads, or several services. Defaults are those of the
 * single-machine run (`npm start`); `.env.example` lists every variable. Validated once at boot: a wrong value stops
 * the process with one line naming the variable. A service's own variables are on its env class (`LeaderboardEnv`,
 * `ExamSessionEnv`, `RegistrationEnv`), validated at the same moment (`ServiceDefinition.env`, `serviceEnv`).
 */
export class PlatformEnv {
  @IsIn(['development', 'production', 'test']) NODE_ENV: 'development' | 'production' | 'test' = 'development';
  /** Which service modules this process hosts: `all` or a comma list. */
  @IsString() SERVICES = 'all';
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT = 3000;
  @IsString() HOST = '0.0.0.0';
  /**
   * Which peers' X-Forwarded-For / -Proto / -Host to believe (client addresses feed the per-IP rate limits and the
   * judges' audit): `false`, `true`, or addresses/CIDRs (and the presets loopback, linklocal, uniquelocal) of the
   * proxies in front. The default believes nobody: `npm start` is reached directly; compose and Kubernetes name
   * their edge. Any peer believed can forge any client address.
   */
  @IsString() TRUST_PROXY = 'false';
  /**
   * The address the public reaches the web client at (`https://hoithi.example.vn`, optionally with a base path): links
   * and QR codes are built from it, never from the request's Host. Development: `http://localhost:${PORT}` when empty;
   * required in production.
   */
  @ValidateIf((e: PlatformEnv) => e.NODE_ENV === 'production' || e.PUBLIC_BASE_URL !== '')
  @Matches(PUBLIC_BASE_URL_PATTERN, {
    message:
      'PUBLIC_BASE_URL must be the absolute http(s) address the public uses, e.g. https://hoithi.example.vn, without query or fragment (required when NODE_ENV=production)',
  })
  PUBLIC_BASE_URL = '';
  @IsString() DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/hoithi';
  /** This instance's name in pg_stat_activity (`hoi-thi:<service>@<name>`); the host name when empty. */
  @IsString() INSTANCE_NAME = '';
  /**
   * A read-only replica for exports and statistics (results files, judges' lists and flags, bank exports);
   * DATABASE_URL when empty. Its sessions are read-only whatever it points at.
   */
  @IsOptional() @IsString() DATABASE_READ_URL?: string;
  @Transform(toInt) @IsInt() @Min(1) @Max(500) DB_POOL_SIZE = 20;
  /** Connections per service to DATABASE_READ_URL (few: long reads, not the hot paths). */
  @Transform(toInt) @IsInt() @Min(1) @Max(100) DB_READ_POOL_SIZE = 4;
  @IsString() REDIS_URL = 'redis://127.0.0.1:6379';
  @IsString() REDIS_KEY_PREFIX = 'ht:';
  /**
   * Access tokens are ES256 (P-256). The private key (PEM; `\n` escapes allowed) signs, so only registration needs it;
   * every service verifies with the public key (derived from the private key when only that is set). A missing one in
   * development comes from SECRETS_FILE, generated on the first run; production requires them (docs/security.md).
   */
  @IsString() @Validate(SecretRule) JWT_PRIVATE_KEY = '';
  @IsString() @Validate(SecretRule) JWT_PUBLIC_KEY = '';
  /** During a key rotation: the previous public key, still accepted (tokens name their key by `kid`). */
  @IsString() @Validate(SecretRule) JWT_PREVIOUS_PUBLIC_KEY = '';
  /** Removed with HS256: refused in production, so a deployment still setting it learns it is not used. */
  @IsString() @Validate(SecretRule) JWT_SECRET = '';
  /** Where development keeps the secrets it generated on its first run (git-ignored; production reads it only when set). */
  @IsString() SECRETS_FILE = DEFAULT_SECRETS_FILE;
  @IsString() JWT_ISSUER = 'hoi-thi';
  @IsString() JWT_AUDIENCE = 'hoi-thi-api';
  @Transform(toInt) @IsInt() @Min(30) @Max(86400) JWT_ACCESS_TTL_SECONDS = 900;
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';
  /** Mixed into the citizen-ID fingerprint (HMAC-SHA256): set once, before the first registration (32+ chars in production). */
  @IsString() @Validate(SecretRule) CITIZEN_ID_PEPPER = '';
  /**
   * Password of the seeded demo accounts. Development: generated on the first run into SECRETS_FILE and printed by
   * `npm start`; production seeds no demo unless it is set (and not a published value).
   */
  @IsString() DEMO_PASSWORD = '';
  /** Folder of the built web client, served at `/` beside the API (empty: none). */
  @IsString() WEB_DIST = 'apps/web/dist';
  @Transform(toBool) @IsBoolean() SWAGGER_ENABLED = true;
  /**
   * The contract check of the test suites (libs/platform/src/http/contract-check.ts): `off` (always in production),
   * `contracted` (routes documenting a schema) or `strict` (every /api route).
   */
  @IsIn(['off', 'contracted', 'strict']) CONTRACT_CHECK: 'off' | 'contracted' | 'strict' = 'off';
  /** A file the contract check appends its violations to (JSON lines), for the suite's report. */
  @IsOptional() @IsString() CONTRACT_REPORT?: string;
  /** Grace after an attempt's deadline during which answers are still accepted (network latency). */
  @Transform(toInt) @IsInt() @Min(0) @Max(60000) ANSWER_GRACE_MS = 2000;
}

/** The public base of links and QR codes: PUBLIC_BASE_URL without its trailing slash, else this process's own address. */
export function publicBaseUrl(env: Pick<PlatformEnv, 'PUBLIC_BASE_URL' | 'PORT'>): string {
  return env.PUBLIC_BASE_URL ? env.PUBLIC_BASE_URL.replace(/\/+$/, '') : `http://localhost:${env.PORT}`;
}

export class ConfigError extends Error {}

/** Validates `source` into `cls`; throws ConfigError whose message is one line per wrong variable. */
export function validateEnv<T extends object>(cls: new () => T, source: NodeJS.ProcessEnv = process.env): T {
  const defaults = new cls() as Record<string, unknown>;
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) {
    const v = source[key];
    raw[key] = v === undefined || v === '' ? defaults[key] : v;
  }
  for (const key of Object.keys(source)) if (!(key in raw) && key.toUpperCase() === key) raw[key] = source[key];
  const instance = plainToInstance(cls, raw, { exposeDefaultValues: true });
  const errors = validateSync(instance, { whitelist: false, skipMissingProperties: false });
  if (errors.length) {
    const lines = errors.map((e) => {
      const msg = Object.values(e.constraints ?? {}).join('; ');
      const shown = SECRET_NAMES.includes(e.property) ? (source[e.property] ? '<hidden>' : '""') : JSON.stringify(source[e.property] ?? null);
      return `Configuration error: ${e.property}=${shown} is invalid (${msg})`;
    });
    throw new ConfigError(lines.join('\n'));
  }
  return instance;
}

/** A service's own env class: properties with their defaults and class-validator rules, like PlatformEnv's. */
export type EnvClass<T extends object = object> = new () => T;

const serviceEnvs = new WeakMap<PlatformEnv, Map<EnvClass, object>>();

/**
 * A service's env class validated against the same environment as `env` (PlatformEnv carries every unknown
 * upper-case variable through), once per PlatformEnv: the boot validates it (`loadServiceEnvs`, or
 * createPlatformApp) and the service's provider (`envProvider`) gets that same instance. Throws ConfigError.
 */
export function serviceEnv<T extends object>(cls: EnvClass<T>, env: PlatformEnv): T {
  let byClass = serviceEnvs.get(env);
  if (!byClass) serviceEnvs.set(env, (byClass = new Map()));
  let settings = byClass.get(cls) as T | undefined;
  if (!settings) byClass.set(cls, (settings = validateEnv(cls, env as unknown as NodeJS.ProcessEnv)));
  return settings;
}

/** The provider of a service's env class, injected by its type: `providers: [envProvider(LeaderboardEnv)]`. */
export function envProvider<T extends object>(cls: EnvClass<T>): FactoryProvider<T> {
  return { provide: cls, inject: [PlatformEnv], useFactory: (env: PlatformEnv) => serviceEnv(cls, env) };
}

/** A ConfigError is printed (one line per wrong variable) and the process exits 78 (EX_CONFIG), before any IO. */
function exitOnConfigError<T>(load: () => T): T {
  try {
    return load();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78);
    }
    throw e;
  }
}

let cached: PlatformEnv | undefined;
/** The process's environment, validated once; exits with a clear line when it is wrong. */
export function loadEnv(): PlatformEnv {
  if (cached) return cached;
  cached = exitOnConfigError(() => {
    provideSecrets(process.env); // development: what the environment does not set comes from SECRETS_FILE
    return validateEnv(PlatformEnv);
  });
  return cached;
}

/** The env classes of the services a process hosts, validated at boot with loadEnv's exit (every wrong line at once). */
export function loadServiceEnvs(env: PlatformEnv, classes: EnvClass[]): void {
  exitOnConfigError(() => {
    const lines: string[] = [];
    for (const cls of classes) {
      try {
        serviceEnv(cls, env);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        lines.push(e.message);
      }
    }
    if (lines.length) throw new ConfigError(lines.join('\n'));
  });
}

/** For tests: forget the cached environment so the next loadEnv reads process.env again. */
export function resetEnvCache(): void {
  cached = undefined;
}
