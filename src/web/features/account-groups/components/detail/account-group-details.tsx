import { ExternalLink } from 'lucide-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { describeStatus, describeType, describeUserType, type AccountGroup } from '../../../../../domain/account-group';
import { CopyButton } from '../../../../components/copy-button';
import { RelativeTime } from '../../../../components/relative-time';
import { StatusIcon } from '../../../../components/status-icon';
import { formatLocal, formatUtc } from '../../../../lib/format';
import { DEFAULT_LIST_VIEW, LIST_PATH, listViewSearch, type ListView } from '../../lib/list-view';

const KNOWN_FIELDS = new Set(['id', 'created_at', 'updated_at', 'users', 'status', 'type', 'securities_account_number']);

/** Fields Upvest sent that this console version does not know: shown as they are, never dropped. */
export function extraFieldsOf(group: AccountGroup): Array<[string, unknown]> {
  return Object.entries(group).filter(([key]) => !KNOWN_FIELDS.has(key));
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="field">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Timestamp({ iso }: { iso: string }) {
  return (
    <span className="timestamp">
      <span className="tabular">{formatUtc(iso)}</span>
      <span className="muted tabular">
        {formatLocal(iso)} · <RelativeTime iso={iso} />
      </span>
    </span>
  );
}

function formatExtra(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2);
}

/** The list filtered by a user's ID, in the current sort and page size. */
function userGroupsHref(userId: string, view: ListView): string {
  return `${LIST_PATH}${listViewSearch({ ...DEFAULT_LIST_VIEW, sort: view.sort, order: view.order, size: view.size, q: userId })}`;
}

export function AccountGroupDetails({ group, view }: { group: AccountGroup; view: ListView }) {
  const status = describeStatus(group.status);
  const type = describeType(group.type);
  const extras = extraFieldsOf(group);

  return (
    <div className="details">
      <section aria-labelledby="detail-status" className="details__section details__status">
        <h3 id="detail-status" className="details__heading">
          Status
        </h3>
        <p className="status-line">
          <StatusIcon status={group.status} size={16} />
          <strong>{status.label}</strong>
          <code className="muted">{group.status}</code>
        </p>
        <p className="muted">{status.description}</p>
      </section>

      <section aria-labelledby="detail-fields" className="details__section">
        <h3 id="detail-fields" className="details__heading">
          Details
        </h3>
        <dl className="fields">
          <Field label="ID">
            <span className="cell-inline">
              <code className="break">{group.id}</code>
              <CopyButton value={group.id} label="account group ID" />
            </span>
          </Field>
          <Field label="Securities account number">
            <span className="cell-inline">
              <code>{group.securities_account_number}</code>
              <CopyButton value={group.securities_account_number} label="securities account number" />
            </span>
          </Field>
          <Field label="Type">
            <span>
              {type.label} <code className="muted">{group.type}</code>
            </span>
            <span className="muted field__note">{type.description}</span>
          </Field>
          <Field label="Created">
            <Timestamp iso={group.created_at} />
          </Field>
          <Field label="Updated">
            <Timestamp iso={group.updated_at} />
          </Field>
        </dl>
      </section>

      <section aria-labelledby="detail-users" className="details__section">
        <h3 id="detail-users" className="details__heading">
          Users <span className="muted tabular">{group.users.length}</span>
        </h3>
        {group.users.length === 0 ? (
          <p className="muted">No users.</p>
        ) : (
          <ul className="users">
            {group.users.map((user, index) => {
              const userType = describeUserType(user.type);
              return (
                <li key={`${user.id}-${index}`} className="user">
                  <span className="cell-inline">
                    <code className="break">{user.id}</code>
                    <CopyButton value={user.id} label={`${userType.label.toLowerCase()} user ID`} />
                  </span>
                  <span className="user__type">
                    <strong>{userType.label}</strong> <span className="muted">{userType.description}</span>
                  </span>
                  <Link className="user__link" to={userGroupsHref(user.id, view)}>
                    <ExternalLink aria-hidden size={12} />
                    {user.type === 'OWNER' ? 'Other groups of this owner' : 'Groups of this user'}
                    {' '}
                    <span className="sr-only">({user.id})</span>
                  </Link>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      {extras.length > 0 && (
        <section aria-labelledby="detail-extra" className="details__section">
          <h3 id="detail-extra" className="details__heading">
            Other fields
          </h3>
          <p className="muted field__note">Sent by Upvest but not known to this console version.</p>
          <dl className="fields">
            {extras.map(([key, value]) => (
              <Field key={key} label={key}>
                <pre className="extra-value">{formatExtra(value)}</pre>
              </Field>
            ))}
          </dl>
        </section>
      )}
    </div>
  );
}
