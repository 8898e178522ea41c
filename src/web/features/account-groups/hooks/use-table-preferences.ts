import { useCallback, useState } from 'react';
import { z } from 'zod/mini';
import { readStored, writeStored } from '../../../lib/local-storage';

/** Column visibility and row density, remembered per browser. */

export const DENSITIES = ['comfortable', 'compact'] as const;
export type Density = (typeof DENSITIES)[number];

const preferencesSchema = z.object({
  columnVisibility: z.record(z.string(), z.boolean()),
  density: z.enum(DENSITIES),
});
export type TablePreferences = z.infer<typeof preferencesSchema>;

export const TABLE_PREFERENCES_KEY = 'agc-table-preferences';
export const DEFAULT_TABLE_PREFERENCES: TablePreferences = { columnVisibility: {}, density: 'comfortable' };

export function useTablePreferences() {
  const [preferences, setPreferences] = useState<TablePreferences>(
    () => readStored(TABLE_PREFERENCES_KEY, preferencesSchema) ?? DEFAULT_TABLE_PREFERENCES,
  );

  const update = useCallback(
    (change: Partial<TablePreferences>) => {
      const next = { ...preferences, ...change };
      writeStored(TABLE_PREFERENCES_KEY, next);
      setPreferences(next);
    },
    [preferences],
  );

  return { preferences, update };
}
