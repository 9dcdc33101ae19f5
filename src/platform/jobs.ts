// Long work — imports, batch issuance, exports — as jobs recorded in the database.
//
//   registerJobHandler('certificates.issue', async (job) => {
//     for (const [index, id] of job.payload.applicationIds.entries()) {
//       await issueCertificateOnce(job.db, id);          // idempotent: skips what is done
//       await job.progress(index + 1, job.payload.applicationIds.length);
//     }
//     return { issued: job.payload.applicationIds.length };
//   }, { parsePayload: (raw) => IssuePayloadSchema.parse(raw) });
//
//   const { job } = await enqueueJob(tx, context, { kind: 'certificates.issue', payload, idempotencyKey });
//
// Each app process runs a runner (unless JOBS_ENABLED=false) that claims queued jobs with
// `SELECT … FOR UPDATE SKIP LOCKED` (so two processes never claim the same one), runs the handler
// registered for the kind, and records progress, result or error. A running job writes a
// heartbeat; a job whose heartbeat goes stale belonged to a process that died, and is queued
// again (or, after `maxAttempts` runs, failed with JOB_ABANDONED, which a user may retry).
//
// The contract for handlers:
// - A handler may run more than once for one job (after a crash, or a retry): it must be
//   idempotent — check what is already done (unique keys, "skip if present") before doing it.
// - Do the work in short transactions of your own; never hold one open across the whole job
//   (PGlite has one connection, and a long transaction blocks every request).
// - Call `job.progress(done, total)` now and then: it is the heartbeat. It throws
//   JobLeaseLostError when the job was taken from this runner (its heartbeat went stale); stop then.
//   `job.signal` is aborted at the same moment, and when the process shuts down.
// - Return a JSON value (the result: counts, ids of generated files); throw an AppError or a
//   DomainError for a refusal the user should read, anything else for a bug (logged; the user sees
//   JOB_FAILED).
// - What a run leaves half done outside its own transactions (rows staged for a merge) is removed by
//   the kind's `cleanUp` option when the job fails for good — refused, a bug, or abandoned after a
//   crash on its last attempt — and by the handler itself at the start of a retried run.
// - Payloads are versioned: `enqueueJob` stores the handler's `payloadVersion`; `parsePayload`
//   receives the stored version and must still read every version a queue may hold.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { ZodError } from 'zod';
import type { Database } from '../db/client.ts';
import { jobs, organisations, type JobError, type JobStatus } from '../db/schema.ts';
import { isDomainError } from '../domain/errors.ts';
import { canonicalJson, writeAudit } from './audit.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { systemContext, type AuditContext, type RequestContext, type SystemContext } from './context.ts';
import { AppError, errorCatalogue } from './errors.ts';
import { describeErrorForLog } from './log-redaction.ts';
import { assertInScope, hasPermission, type Actor } from './policy.ts';

export interface RunningJob<Payload = unknown> {
  id: string;
  kind: string;
  payload: Payload;
  payloadVersion: number;
  /** 1 on the first run, 2 after one crash or retry, … */
  attempt: number;
  organisationId: string;
  organisationPath: string;
  createdBy: string | null;
  db: Database;
  /** For audit entries the handler writes (actor: the system, user agent `job:<kind>`). */
  context: SystemContext;
  /** Aborted when the job was taken from this runner or the process shuts down. */
  signal: AbortSignal;
  /** Records progress and renews the heartbeat; throws JobLeaseLostError when the job is no longer ours. */
  progress(done: number, total?: number | null): Promise<void>;
}

export type JobHandler<Payload = unknown, Result = unknown> = (job: RunningJob<Payload>) => Promise<Result>;

export interface JobHandlerOptions<Payload> {
  /** The version `enqueueJob` stores with new payloads (default 1). */
  payloadVersion?: number;
  /** Validates (and upgrades) a stored payload; runs at enqueue and before each run. */
  parsePayload?: (payload: unknown, version: number) => Payload;
  /** Runs of one job before a crash fails it for good (default JOB_MAX_ATTEMPTS). */
  maxAttempts?: number;
  /**
   * Removes what a run left half done (e.g. rows staged for a merge) once the job has failed: by a
   * refusal or a bug, or abandoned after a crash on its last attempt. Best effort: an error here is
   * logged, and a retried run must still clear up before it starts (handlers are idempotent).
   */
  cleanUp?: (db: Database, job: { id: string; kind: string; payload: unknown }) => Promise<void>;
}

interface RegisteredHandler {
  run: JobHandler<unknown, unknown>;
  options: JobHandlerOptions<unknown>;
}

const handlers = new Map<string, RegisteredHandler>();

const KIND_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;

/** Registers the code that runs jobs of a kind (`module.verb-noun`, e.g. `certificates.issue`). Registering a kind twice replaces it. */
export function registerJobHandler<Payload, Result>(
  kind: string,
  run: JobHandler<Payload, Result>,
  options: JobHandlerOptions<Payload> = {},
): void {
  if (!KIND_PATTERN.test(kind)) throw new Error(`"${kind}" is not a job kind (lower-case words joined by dots)`);
  handlers.set(kind, { run: run as JobHandler<unknown, unknown>, options: options as JobHandlerOptions<unknown> });
  for (const runner of runners) runner.wake();
}

/** For tests: forgets a kind. */
export function unregisterJobHandler(kind: string): void {
  handlers.delete(kind);
}

export function registeredJobKinds(): string[] {
  return [...handlers.keys()];
}

export class JobLeaseLostError extends Error {
  constructor(id: string) {
    super(`job ${id} is no longer held by this runner`);
  }
}

export interface JobDto {
  id: string;
  kind: string;
  status: JobStatus;
  progress: { done: number; total: number | null };
  result: unknown;
  error: JobError | null;
  createdAt: string;
  finishedAt: string | null;
}

type JobRow = typeof jobs.$inferSelect;

export function toJobDto(row: JobRow): JobDto {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    progress: { done: row.progressDone, total: row.progressTotal },
    result: row.result ?? null,
    error: row.error ?? null,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export interface EnqueueJobInput {
  kind: string;
  /** JSON; validated by the handler's `parsePayload` when it has one. */
  payload: unknown;
  /** The organisation the job works for (decides who sees it): the actor's own when absent; the root in a system context. */
  organisationId?: string;
  /** A retried request with the same key (same kind, same organisation) gets the job already queued. */
  idempotencyKey?: string;
  /** The total, when known up front, so that the page shows 0 / total at once. */
  total?: number;
  /** In a system context, the user the job is done for (who may then read it). */
  createdBy?: string | null;
  /**
   * Whether the job already queued under the idempotency key was asked for by the same request
   * (default: the same payload). For payloads that name something made per request, such as the
   * file row of an upload, while the request itself is the same (the same bytes).
   */
  sameRequest?: (storedPayload: unknown) => boolean;
}

async function jobOrganisation(db: Database, context: AuditContext, organisationId: string | undefined) {
  if (!organisationId && context.actor) return { id: context.actor.organisationId, path: context.actor.organisationPath };
  const [row] = await db
    .select({ id: organisations.id, path: organisations.path })
    .from(organisations)
    .where(organisationId ? eq(organisations.id, organisationId) : isNull(organisations.parentId));
  if (context.actor) assertInScope(context.actor, row?.path);
  if (!row) throw new Error(organisationId ? `no organisation ${organisationId}` : 'there is no root organisation yet');
  return row;
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { cause?: { code?: string }; code?: string }).cause?.code ?? (error as { code?: string }).code;
  return code === '23505';
}

/**
 * Queues a job. Call it inside the transaction of the act that asks for the work, so that the job
 * exists exactly when the act committed. With an idempotency key, a second call returns the first
 * job (`created: false`); the same key with a different payload is refused (IDEMPOTENCY_KEY_REUSED).
 */
export async function enqueueJob(db: Database, context: AuditContext, input: EnqueueJobInput): Promise<{ job: JobDto; created: boolean }> {
  const handler = handlers.get(input.kind);
  if (!handler) throw new AppError('JOB_KIND_UNKNOWN', { kind: input.kind });
  const payloadVersion = handler.options.payloadVersion ?? 1;
  const payload = JSON.parse(JSON.stringify(input.payload ?? null)) as unknown;
  handler.options.parsePayload?.(payload, payloadVersion);
  const organisation = await jobOrganisation(db, context, input.organisationId);
  const values = {
    kind: input.kind,
    payloadVersion,
    payload,
    progressTotal: input.total ?? null,
    createdBy: context.actor ? context.actor.userId : (input.createdBy ?? null),
    organisationId: organisation.id,
    organisationPath: organisation.path,
    idempotencyKey: input.idempotencyKey ?? null,
    maxAttempts: handler.options.maxAttempts ?? defaultMaxAttempts,
  };
  let created: JobRow | undefined;
  if (values.idempotencyKey === null) {
    [created] = await db.insert(jobs).values(values).returning();
  } else {
    try {
      [created] = await db.insert(jobs).values(values).onConflictDoNothing().returning();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  if (created) {
    for (const runner of runners) runner.wake();
    return { job: toJobDto(created), created: true };
  }
  const [existing] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, input.kind), eq(jobs.organisationId, organisation.id), eq(jobs.idempotencyKey, values.idempotencyKey!)));
  const same = input.sameRequest ? input.sameRequest(existing.payload) : canonicalJson(existing.payload) === canonicalJson(payload);
  if (!same) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  return { job: toJobDto(existing), created: false };
}

/**
 * Tells this process's runners to look for work now. `enqueueJob` wakes them already, but inside the
 * act's transaction, which another connection (PostgreSQL) cannot see before the commit: an act that
 * wants its job started at once calls this after its transaction, instead of waiting for the next poll.
 */
export function wakeJobRunners(): void {
  for (const runner of runners) runner.wake();
}

/** The job queued under an idempotency key (kind, organisation, key), with its payload; undefined when there is none. */
export async function findJobByIdempotencyKey(db: Database, kind: string, organisationId: string, idempotencyKey: string): Promise<{ job: JobDto; payload: unknown } | undefined> {
  const [row] = await db.select().from(jobs).where(and(eq(jobs.kind, kind), eq(jobs.organisationId, organisationId), eq(jobs.idempotencyKey, idempotencyKey)));
  return row ? { job: toJobDto(row), payload: row.payload } : undefined;
}

function mayManage(actor: Actor, row: JobRow): boolean {
  return row.createdBy === actor.userId || hasPermission(actor, 'job:manage');
}

async function findJobRow(db: Database, context: { actor: Actor }, id: string): Promise<JobRow> {
  const [row] = /^[0-9a-f-]{36}$/i.test(id) ? await db.select().from(jobs).where(eq(jobs.id, id)) : [];
  assertInScope(context.actor, row?.organisationPath);
  if (!row || !mayManage(context.actor, row)) throw new AppError('NOT_FOUND');
  return row;
}

/** A job, for its creator and for users holding `job:manage` at its organisation or above (404 for everyone else). */
export async function getJob(db: Database, context: { actor: Actor }, id: string): Promise<JobDto> {
  return toJobDto(await findJobRow(db, context, id));
}

/** Queues a failed job again, with a fresh count of attempts. */
export async function retryJob(db: Database, context: RequestContext, id: string): Promise<JobDto> {
  const current = await findJobRow(db, context, id);
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(jobs)
      .set({
        status: 'queued',
        error: null,
        errorDetail: null,
        result: null,
        progressDone: 0,
        attempts: 0,
        leaseToken: null,
        runner: null,
        startedAt: null,
        heartbeatAt: null,
        finishedAt: null,
        runAfter: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(jobs.id, id), eq(jobs.status, 'failed')))
      .returning();
    if (!updated) throw new AppError('JOB_NOT_RETRYABLE', { status: current.status });
    await writeAudit(tx, context, {
      action: 'job.retried',
      targetType: 'job',
      targetId: id,
      organisationId: updated.organisationId,
      organisationPath: updated.organisationPath,
      before: { status: current.status, error: current.error?.code ?? null, attempts: current.attempts },
      after: { status: 'queued' },
    });
    return updated;
  });
  for (const runner of runners) runner.wake();
  return toJobDto(row);
}

function catalogueError(code: keyof typeof errorCatalogue, params: Record<string, unknown> = {}): JobError {
  const error = new AppError(code, params);
  return { code: error.code, messages: error.messages };
}

/** What the user reads about a failure: a refusal's own words, or a generic message for a bug. */
export function toJobError(error: unknown): JobError {
  if (error instanceof AppError) return { code: error.code, messages: { ...error.messages } };
  if (isDomainError(error)) return { code: error.code, messages: { 'zh-CN': error.messages['zh-CN'], en: error.messages.en } };
  if (error instanceof ZodError) return catalogueError('VALIDATION');
  return catalogueError('JOB_FAILED');
}

export interface JobLogger {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

const silentLogger: JobLogger = { info: () => undefined, error: () => undefined };

export interface RunOptions {
  /** A heartbeat older than this marks a job as abandoned (default 120 s). */
  staleAfterMs?: number;
  logger?: JobLogger;
  /** Names the process in `jobs.runner`. */
  runnerName?: string;
}

let defaultMaxAttempts = 3;

function processName(): string {
  return `${os.hostname()}:${process.pid}`;
}

/** Claims the oldest queued job of a known kind, atomically; undefined when there is none. */
async function claimJob(db: Database, kinds: string[], runnerName: string): Promise<JobRow | undefined> {
  if (kinds.length === 0) return undefined;
  const candidate = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.status, 'queued'), lte(jobs.runAfter, sql`now()`), inArray(jobs.kind, kinds)))
    .orderBy(asc(jobs.createdAt))
    .limit(1)
    .for('update', { skipLocked: true });
  const [row] = await db
    .update(jobs)
    .set({
      status: 'running',
      attempts: sql`${jobs.attempts} + 1`,
      leaseToken: randomUUID(),
      runner: runnerName,
      startedAt: sql`now()`,
      heartbeatAt: sql`now()`,
      updatedAt: sql`now()`,
    })
    // A scalar sub-select runs once (an InitPlan): exactly one row is claimed. (`IN (…)` may be
    // planned as a join that runs the LIMIT 1 sub-select again for every row and claims many.)
    .where(and(eq(jobs.id, sql`(${candidate})`), eq(jobs.status, 'queued')))
    .returning();
  return row;
}

/** Runs the kind's cleanUp for a job that failed for good; never throws. */
async function cleanUpFailed(db: Database, row: Pick<JobRow, 'id' | 'kind' | 'payload'>, logger: JobLogger = silentLogger): Promise<void> {
  const cleanUp = handlers.get(row.kind)?.options.cleanUp;
  if (!cleanUp) return;
  try {
    await cleanUp(db, { id: row.id, kind: row.kind, payload: row.payload });
  } catch (error) {
    logger.error({ err: error, jobId: row.id, kind: row.kind }, 'job clean-up failed');
  }
}

/** The claim is still ours: id, lease and status all match. */
function held(row: JobRow) {
  return and(eq(jobs.id, row.id), row.leaseToken ? eq(jobs.leaseToken, row.leaseToken) : isNull(jobs.leaseToken), eq(jobs.status, 'running'));
}

/**
 * Runs one claimed job to its end: the handler, its heartbeat, and the final write (fenced by the
 * lease token, so that a runner that lost the job cannot overwrite what another runner did).
 */
async function executeJob(db: Database, clock: Clock, row: JobRow, options: RunOptions & { stop?: AbortSignal }): Promise<JobStatus | 'lost'> {
  const logger = options.logger ?? silentLogger;
  const staleAfterMs = options.staleAfterMs ?? 120_000;
  const controller = new AbortController();
  const onStop = () => controller.abort(new Error('the process is shutting down'));
  options.stop?.addEventListener('abort', onStop, { once: true });
  let lost = false;
  const renew = async (set: Partial<typeof jobs.$inferInsert> = {}) => {
    if (lost) throw new JobLeaseLostError(row.id);
    const updated = await db.update(jobs).set({ ...set, heartbeatAt: sql`now()`, updatedAt: sql`now()` }).where(held(row)).returning({ id: jobs.id });
    if (updated.length === 0) {
      lost = true;
      controller.abort(new JobLeaseLostError(row.id));
      throw new JobLeaseLostError(row.id);
    }
  };
  const heartbeat = setInterval(() => {
    renew().catch(() => undefined);
  }, Math.max(250, Math.floor(staleAfterMs / 4)));
  heartbeat.unref();
  try {
    const handler = handlers.get(row.kind);
    if (!handler) throw new AppError('JOB_KIND_UNKNOWN', { kind: row.kind });
    const payload = handler.options.parsePayload ? handler.options.parsePayload(row.payload, row.payloadVersion) : row.payload;
    const result = await handler.run({
      id: row.id,
      kind: row.kind,
      payload,
      payloadVersion: row.payloadVersion,
      attempt: row.attempts,
      organisationId: row.organisationId,
      organisationPath: row.organisationPath,
      createdBy: row.createdBy,
      db,
      context: systemContext(clock, `job:${row.kind}`),
      signal: controller.signal,
      progress: async (done, total) => {
        if (!Number.isInteger(done) || done < 0) throw new Error('progress: done must be a whole number ≥ 0');
        await renew(total === undefined ? { progressDone: done } : { progressDone: done, progressTotal: total });
      },
    });
    clearInterval(heartbeat);
    if (lost) return 'lost';
    const finished = await db
      .update(jobs)
      .set({
        status: 'succeeded',
        result: (result === undefined ? null : JSON.parse(JSON.stringify(result))) as unknown,
        progressDone: sql`coalesce(${jobs.progressTotal}, ${jobs.progressDone})`,
        leaseToken: null,
        finishedAt: sql`now()`,
        heartbeatAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(held(row))
      .returning({ id: jobs.id });
    return finished.length ? 'succeeded' : 'lost';
  } catch (error) {
    clearInterval(heartbeat);
    if (lost || error instanceof JobLeaseLostError) return 'lost';
    const jobError = toJobError(error);
    if (jobError.code === 'JOB_FAILED') logger.error({ err: error, jobId: row.id, kind: row.kind }, 'job failed');
    // Without the values of a failed query (src/platform/log-redaction.ts).
    const detail = describeErrorForLog(error);
    const failed = await db
      .update(jobs)
      .set({
        status: 'failed',
        error: jobError,
        errorDetail: detail.slice(0, 4000),
        leaseToken: null,
        finishedAt: sql`now()`,
        heartbeatAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(held(row))
      .returning({ id: jobs.id })
      .catch(() => []);
    if (failed.length) await cleanUpFailed(db, row, logger);
    return failed.length ? 'failed' : 'lost';
  } finally {
    clearInterval(heartbeat);
    options.stop?.removeEventListener('abort', onStop);
  }
}

/**
 * Jobs whose heartbeat is older than `staleAfterMs` were left by a process that died: queued again,
 * or, after their last allowed attempt, failed with JOB_ABANDONED (retryable by a user).
 */
export async function recoverStaleJobs(db: Database, options: { staleAfterMs?: number; logger?: JobLogger } = {}): Promise<{ requeued: string[]; failed: string[] }> {
  const staleAfterMs = options.staleAfterMs ?? 120_000;
  const cutoff = sql`now() - make_interval(secs => ${staleAfterMs / 1000})`;
  const lastSign = sql`coalesce(${jobs.heartbeatAt}, ${jobs.startedAt}, ${jobs.updatedAt})`;
  const stale = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.status, 'running'), lte(lastSign, cutoff)));
  const requeued: string[] = [];
  const failed: string[] = [];
  for (const row of stale) {
    const exhausted = row.attempts >= row.maxAttempts;
    const [updated] = await db
      .update(jobs)
      .set(
        exhausted
          ? {
              status: 'failed',
              error: catalogueError('JOB_ABANDONED', { attempts: row.attempts }),
              errorDetail: `heartbeat stale since ${row.heartbeatAt?.toISOString()} (runner ${row.runner})`,
              leaseToken: null,
              finishedAt: sql`now()`,
              updatedAt: sql`now()`,
            }
          : { status: 'queued', leaseToken: null, runner: null, runAfter: sql`now()`, updatedAt: sql`now()` },
      )
      // Fenced by the lease we saw, and by staleness again: a heartbeat since then keeps the job where it is.
      .where(and(held(row), lte(lastSign, cutoff)))
      .returning({ id: jobs.id });
    if (updated) (exhausted ? failed : requeued).push(row.id);
    if (updated && exhausted) await cleanUpFailed(db, row, options.logger);
  }
  return { requeued, failed };
}

/**
 * Runs queued jobs one after the other in this process until none is left (jobs queued meanwhile
 * included); for tests and commands that want the work done now. Returns the ids run.
 */
export async function runJobsOnce(db: Database, clock: Clock, options: RunOptions & { kinds?: string[] } = {}): Promise<string[]> {
  const ran: string[] = [];
  for (;;) {
    const row = await claimJob(db, options.kinds ?? registeredJobKinds(), options.runnerName ?? `${processName()}:once`);
    if (!row) return ran;
    await executeJob(db, clock, row, options);
    ran.push(row.id);
  }
}

export interface JobRunnerOptions extends RunOptions {
  concurrency?: number;
  pollMs?: number;
  /** On stop, how long running jobs may take to finish before they are handed back to the queue. */
  stopGraceMs?: number;
}

const runners = new Set<JobRunner>();

/** The runner of one process: claims queued jobs, runs up to `concurrency` at once, recovers stale ones. */
export class JobRunner {
  private readonly active = new Map<string, { row: JobRow; done: Promise<unknown> }>();
  /** Aborted when stop() begins: no more claims. */
  private readonly stopping = new AbortController();
  /** Aborted when the grace period is over: the jobs still running are told to stop. */
  private readonly shutdown = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private again = false;
  private lastRecovery = Number.NEGATIVE_INFINITY;
  private readonly name: string;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly options: JobRunnerOptions = {},
  ) {
    this.name = options.runnerName ?? `${processName()}:${randomUUID().slice(0, 8)}`;
  }

  get running(): number {
    return this.active.size;
  }

  start(): void {
    runners.add(this);
    this.wake();
  }

  /** Looks for work now (called when a job is queued or finishes in this process). */
  wake(): void {
    if (this.stopping.signal.aborted) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.ticking = this.tick().finally(() => {
      this.ticking = null;
      if (this.stopping.signal.aborted) return;
      if (this.again) {
        this.again = false;
        this.wake();
      } else {
        this.timer = setTimeout(() => this.wake(), this.options.pollMs ?? 1000);
        this.timer.unref();
      }
    });
  }

  private async tick(): Promise<void> {
    const logger = this.options.logger ?? silentLogger;
    const staleAfterMs = this.options.staleAfterMs ?? 120_000;
    try {
      // Real elapsed time (not the business clock): how long since this runner last looked.
      if (performance.now() - this.lastRecovery >= staleAfterMs / 2) {
        this.lastRecovery = performance.now();
        const recovered = await recoverStaleJobs(this.db, { staleAfterMs, logger });
        if (recovered.requeued.length || recovered.failed.length) logger.info(recovered, 'recovered jobs of a process that stopped');
      }
      while (this.active.size < (this.options.concurrency ?? 2) && !this.stopping.signal.aborted) {
        const row = await claimJob(this.db, registeredJobKinds(), this.name);
        if (!row) break;
        const done = executeJob(this.db, this.clock, row, { ...this.options, stop: this.shutdown.signal })
          .catch((error: unknown) => logger.error({ err: error, jobId: row.id }, 'job runner error'))
          .finally(() => {
            this.active.delete(row.id);
            this.wake();
          });
        this.active.set(row.id, { row, done });
      }
    } catch (error) {
      if (!this.stopping.signal.aborted) logger.error({ err: error }, 'job runner could not poll the queue');
    }
  }

  /**
   * Stops claiming, lets running jobs finish for up to `stopGraceMs`, then hands the rest back to
   * the queue (another process, or this one after a restart, runs them again) and aborts them.
   */
  async stop(): Promise<void> {
    if (this.stopping.signal.aborted) return;
    runners.delete(this);
    if (this.timer) clearTimeout(this.timer);
    const grace = this.options.stopGraceMs ?? 5000;
    const pendingTick = this.ticking;
    this.stopping.abort();
    await pendingTick;
    if (this.active.size) {
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all([...this.active.values()].map((entry) => entry.done)),
        new Promise((resolve) => {
          timeout = setTimeout(resolve, grace);
        }),
      ]);
      clearTimeout(timeout);
    }
    for (const { row } of this.active.values()) {
      await this.db
        .update(jobs)
        .set({ status: 'queued', leaseToken: null, runner: null, attempts: sql`greatest(${jobs.attempts} - 1, 0)`, updatedAt: sql`now()` })
        .where(held(row))
        .catch(() => undefined);
    }
    // Handed back first, aborted second: whatever the handlers write now is fenced out.
    this.shutdown.abort();
  }
}

/** Starts this process's runner with the configured limits; buildApp does it unless `config.jobs` is false. */
export function startJobRunner(db: Database, config: Pick<Config, 'jobConcurrency' | 'jobPollMs' | 'jobStaleSeconds' | 'jobMaxAttempts'>, logger: JobLogger | undefined, clock: Clock): JobRunner {
  defaultMaxAttempts = config.jobMaxAttempts;
  const runner = new JobRunner(db, clock, {
    concurrency: config.jobConcurrency,
    pollMs: config.jobPollMs,
    staleAfterMs: config.jobStaleSeconds * 1000,
    logger,
  });
  runner.start();
  return runner;
}

/** The default number of runs a job gets before a crash fails it for good (JOB_MAX_ATTEMPTS). */
export function configureJobs(config: Pick<Config, 'jobMaxAttempts'>): void {
  defaultMaxAttempts = config.jobMaxAttempts;
}
