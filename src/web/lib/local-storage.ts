import type { z } from 'zod/mini';

/**
 * localStorage that never throws: storage can be disabled, full or hold a value written by another
 * version of the console. A value that does not parse is treated as absent.
 */

export function readStored<T>(key: string, schema: z.ZodMiniType<T>): T | null {
  try {
    const raw = window.localStorage.getItem(key);
    if (raw === null) return null;
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeStored(key: string, value: unknown): void {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage unavailable (private mode, quota): the preference simply is not remembered.
  }
}
