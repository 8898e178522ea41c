import { describeStatus } from '../../../../domain/account-group';
import { StatusIcon } from '../../../components/status-icon';
import { Tooltip } from '../../../components/tooltip';

/** Icon and label of a status; its meaning in a tooltip on hover and keyboard focus. */
export function StatusLabel({ status }: { status: string }) {
  const { label, description } = describeStatus(status);
  return (
    <Tooltip content={description}>
      <span className="status-label" tabIndex={0}>
        <StatusIcon status={status} />
        <span>{label}</span>
      </span>
    </Tooltip>
  );
}
