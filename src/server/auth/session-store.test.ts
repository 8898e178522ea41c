import { describe, expect, it } from 'vitest';
import { SessionStore } from './session-store';

const ALICE = { id: 'alice', name: 'Alice' };

function storeAt(start = 1_000_000) {
  const clock = { now: start };
  return { clock, store: new SessionStore({ idleMs: 30 * 60_000, maxMs: 12 * 3_600_000 }, () => clock.now) };
}

describe('SessionStore', () => {
  it('creates a random 256-bit ID per session and finds the session by it', () => {
    const { store } = storeAt();
    const first = store.create(ALICE, 'password');
    const second = store.create(ALICE, 'password');
    expect(first.id).toMatch(/^[\w-]{43}$/);
    expect(Buffer.from(first.id, 'base64url')).toHaveLength(32);
    expect(second.id).not.toBe(first.id);
    expect(store.get(first.id)?.user).toEqual(ALICE);
    expect(store.get(`${first.id}x`)).toBeNull();
  });

  it('ends a session after the idle time unless it is used', () => {
    const { clock, store } = storeAt();
    const { id } = store.create(ALICE, 'oidc');
    clock.now += 29 * 60_000;
    const session = store.get(id);
    if (session === null) throw new Error('expected a live session');
    store.touch(session);
    clock.now += 29 * 60_000;
    expect(store.get(id)).not.toBeNull();
    clock.now += 60_000;
    expect(store.get(id)).toBeNull();
    expect(store.size).toBe(0);
  });

  it('ends a session at its absolute expiry however much it is used', () => {
    const { clock, store } = storeAt();
    const { id, session } = store.create(ALICE, 'oidc');
    expect(store.absoluteExpiresAt(session) - clock.now).toBe(12 * 3_600_000);
    for (let minute = 0; minute < 12 * 60 - 10; minute += 10) {
      clock.now += 10 * 60_000;
      const live = store.get(id);
      if (live === null) throw new Error(`ended early, at minute ${minute}`);
      store.touch(live);
    }
    expect(store.expiresAt(session)).toBe(store.absoluteExpiresAt(session));
    clock.now += 10 * 60_000;
    expect(store.get(id)).toBeNull();
  });

  it('deletes on sign-out and sweeps expired sessions', () => {
    const { clock, store } = storeAt();
    const signedOut = store.create(ALICE, 'password');
    store.create(ALICE, 'password');
    store.delete(signedOut.id);
    expect(store.get(signedOut.id)).toBeNull();
    expect(store.size).toBe(1);
    clock.now += 31 * 60_000;
    store.sweep();
    expect(store.size).toBe(0);
  });
});
