import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from './config';

// The README's settings table is the operator's reference: it must list exactly what config.ts reads.
describe('README settings table', () => {
  it('matches the settings the console reads, with their defaults', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = /<!-- settings-table:start -->\n([\s\S]*?)<!-- settings-table:end -->/.exec(readme)?.[1];
    const expected = [
      '| Setting | Default | Meaning |',
      '|---|---|---|',
      ...SETTINGS.map(([name, fallback, meaning]) => {
        const shown = fallback === '' || fallback.startsWith('(') ? fallback : `\`${fallback}\``;
        return `| \`${name}\` | ${shown} | ${meaning} |`;
      }),
      '',
    ].join('\n');
    expect(table).toBe(expected);
  });
});
