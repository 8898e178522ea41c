import { CircleCheck, CircleDashed, CircleQuestionMark, CircleSlash, Lock, TimerReset, type LucideIcon } from 'lucide-react';
import type { AccountGroupStatus } from '../../domain/account-group';
import { isKnownStatus } from '../../domain/account-group';

/**
 * A distinct shape per status, so status never depends on colour alone (colour only reinforces it).
 * Unknown statuses from a newer Upvest version get a question mark.
 */
const ICONS: Readonly<Record<AccountGroupStatus, LucideIcon>> = {
  ACTIVE: CircleCheck,
  PENDING_APPROVAL: CircleDashed,
  LOCKED: Lock,
  CLOSING: TimerReset,
  CLOSED: CircleSlash,
};

export function statusTone(status: string): string {
  return isKnownStatus(status) ? status.toLowerCase().replace('_approval', '') : 'unknown';
}

export function StatusIcon({ status, size = 14 }: { status: string; size?: number }) {
  const Icon = isKnownStatus(status) ? ICONS[status] : CircleQuestionMark;
  return <Icon aria-hidden size={size} className={`status-icon status-icon--${statusTone(status)}`} />;
}
