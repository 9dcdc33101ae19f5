// Issue 22, item 7: the audit chain notices deletions at its end and a full re-hash. Each entry
// carries an HMAC (`mac`) under a key kept outside the database (derived from the personal data key);
// signed checkpoints (count, head, time) kept outside the database show a shortened or rewritten
// chain. A chain written before the keyed chain still verifies, and is keyed once, audited.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { ensureAuditChainKeyed, GENESIS_HASH, hashEntry, verifyAuditChain } from '../../src/platform/audit.ts';
import { createTestApp, type TestApp, type TestClient } from '../support/test-app.ts';
import { buildProvince, buildUser } from '../support/factories.ts';

const opened: TestApp[] = [];
afterEach(async () => {
  for (const app of opened.splice(0)) await app.close();
});

async function installation(): Promise<{ t: TestApp; admin: TestClient }> {
  const t = await createTestApp({ jobs: false });
  opened.push(t);
  const admin = await t.admin();
  await buildProvince(admin);
  await buildProvince(admin, { name: '湖南省人力资源和社会保障厅', provinceCode: '43' });
  return { t, admin };
}

interface Row {
  seq: number;
  id: string;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  organisation_id: string | null;
  organisation_path: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  user_agent: string | null;
  hash: string;
  mac: string | null;
}

async function rows(db: Database): Promise<Row[]> {
  const result = (await db.execute(sql`select * from audit_log order by seq`)) as unknown as { rows: Row[] };
  return result.rows.map((row) => ({ ...row, seq: Number(row.seq), at: new Date(row.at) }));
}

/**
 * What someone with write access to the database but without the key can do: change entries and
 * recompute every SHA-256 link after them (the unkeyed chain verified such a chain as intact).
 * `mac`: keep the stored ones, strip them all (as if written before the keyed chain), or recompute
 * them under a key of their own.
 */
async function rehash(db: Database, mac: 'keep' | 'strip' | 'own-key', edit: (row: Row) => void = () => undefined): Promise<void> {
  let prevHash = GENESIS_HASH;
  let prevMac = '0'.repeat(64);
  for (const row of await rows(db)) {
    edit(row);
    const hash = hashEntry(prevHash, {
      id: row.id,
      at: row.at,
      actorId: row.actor_id,
      actorName: row.actor_name,
      organisationId: row.organisation_id,
      organisationPath: row.organisation_path,
      action: row.action,
      targetType: row.target_type,
      targetId: row.target_id,
      before: row.before,
      after: row.after,
      ip: row.ip,
      userAgent: row.user_agent,
    });
    const newMac = mac === 'keep' ? row.mac : mac === 'strip' ? null : createHash('sha256').update(`attacker\n${prevMac}\n${hash}`).digest('hex');
    await db.execute(
      sql`update audit_log set after = ${row.after === null ? null : JSON.stringify(row.after)}::jsonb, prev_hash = ${prevHash}, hash = ${hash}, mac = ${newMac} where seq = ${row.seq}`,
    );
    prevHash = hash;
    prevMac = newMac ?? prevMac;
  }
}

async function checkpoint(admin: TestClient) {
  const response = await admin.get('/api/v1/audit/checkpoint');
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-disposition']).toMatch(/^attachment; /);
  return response.json() as { count: number; seq: number; head: string; signature: string; publicKey: string; at: string };
}

async function verifyWith(admin: TestClient, ...checkpoints: object[]) {
  const response = await admin.post('/api/v1/audit/verify', { checkpoints: checkpoints.map((item) => JSON.stringify(item)).join('\n') });
  expect(response.statusCode).toBe(200);
  return response.json();
}

describe('deleted entries at the end of the chain', () => {
  it('go unnoticed by the chain alone, and are found with a kept checkpoint', async () => {
    const { t, admin } = await installation();
    const kept = await checkpoint(admin);
    expect(kept.count).toBeGreaterThan(4);
    expect(await verifyWith(admin, kept)).toMatchObject({ intact: true, checkpoints: [{ status: 'matched', count: kept.count }] });

    // The last three entries removed directly in the database.
    await t.handle.db.execute(sql`delete from audit_log where seq in (select seq from audit_log order by seq desc limit 3)`);
    const alone = (await admin.get('/api/v1/audit/verify')).json();
    expect(alone).toMatchObject({ intact: true, keyed: true });
    expect(alone.checked).toBe(kept.count - 3);

    const found = await verifyWith(admin, kept);
    expect(found.intact).toBe(false);
    expect(found.checkpoints).toEqual([{ at: kept.at, count: kept.count, seq: kept.seq, status: 'truncated' }]);
    expect(found.firstBroken.reason).toMatch(/entries at its end were deleted/);
    expect(found.firstBroken.reason).toMatch(/末尾的记录被删除/);
  });

  it('are found when new entries were written after the deletion to make up the count', async () => {
    const { t, admin } = await installation();
    const kept = await checkpoint(admin);
    await t.handle.db.execute(sql`delete from audit_log where seq in (select seq from audit_log order by seq desc limit 2)`);
    await buildProvince(admin, { name: '广东省人力资源和社会保障厅', provinceCode: '44' });
    await buildProvince(admin, { name: '广西壮族自治区人力资源和社会保障厅', provinceCode: '45' });
    expect((await admin.get('/api/v1/audit/verify')).json().intact).toBe(true);
    const found = await verifyWith(admin, kept);
    expect(found.intact).toBe(false);
    expect(found.checkpoints[0].status).toBe('rewritten');
  });
});

describe('a re-hashed chain', () => {
  it('is found by the keyed hashes when an edited entry and every hash after it were recomputed', async () => {
    const { t, admin } = await installation();
    const before = await rows(t.handle.db);
    const target = before.find((row) => row.action === 'organisation.created')!;
    await rehash(t.handle.db, 'keep', (row) => {
      if (row.seq === target.seq) row.after = { ...(row.after as object), name: '篡改后的名称' };
    });
    const result = (await admin.get('/api/v1/audit/verify')).json();
    expect(result.intact).toBe(false);
    expect(result.firstBroken).toMatchObject({ seq: target.seq, id: target.id });
    expect(result.firstBroken.reason).toMatch(/keyed hash does not match/);
  });

  it('is found when the keyed hashes were recomputed under another key', async () => {
    const { t, admin } = await installation();
    await rehash(t.handle.db, 'own-key');
    const result = (await admin.get('/api/v1/audit/verify')).json();
    expect(result.intact).toBe(false);
    expect(result.firstBroken.seq).toBe((await rows(t.handle.db))[0].seq);
  });

  it('is found with a checkpoint when the keyed hashes were stripped to pass as a chain from before the keyed chain', async () => {
    const { t, admin } = await installation();
    const kept = await checkpoint(admin);
    await rehash(t.handle.db, 'strip', (row) => {
      if (row.action === 'organisation.created') row.after = { ...(row.after as object), name: '篡改' };
    });
    // Alone, such a chain looks like one an earlier release wrote (checked by its SHA-256 links, and reported unkeyed).
    expect((await admin.get('/api/v1/audit/verify')).json()).toMatchObject({ intact: true, keyed: false });
    const found = await verifyWith(admin, kept);
    expect(found.intact).toBe(false);
    expect(found.checkpoints[0].status).toBe('rewritten');
  });
});

describe('checkpoints', () => {
  it('refuses one that was altered or signed by another installation, and a checkpoint of a broken chain', async () => {
    const { t, admin } = await installation();
    const kept = await checkpoint(admin);
    const altered = await verifyWith(admin, { ...kept, count: kept.count - 1 });
    expect(altered.intact).toBe(false);
    expect(altered.rejectedCheckpoints).toEqual([{ at: kept.at, count: kept.count - 1, seq: kept.seq, signature: 'invalid' }]);
    const foreign = await verifyWith(admin, { ...kept, publicKey: Buffer.alloc(44, 1).toString('base64') });
    expect(foreign.rejectedCheckpoints[0].signature).toBe('foreign-key');
    const garbage = await admin.post('/api/v1/audit/verify', { checkpoints: 'not a checkpoint' });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json().code).toBe('AUDIT_CHECKPOINT_INVALID');
    expect(garbage.json().messages['zh-CN']).toMatch(/^检查点文件无法读取：第 1 行不是 JSON/);

    await t.handle.db.execute(sql`update audit_log set action = 'calendar.tampered' where seq = (select min(seq) from audit_log)`);
    const refused = await admin.get('/api/v1/audit/checkpoint');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('AUDIT_CHAIN_BROKEN');
  });

  it('are made and checked by the system administrator only', async () => {
    const { t, admin } = await installation();
    const user = await buildUser(admin, admin.me.organisation.id, ['ministry-admin']);
    const ministryAdmin = await t.login(user.username, user.password);
    expect((await ministryAdmin.get('/api/v1/audit/verify')).statusCode).toBe(200);
    expect((await ministryAdmin.get('/api/v1/audit/checkpoint')).statusCode).toBe(403);
    expect((await ministryAdmin.post('/api/v1/audit/verify', { checkpoints: '{}' })).statusCode).toBe(403);
  });
});

describe('a chain written before the keyed chain', () => {
  it('still verifies, and is keyed once at start-up with an audit entry saying how many entries', async () => {
    const { t, admin } = await installation();
    await t.handle.db.execute(sql`update audit_log set mac = null`);
    const count = (await rows(t.handle.db)).length;
    expect((await admin.get('/api/v1/audit/verify')).json()).toMatchObject({ intact: true, keyed: false, checked: count });
    // A checkpoint of an unkeyed chain would not protect anything: refused until it is keyed.
    expect((await admin.get('/api/v1/audit/checkpoint')).json().code).toBe('AUDIT_CHAIN_NOT_KEYED');

    expect(await ensureAuditChainKeyed(t.handle.db, t.clock)).toBe(count);
    const all = await rows(t.handle.db);
    expect(all.every((row) => row.mac !== null)).toBe(true);
    const last = all[all.length - 1];
    expect(last.action).toBe('audit.chain-keyed');
    expect(last.after).toMatchObject({ entries: count, hashChainIntact: true, firstBroken: null });
    expect((await admin.get('/api/v1/audit/verify')).json()).toMatchObject({ intact: true, keyed: true, checked: count + 1 });
    expect(await ensureAuditChainKeyed(t.handle.db, t.clock)).toBe(0);
  });

  it('is keyed by the first entry written after the upgrade when no start-up did it', async () => {
    const { t, admin } = await installation();
    await t.handle.db.execute(sql`update audit_log set mac = null`);
    await buildProvince(admin, { name: '四川省人力资源和社会保障厅', provinceCode: '51' });
    const actions = (await rows(t.handle.db)).map((row) => row.action);
    expect(actions.slice(-2)).toEqual(['audit.chain-keyed', 'organisation.created']);
    expect(await verifyAuditChain(t.handle.db)).toMatchObject({ intact: true, keyed: true });
  });
});

