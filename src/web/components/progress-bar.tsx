import { cx } from '../lib/cx';

/** A thin bar: indeterminate while something loads, or the share done when `value` is given. */
export function ProgressBar({ label, value, max, className }: { label: string; value?: number; max?: number; className?: string }) {
  const determinate = value !== undefined && max !== undefined && max > 0;
  const share = determinate ? Math.min(100, (value / max) * 100) : 0;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={determinate ? 0 : undefined}
      aria-valuemax={determinate ? max : undefined}
      aria-valuenow={determinate ? value : undefined}
      className={cx('progress', !determinate && 'progress--indeterminate', className)}
    >
      <span className="progress__bar" style={determinate ? { width: `${share}%` } : undefined} />
    </div>
  );
}
