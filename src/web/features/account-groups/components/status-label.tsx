import { describeStatus } from '../../../../domain/account-group';
import { StatusIcon } from '../../../components/status-icon';
import { Tooltip } from '../../../components/tooltip';

/**
 * Icon and label of a status; its meaning in a tooltip on hover and keyboard focus, so the label is
 * focusable (a tab stop of its own, or -1 in the table's rows, where the grid moves focus to it).
 */
export function StatusLabel({ status, tabIndex = 0 }: { status: string; tabIndex?: number }) {
  const { label, description } = describeStatus(status);
  return (
    <Tooltip content={description}>
      <span className="status-label" tabIndex={tabIndex}>
        <StatusIcon status={status} />
        <span>{label}</span>
      </span>
    </Tooltip>
  );
}
