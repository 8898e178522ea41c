import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The boundaries of DESIGN.md are lint rules; these tests prove the rules fire on a breach,
// so that a config change cannot silently switch them off. The probe files do not exist, so
// type-aware rules (which need the file in a tsconfig) are switched off for them.
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: [
    tseslint.configs.disableTypeChecked,
    { languageOptions: { parserOptions: { projectService: false, project: null } } },
  ],
});

async function restrictedImportMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

describe('architecture boundaries', () => {
  it.each([
    ['../../server/config', 'server'],
    ['../../../upvest/sign-request', 'upvest'],
    ['../../sandbox/sandbox', 'sandbox'],
  ])('forbids src/web from importing %s', async (specifier) => {
    const messages = await restrictedImportMessages(
      'src/web/features/account-groups/boundary-probe.ts',
      `import { x } from '${specifier}';\nexport const y = x;\n`,
    );
    expect(messages.join('\n')).toMatch(/src\/web must not import/);
  });

  it('forbids src/web from importing Node built-ins', async () => {
    const messages = await restrictedImportMessages(
      'src/web/lib/boundary-probe.ts',
      `import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n`,
    );
    expect(messages.join('\n')).toMatch(/no Node built-ins/);
  });

  it('lets src/web import the domain', async () => {
    const messages = await restrictedImportMessages(
      'src/web/lib/boundary-probe.ts',
      `import { ACCOUNT_GROUP_STATUSES } from '../../domain/account-group';\nexport const y = ACCOUNT_GROUP_STATUSES;\n`,
    );
    expect(messages).toEqual([]);
  });

  it('forbids src/sandbox from importing the Upvest client', async () => {
    const messages = await restrictedImportMessages(
      'src/sandbox/boundary-probe.ts',
      `import { x } from '../upvest/sign-request';\nexport const y = x;\n`,
    );
    expect(messages.join('\n')).toMatch(/src\/sandbox must not import the Upvest client/);
  });

  it('lets src/server import the Upvest client and the sandbox', async () => {
    const messages = await restrictedImportMessages(
      'src/server/boundary-probe.ts',
      `import { x } from '../upvest/sign-request';\nimport { z } from '../sandbox/sandbox';\nexport const y = [x, z];\n`,
    );
    expect(messages).toEqual([]);
  });

  it('forbids src/upvest from importing anything but the domain', async () => {
    const messages = await restrictedImportMessages(
      'src/upvest/boundary-probe.ts',
      `import { x } from '../server/config';\nimport { a } from '../domain/account-group';\nexport const y = [x, a];\n`,
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/src\/upvest may import only src\/domain/);
  });

  it.each([
    ['src/web/features/account-groups/boundary-probe.ts', '../../../server/config', /src\/web must not import/],
    ['src/web/lib/boundary-probe.ts', 'node:fs', /no Node built-ins/],
    ['src/sandbox/boundary-probe.ts', '../upvest/sign-request', /src\/sandbox must not import the Upvest client/],
    ['src/sandbox/boundary-probe.test.ts', '../upvest/sign-request', /src\/sandbox must not import the Upvest client/],
    ['src/upvest/boundary-probe.ts', '../server/config', /src\/upvest may import only src\/domain/],
    ['src/domain/boundary-probe.ts', '../web/lib/format', /src\/domain imports nothing of ours/],
  ])('forbids in %s the dynamic import of %s too', async (filePath, specifier, message) => {
    const messages = await restrictedImportMessages(filePath, `export const load = () => import('${specifier}');\n`);
    expect(messages.join('\n')).toMatch(message);
  });

  it('lets src/web load its own chunks and the domain dynamically', async () => {
    const messages = await restrictedImportMessages(
      'src/web/app/boundary-probe.ts',
      `export const a = () => import('../features/account-groups/components/detail/account-group-drawer');\nexport const b = () => import('../../domain/account-group');\n`,
    );
    expect(messages).toEqual([]);
  });

  it('forbids src/domain from importing other parts', async () => {
    const messages = await restrictedImportMessages(
      'src/domain/boundary-probe.ts',
      `import { x } from '../upvest/upvest-client';\nexport const y = x;\n`,
    );
    expect(messages.join('\n')).toMatch(/src\/domain imports nothing of ours/);
  });
});
