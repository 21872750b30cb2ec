import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, Min, Validate, validateSync } from 'class-validator';
import { DEFAULT_SECRETS_FILE, provideSecrets, SECRET_NAMES, SecretRule } from './secrets';

const toBool = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && value !== '' ? Number(value) : value);

/**
 * Environment of every process. Defaults are those of the single-machine run (`npm start`);
 * `.env.example` lists every variable. Validated once at boot: a wrong value stops the process
 * with one line naming the variable.
 */
export class PlatformEnv {
  @IsIn(['development', 'production', 'test']) NODE_ENV: 'development' | 'production' | 'test' = 'development';
  /** Which service modules this process hosts: `all` or a comma list. */
  @IsString() SERVICES = 'all';
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT = 3000;
  @IsString() HOST = '0.0.0.0';
  /**
   * Which proxies' X-Forwarded-For to believe (client addresses feed the per-IP rate limits): `true`, `false`, or
   * addresses/CIDRs and the presets loopback, linklocal, uniquelocal. The default believes proxies on this host and
   * on private networks (the edge in compose or Kubernetes), never a client on the internet.
   */
  @IsString() TRUST_PROXY = 'loopback,linklocal,uniquelocal';
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
  @Transform(toInt) @IsInt() @Min(300) REFRESH_TTL_SECONDS = 30 * 86400;
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';
  @Transform(toBool) @IsBoolean() CAPTCHA_ENABLED = true;
  /** Mixed into the citizen-ID fingerprint (HMAC-SHA256): set once, before the first registration (32+ chars in production). */
  @IsString() @Validate(SecretRule) CITIZEN_ID_PEPPER = '';
  /** Signs cookies (the refresh cookie and its CSRF token): 32+ random characters in production. */
  @IsString() @Validate(SecretRule) COOKIE_SECRET = '';
  @IsString() DEMO_PASSWORD = 'HoiThi@2026';
  /** Folder of the built web client, served at `/` beside the API (empty: none). */
  @IsString() WEB_DIST = 'apps/web/dist';
  /** Argon2 hashes running at once in one process; more wait in a queue, a full queue answers 503. */
  @Transform(toInt) @IsInt() @Min(1) @Max(64) HASH_CONCURRENCY = 4;
  @Transform(toInt) @IsInt() @Min(0) HASH_QUEUE_LIMIT = 200;
  /** Rate limits (per window of RATE_WINDOW_SECONDS). */
  @Transform(toInt) @IsInt() @Min(1) RATE_REGISTER_PER_IP = 300;
  @Transform(toInt) @IsInt() @Min(1) RATE_LOGIN_PER_ACCOUNT = 10;
  @Transform(toInt) @IsInt() @Min(1) RATE_LOGIN_PER_IP = 600;
  @Transform(toInt) @IsInt() @Min(1) RATE_WINDOW_SECONDS = 900;
  @Transform(toBool) @IsBoolean() SWAGGER_ENABLED = true;
  /** Grace after an attempt's deadline during which answers are still accepted (network latency). */
  @Transform(toInt) @IsInt() @Min(0) @Max(60000) ANSWER_GRACE_MS = 2000;
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

let cached: PlatformEnv | undefined;
/** The process's environment, validated once; exits with a clear line when it is wrong. */
export function loadEnv(): PlatformEnv {
  if (cached) return cached;
  try {
    provideSecrets(process.env); // development: what the environment does not set comes from SECRETS_FILE
    cached = validateEnv(PlatformEnv);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78);
    }
    throw e;
  }
  return cached;
}

/** For tests: forget the cached environment so the next loadEnv reads process.env again. */
export function resetEnvCache(): void {
  cached = undefined;
}
