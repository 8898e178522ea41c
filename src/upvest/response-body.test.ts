import { describe, expect, it } from 'vitest';
import { accountGroupSchema, upvestAccountGroupListSchema } from '../domain/account-group';
import { parseJsonBody } from './response-body';

const body = (text: string): Buffer => Buffer.from(text);

describe('parseJsonBody', () => {
  it('returns the parsed data', () => {
    const group = { id: 'g', created_at: 'c', updated_at: 'u', users: [], status: 'ACTIVE', type: 'ISA', securities_account_number: '1' };
    expect(parseJsonBody(body(JSON.stringify(group)), accountGroupSchema)).toEqual({ ok: true, data: group });
  });

  it.each([
    ['', 'the body is empty'],
    ['{"id": "secret-ish', 'the body is not valid JSON'],
    ['{"meta": {"offset": 0, "limit": 1, "count": 1, "total_count": "1"}, "data": []}', 'unexpected shape at meta.total_count (invalid_type)'],
    ['{"meta": {"offset": 0, "limit": 1, "count": 1, "total_count": 1}, "data": [{"id": 7}]}', 'unexpected shape at data[0].id (invalid_type)'],
    ['[]', 'unexpected shape at (root) (invalid_type)'],
  ])('explains %j without quoting it', (text, reason) => {
    expect(parseJsonBody(body(text), upvestAccountGroupListSchema)).toEqual({ ok: false, reason });
  });
});
