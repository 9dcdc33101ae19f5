import path from 'node:path';
import { z } from 'zod';
import { INSTANT_WITH_OFFSET, installClock, processClock, type Clock } from './clock.ts';

/**
 * The environment, parsed once. A bad value stops the process with a message naming it.
 */
const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  ADMIN_PASSWORD: z.string().min(10, 'ADMIN_PASSWORD needs at least 10 characters').optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(8),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  ONE_TIME_PASSWORD_HOURS: z.coerce.number().positive().max(24 * 30).default(24),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().positive().max(24 * 60).default(15),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_BASE_URL: z.string().url().optional(),
  PTECH_DEMO: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  PUBLIC_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  PUBLIC_LOOKUP_PER_PERSON_PER_DAY: z.coerce.number().int().min(1).max(1000).default(10),
  NATIONAL_UPLOAD_URL: z.string().url().optional(),
  CERTIFICATE_FALLBACK_FONTS: z.string().trim().optional(),
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024).default(10 * 1024 * 1024),
  PERSONAL_DATA_KEY: z
    .string()
    .trim()
    .refine(
      (value) => /^[0-9a-fA-F]{64}$/.test(value) || Buffer.from(value, 'base64').length === 32,
      'PERSONAL_DATA_KEY must be 32 bytes: 64 hex digits or base64 / 须为 32 字节：64 位十六进制或 base64',
    )
    .optional(),
  JOBS_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  JOB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  JOB_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  JOB_STALE_SECONDS: z.coerce.number().int().min(5).max(24 * 3600).default(120),
  JOB_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(3),
  AUDIT_CHECKPOINT_FILE: z.string().min(1).optional(),
  AUDIT_CHECKPOINT_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(60),
  IMPORT_MAX_UNCOMPRESSED_BYTES: z.coerce.number().int().min(64 * 1024).max(4 * 1024 * 1024 * 1024).default(256 * 1024 * 1024),
  IMPORT_MAX_PARTS: z.coerce.number().int().min(10).max(100_000).default(1000),
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(10_000_000).default(200_000),
  IMPORT_MAX_CELL_CHARS: z.coerce.number().int().min(100).max(1_000_000).default(1000),
  IMPORT_WORKER_MEMORY_MB: z.coerce.number().int().min(16).max(16 * 1024).default(256),
  PTECH_NOW: z
    .string()
    .trim()
    .regex(INSTANT_WITH_OFFSET, 'PTECH_NOW must be an ISO date-time with an offset, e.g. 2026-12-28T10:00:00+08:00 / 须为带时区的 ISO 日期时间')
    .refine((value) => !Number.isNaN(new Date(value).getTime()), 'PTECH_NOW is not a real date-time / 不是有效的日期时间')
    .optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  filesDir: string;
  databaseUrl?: string;
  adminPassword?: string;
  /** How long an idle session lives; each use moves it on, up to `sessionAbsoluteHours`. */
  sessionTtlHours: number;
  /** How long a session lives at most after the log-in, however busy (SESSION_ABSOLUTE_HOURS). */
  sessionAbsoluteHours: number;
  /** How long a one-time password (generated, or set by an administrator) works (ONE_TIME_PASSWORD_HOURS). */
  oneTimePasswordHours: number;
  /** Failed log-ins in a row before the account is locked (the first lock lasts a minute). */
  loginMaxFailures: number;
  /** The longest lock: each further failure doubles the lock up to this. */
  loginLockMinutes: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  publicBaseUrl?: string;
  /**
   * A demo or test installation (PTECH_DEMO=true, or `npm start -- --demo`): certificates may be
   * issued with QR codes pointing to a loopback or unset PUBLIC_BASE_URL, which is refused otherwise.
   */
  demo: boolean;
  trustProxy: boolean;
  rateLimitPerMinute: number;
  loginRateLimitPerMinute: number;
  /** Requests a minute one client may make to each public endpoint (certificate verification). */
  publicRateLimitPerMinute: number;
  /** Public look-ups by code, name and ID number a day per looked-up person, from any address (counted in the database). */
  publicLookupPerPersonPerDay: number;
  /** Where certificate data packages are POSTed (JSON) for the national query system; absent: packages are downloaded and uploaded by hand. */
  nationalUploadUrl?: string;
  /**
   * Font files (TTF/OTF) for characters the certificate font lacks (CJK Extension B and beyond),
   * tried in order (CERTIFICATE_FALLBACK_FONTS, separated by the platform's path delimiter).
   */
  certificateFallbackFonts: string[];
  /** Directory of the built web app; absent in API-only test apps. */
  webDir?: string;
  /** Secure cookies (behind TLS). Derived from PUBLIC_BASE_URL. */
  secureCookies: boolean;
  /** Largest accepted upload, in bytes (UPLOAD_MAX_BYTES). */
  uploadMaxBytes: number;
  /** PERSONAL_DATA_KEY as given (64 hex digits or base64 of 32 bytes); see platform/personal-data.ts. */
  personalDataKey?: string;
  /** Whether this process runs the job runner (JOBS_ENABLED); tests set false to run jobs by hand. */
  jobs: boolean;
  /** Jobs this process runs at the same time. */
  jobConcurrency: number;
  /** How often an idle runner looks for queued jobs. */
  jobPollMs: number;
  /** A running job whose heartbeat is older than this belongs to a process that died. */
  jobStaleSeconds: number;
  /** Runs of one job (first run and re-runs after crashes) before it is failed for good. */
  jobMaxAttempts: number;
  /** Where the server appends signed audit checkpoints (AUDIT_CHECKPOINT_FILE; default DATA_DIR/audit-checkpoints.jsonl). */
  auditCheckpointFile: string;
  /** Minutes between the server's audit checkpoints (AUDIT_CHECKPOINT_MINUTES; 0: none). */
  auditCheckpointMinutes: number;
  /** What an uploaded .xlsx may cost to read (src/platform/xlsx/limits.ts): unpacked bytes, parts of the ZIP, rows of data, characters a cell, the reading thread's heap (MB). */
  importMaxUncompressedBytes: number;
  importMaxParts: number;
  importMaxRows: number;
  importMaxCellChars: number;
  importWorkerMemoryMb: number;
  /**
   * PTECH_NOW: the instant this process's clock starts at (then runs on), for tests and the demo;
   * absent: the system clock. The server warns at start and every page shows a banner.
   */
  fixedNow?: string;
}

export class ConfigError extends Error {}

/**
 * The clock PTECH_NOW asks for (the system clock without it), checked like the rest of the
 * configuration; for commands that need the date but not the whole configuration.
 */
export function loadClock(environment: NodeJS.ProcessEnv = process.env): Clock {
  const parsed = environmentSchema.pick({ PTECH_NOW: true }).safeParse(environment);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`配置有误 / Invalid configuration:\n${lines.join('\n')}`);
  }
  const clock = processClock(parsed.data.PTECH_NOW);
  // The command's default instants (created_at…) come from it too.
  installClock(clock);
  return clock;
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`配置有误 / Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const dataDir = path.resolve(env.DATA_DIR);
  const config: Config = {
    port: env.PORT,
    host: env.HOST,
    dataDir,
    filesDir: path.join(dataDir, 'files'),
    databaseUrl: env.DATABASE_URL,
    adminPassword: env.ADMIN_PASSWORD,
    sessionTtlHours: env.SESSION_TTL_HOURS,
    sessionAbsoluteHours: env.SESSION_ABSOLUTE_HOURS,
    oneTimePasswordHours: env.ONE_TIME_PASSWORD_HOURS,
    loginMaxFailures: env.LOGIN_MAX_FAILURES,
    loginLockMinutes: env.LOGIN_LOCK_MINUTES,
    logLevel: env.LOG_LEVEL,
    publicBaseUrl: env.PUBLIC_BASE_URL,
    demo: env.PTECH_DEMO,
    trustProxy: env.TRUST_PROXY,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    loginRateLimitPerMinute: env.LOGIN_RATE_LIMIT_PER_MINUTE,
    publicRateLimitPerMinute: env.PUBLIC_RATE_LIMIT_PER_MINUTE,
    publicLookupPerPersonPerDay: env.PUBLIC_LOOKUP_PER_PERSON_PER_DAY,
    nationalUploadUrl: env.NATIONAL_UPLOAD_URL,
    certificateFallbackFonts: (env.CERTIFICATE_FALLBACK_FONTS ?? '')
      .split(path.delimiter)
      .map((file) => file.trim())
      .filter(Boolean)
      .map((file) => path.resolve(file)),
    webDir: path.resolve('web/dist'),
    secureCookies: (env.PUBLIC_BASE_URL ?? '').startsWith('https://'),
    uploadMaxBytes: env.UPLOAD_MAX_BYTES,
    personalDataKey: env.PERSONAL_DATA_KEY,
    jobs: env.JOBS_ENABLED,
    jobConcurrency: env.JOB_CONCURRENCY,
    jobPollMs: env.JOB_POLL_MS,
    jobStaleSeconds: env.JOB_STALE_SECONDS,
    jobMaxAttempts: env.JOB_MAX_ATTEMPTS,
    auditCheckpointFile: path.resolve(env.AUDIT_CHECKPOINT_FILE ?? path.join(dataDir, 'audit-checkpoints.jsonl')),
    auditCheckpointMinutes: env.AUDIT_CHECKPOINT_MINUTES,
    importMaxUncompressedBytes: env.IMPORT_MAX_UNCOMPRESSED_BYTES,
    importMaxParts: env.IMPORT_MAX_PARTS,
    importMaxRows: env.IMPORT_MAX_ROWS,
    importMaxCellChars: env.IMPORT_MAX_CELL_CHARS,
    importWorkerMemoryMb: env.IMPORT_WORKER_MEMORY_MB,
    fixedNow: env.PTECH_NOW,
  };
  return { ...config, ...overrides };
}
