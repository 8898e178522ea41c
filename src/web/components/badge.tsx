import type { ComponentProps } from 'react';
import { cx } from '../lib/cx';

export type BadgeTone = 'neutral' | 'accent' | 'warning' | 'danger' | 'success' | 'sandbox';

export function Badge({ tone = 'neutral', className, ...props }: ComponentProps<'span'> & { tone?: BadgeTone }) {
  return <span className={cx('badge', `badge--${tone}`, className)} {...props} />;
}
