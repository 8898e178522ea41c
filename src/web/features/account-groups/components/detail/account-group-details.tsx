import { ListFilter } from 'lucide-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import {
  describeStatus,
  describeType,
  describeUserType,
  type AccountGroup,
  type AccountGroupUser,
} from '../../../../../domain/account-group';
import { CopyButton } from '../../../../components/copy-button';
import { RelativeTime } from '../../../../components/relative-time';
import { StatusIcon } from '../../../../components/status-icon';
import { formatLocal, formatUtc } from '../../../../lib/format';
import { DEFAULT_LIST_VIEW, LIST_PATH, listViewSearch, type ListView } from '../../lib/list-view';

const KNOWN_FIELDS = new Set(['id', 'created_at', 'updated_at', 'users', 'status', 'type', 'securities_account_number']);
const KNOWN_USER_FIELDS = new Set(['id', 'type']);

/** Fields Upvest sent that this console version does not know: shown as they are, never dropped. */
export function extraFieldsOf(group: AccountGroup): Array<[string, unknown]> {
  return Object.entries(group).filter(([key]) => !KNOWN_FIELDS.has(key));
}

/** The same for each user of the group. */
export function extraUserFieldsOf(user: AccountGroupUser): Array<[string, unknown]> {
  return Object.entries(user).filter(([key]) => !KNOWN_USER_FIELDS.has(key));
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
              const userExtras = extraUserFieldsOf(user);
              return (
                <li key={`${user.id}-${index}`} className="user">
                  <span className="cell-inline">
                    <code className="break">{user.id}</code>
                    <CopyButton value={user.id} label={`${userType.label.toLowerCase()} user ID`} />
                  </span>
                  <span className="user__type">
                    <strong>{userType.label}</strong> <span className="muted">{userType.description}</span>
                  </span>
                  {userExtras.length > 0 && (
                    <div className="user__extras">
                      <p className="muted field__note">Other fields of this user, not known to this console version:</p>
                      <dl className="fields">
                        {userExtras.map(([key, value]) => (
                          <Field key={key} label={key}>
                            <pre className="extra-value">{formatExtra(value)}</pre>
                          </Field>
                        ))}
                      </dl>
                    </div>
                  )}
                  {/* Filters this list (no new place, so no external-link icon); the search finds this group too. */}
                  <span className="user__link-line">
                    <Link className="user__link" to={userGroupsHref(user.id, view)}>
                      <ListFilter aria-hidden size={12} />
                      {user.type === 'OWNER' ? 'All groups of this owner' : 'All groups of this user'}
                      {' '}
                      <span className="sr-only">({user.id})</span>
                    </Link>{' '}
                    <span className="muted">(this one included)</span>
                  </span>
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
