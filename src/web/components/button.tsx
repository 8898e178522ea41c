import type { ComponentProps } from 'react';
import { cx } from '../lib/cx';

export type ButtonVariant = 'default' | 'primary' | 'ghost' | 'subtle';
export type ButtonSize = 'sm' | 'md' | 'icon';

export type ButtonProps = ComponentProps<'button'> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
};

export function Button({ variant = 'default', size = 'md', className, type = 'button', ...props }: ButtonProps) {
  return <button type={type} className={cx('btn', `btn--${variant}`, `btn--${size}`, className)} {...props} />;
}
