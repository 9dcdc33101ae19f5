import { isValidCreditCode, creditCodeCheckCharacter } from '../../src/domain/credit-code.ts';
import { TestClient } from './test-app.ts';

let sequence = 0;

/** A valid unified social credit code, different on every call. */
export function buildCreditCode(): string {
  sequence += 1;
  const body = `91230100${String(100000000 + sequence * 7919 + Math.floor(Math.random() * 1000)).slice(-9)}`;
  const code = body + creditCodeCheckCharacter(body);
  if (!isValidCreditCode(code)) throw new Error(`factory made an invalid credit code ${code}`);
  return code;
}

async function created(response: { statusCode: number; body: string; json(): unknown }) {
  if (response.statusCode !== 201) throw new Error(`expected 201, got ${response.statusCode}: ${response.body}`);
  return response.json() as { id: string; [key: string]: unknown };
}

export async function buildProvince(client: TestClient, overrides: Record<string, unknown> = {}) {
  return created(
    await client.post('/api/v1/organisations', {
      parentId: client.me.organisation.id,
      kind: 'department',
      name: '黑龙江省人力资源和社会保障厅',
      departmentType: 'provincial',
      provinceCode: '23',
      ...overrides,
    }),
  );
}

export async function buildEnterprise(client: TestClient, parentId: string, overrides: Record<string, unknown> = {}) {
  return created(
    await client.post('/api/v1/organisations', {
      parentId,
      kind: 'enterprise',
      name: `哈尔滨电机厂有限责任公司${++sequence}`,
      creditCode: buildCreditCode(),
      filing: { filed: true, level: 'provincial', authority: '黑龙江省人力资源和社会保障厅', number: `HLJ-${sequence}` },
      institution: { category: 'Y', institutionCode: '0000', provinceCode: '23', siteCode: String(sequence).padStart(6, '0') },
      ...overrides,
    }),
  );
}

/**
 * A user opened by `client` (an administrator) with a one-time password, who has logged in once and
 * chosen `password` (default `Password-2021-ok`), as every account must before it is used.
 */
export async function buildUser(client: TestClient, organisationId: string, roles: string[], overrides: Record<string, unknown> = {}) {
  const username = (overrides.username as string) ?? `user${++sequence}${Math.floor(Math.random() * 1e6)}`;
  const { password: chosen, ...fields } = overrides;
  const password = (chosen as string | undefined) ?? 'Password-2021-ok';
  const response = await client.post('/api/v1/users', { organisationId, username, displayName: '测试用户', roles, ...fields });
  if (response.statusCode !== 201) throw new Error(`user: ${response.statusCode} ${response.body}`);
  const { user, initialPassword } = response.json() as { user: { id: string }; initialPassword: string };
  await TestClient.firstLogIn(client.app, username, initialPassword, password);
  return { ...user, mustChangePassword: false, username, password };
}
