import { isIPv4, isIPv6 } from 'node:net';

/**
 * The key per-address limits (the API rate limit, the sign-in slow-down) count a client under.
 *
 * An IPv6 client is usually given a whole /64 and can pick a fresh address in it for every request, so
 * IPv6 addresses count by their /64 prefix (`2001:db8:1:2::/64`). An IPv4-mapped IPv6 address
 * (`::ffff:192.0.2.7`, what a dual-stack socket reports for an IPv4 client) counts as that IPv4 address.
 * IPv4 addresses, and anything that is not an IP address, count as they are.
 */
export function clientAddressKey(address: string): string {
  // A zone (`fe80::1%eth0`) names the interface, not the client.
  const ip = address.split('%', 1)[0] ?? address;
  if (!isIPv6(ip)) return address;
  const groups = ipv6Groups(ip);
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    const high = groups[6] ?? 0;
    const low = groups[7] ?? 0;
    return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted IPv4 tail converted). */
function ipv6Groups(ip: string): number[] {
  let text = ip.toLowerCase();
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (isIPv4(tail)) {
    const [a = 0, b = 0, c = 0, d = 0] = tail.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16)));
  const before = parse(head);
  const after = rest === undefined ? [] : parse(rest);
  return [...before, ...Array.from({ length: 8 - before.length - after.length }, () => 0), ...after];
}
