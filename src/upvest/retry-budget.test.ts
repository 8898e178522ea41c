import { describe, expect, it } from 'vitest';
import { RetryBudget } from './retry-budget';

describe('RetryBudget', () => {
  it('starts full, then refuses re-sends once its saved-up capacity is spent', () => {
    const budget = new RetryBudget({ capacity: 3, ratio: 0, minPerSecond: 0, now: () => 0 });
    expect([budget.tryWithdraw(), budget.tryWithdraw(), budget.tryWithdraw(), budget.tryWithdraw()]).toEqual([true, true, true, false]);
    expect(budget.denied).toBe(1);
  });

  it('earns ratio of a re-send per call, so re-sends stay a share of the calls', () => {
    const budget = new RetryBudget({ capacity: 0, ratio: 0.2, minPerSecond: 0, now: () => 0 });
    let allowed = 0;
    for (let call = 0; call < 1000; call++) {
      budget.deposit();
      if (budget.tryWithdraw()) allowed += 1;
    }
    // capacity 0 caps the balance too: nothing is ever saved, so nothing is spent.
    expect(allowed).toBe(0);

    const roomy = new RetryBudget({ capacity: 10, ratio: 0.2, minPerSecond: 0, now: () => 0 });
    while (roomy.tryWithdraw());
    let earned = 0;
    for (let call = 0; call < 1000; call++) {
      roomy.deposit();
      if (roomy.tryWithdraw()) earned += 1;
    }
    expect(earned).toBe(200);
  });

  it('earns minPerSecond re-sends with time alone, up to its capacity', () => {
    let now = 0;
    const budget = new RetryBudget({ capacity: 5, ratio: 0, minPerSecond: 2, now: () => now });
    while (budget.tryWithdraw());
    now += 1000;
    expect([budget.tryWithdraw(), budget.tryWithdraw(), budget.tryWithdraw()]).toEqual([true, true, false]);
    now += 60_000;
    let saved = 0;
    while (budget.tryWithdraw()) saved += 1;
    expect(saved).toBe(5);
  });

  it('refuses settings that make no sense', () => {
    expect(() => new RetryBudget({ ratio: -1 })).toThrow(RangeError);
    expect(() => new RetryBudget({ capacity: Number.NaN })).toThrow(RangeError);
  });
});
