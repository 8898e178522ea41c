import { CircleUserRound, LogOut } from 'lucide-react';
import { Button } from '../../../components/button';
import { useSession } from '../api/get-session';
import { useSignOut } from '../api/sign-out';
import './signed-in-user.css';

/** The header's signed-in person and Sign out; nothing when the console runs without sign-in. */
export function SignedInUser() {
  const session = useSession();
  const signOut = useSignOut();
  if (session.data?.auth !== 'session') return null;

  const { user } = session.data;
  const shownName = user.name ?? user.email ?? user.id;
  const secondLine = user.name !== undefined ? (user.email ?? user.id) : null;
  return (
    <div className="signed-in">
      <CircleUserRound aria-hidden size={18} className="signed-in__icon" />
      <p className="signed-in__who">
        <span className="sr-only">Signed in as </span>
        <span className="signed-in__name">{shownName}</span>
        {secondLine !== null && (
          <span className="signed-in__detail">
            <span className="sr-only">, </span>
            {secondLine}
          </span>
        )}
      </p>
      <Button variant="ghost" size="sm" onClick={() => signOut.mutate()} disabled={signOut.isPending} aria-busy={signOut.isPending}>
        <LogOut aria-hidden size={14} />
        {signOut.isPending ? 'Signing out…' : 'Sign out'}
      </Button>
      {signOut.isError && (
        <span role="alert" className="signed-in__error">
          Sign-out failed. Try again.
        </span>
      )}
    </div>
  );
}
