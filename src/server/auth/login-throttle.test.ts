import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle';

function throttleAt(start = 1_000_000) {
  const clock = { now: start };
  return { clock, throttle: new LoginThrottle(() => clock.now) };
}

describe('LoginThrottle', () => {
  it('lets five failures through, then asks for 1 s, 2 s, 4 s … capped at 30 s after the last failure', () => {
    const { clock, throttle } = throttleAt();
    for (let attempt = 0; attempt < 5; attempt += 1) expect(throttle.tryAttempt('ann', 'a1').allowed).toBe(true);
    const waits: number[] = [];
    for (let round = 0; round < 8; round += 1) {
      const refused = throttle.tryAttempt('ann', 'a1');
      if (refused.allowed) throw new Error('expected a wait');
      waits.push(refused.retryAfterMs);
      clock.now += refused.retryAfterMs - 1;
      expect(throttle.tryAttempt('ann', 'a1').allowed).toBe(false); // one millisecond early
      clock.now += 1;
      expect(throttle.tryAttempt('ann', 'a1').allowed).toBe(true);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('counts an attempt before its outcome, so a burst of parallel guesses is cut off at the limit', () => {
    const { throttle } = throttleAt();
    const burst = Array.from({ length: 50 }, () => throttle.tryAttempt('ann', 'a1').allowed);
    expect(burst.filter(Boolean)).toHaveLength(5);
  });

  it('starts a username over after a success, and gives the address its attempt back', () => {
    const { throttle } = throttleAt();
    for (let attempt = 0; attempt < 4; attempt += 1) throttle.tryAttempt('ann', 'a1');
    throttle.tryAttempt('ann', 'a1');
    throttle.succeeded('ann', 'a1');
    for (let attempt = 0; attempt < 5; attempt += 1) expect(throttle.tryAttempt('ann', 'a1').allowed).toBe(true);
  });

  it('slows down an address trying many usernames after twenty failures', () => {
    const { throttle } = throttleAt();
    for (let user = 0; user < 20; user += 1) expect(throttle.tryAttempt(`user${user}`, 'a1').allowed).toBe(true);
    expect(throttle.tryAttempt('fresh', 'a1').allowed).toBe(false);
    expect(throttle.tryAttempt('fresh', 'a2').allowed).toBe(true);
  });

  it('counts an IPv6 client by its /64, so a new address for every guess buys nothing', () => {
    const { throttle } = throttleAt();
    for (let user = 0; user < 20; user += 1) {
      expect(throttle.tryAttempt(`user${user}`, `2001:db8:1:2::${(user + 1).toString(16)}`).allowed).toBe(true);
    }
    expect(throttle.tryAttempt('fresh', '2001:db8:1:2:dead:beef:0:1').allowed).toBe(false);
    expect(throttle.tryAttempt('fresh', '2001:db8:1:3::1').allowed).toBe(true); // another /64: another client
  });

  it('counts an IPv4-mapped IPv6 address as the IPv4 address it is', () => {
    const { throttle } = throttleAt();
    for (let user = 0; user < 20; user += 1) throttle.tryAttempt(`user${user}`, '::ffff:192.0.2.7');
    expect(throttle.tryAttempt('fresh', '192.0.2.7').allowed).toBe(false);
  });

  it('forgets failures after a quiet quarter of an hour', () => {
    const { clock, throttle } = throttleAt();
    for (let attempt = 0; attempt < 5; attempt += 1) throttle.tryAttempt('ann', 'a1');
    expect(throttle.tryAttempt('ann', 'a1').allowed).toBe(false);
    clock.now += 15 * 60_000 + 1;
    throttle.sweep();
    for (let attempt = 0; attempt < 5; attempt += 1) expect(throttle.tryAttempt('ann', 'a1').allowed).toBe(true);
  });
});
