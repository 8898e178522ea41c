/**
 * The console API's routes as registered (collected from Fastify's onRoute hook), matched against a
 * concrete path to tell "this path exists, but not for that method" (405 with `Allow`) from "nothing
 * lives here" (404). Fastify itself answers a wrong method with a 404, and knows only nine methods;
 * matching here covers every method Node's HTTP parser accepts, alike.
 */
export class RouteTable {
  readonly #routes: { segments: readonly string[]; methods: Set<string> }[] = [];

  add(url: string, methods: readonly string[]): void {
    const segments = url.split('/');
    let route = this.#routes.find((candidate) => candidate.segments.join('/') === segments.join('/'));
    if (route === undefined) {
      route = { segments, methods: new Set() };
      this.#routes.push(route);
    }
    for (const method of methods) route.methods.add(method.toUpperCase());
  }

  /**
   * The methods the route serving `path` allows, or null when no route has that shape. A static
   * segment wins over a parameter, as in Fastify's router: `/api/account-groups/refresh` is the
   * refresh route, not an account group whose ID is "refresh".
   */
  allowedMethods(path: string): string[] | null {
    const segments = decodeSegments(path);
    if (segments === null) return null;
    let best: { staticCount: number; methods: Set<string> } | null = null;
    for (const route of this.#routes) {
      const staticCount = matchScore(route.segments, segments);
      if (staticCount === null) continue;
      if (best === null || staticCount > best.staticCount) best = { staticCount, methods: route.methods };
    }
    return best === null ? null : [...best.methods].sort();
  }
}

/** Number of static segments matched, or null when the pattern does not match. */
function matchScore(pattern: readonly string[], segments: readonly string[]): number | null {
  if (pattern.length !== segments.length) return null;
  let staticCount = 0;
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index] ?? '';
    // A parameter matches any segment, the empty one included, as in Fastify's router.
    if (part.startsWith(':')) continue;
    if (part === segment) {
      staticCount += 1;
    } else {
      return null;
    }
  }
  return staticCount;
}

function decodeSegments(path: string): string[] | null {
  try {
    return path.split('/').map((segment) => decodeURIComponent(segment));
  } catch {
    return null;
  }
}
