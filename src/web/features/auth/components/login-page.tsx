import { Info, LayoutList, LogIn, ShieldX } from 'lucide-react';
import { useEffect, useId, useRef, useState, type SubmitEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { AUTH_PROBLEM_TYPES } from '../../../../domain/auth-api';
import { safeNextPath } from '../../../../domain/sign-in-navigation';
import { Button } from '../../../components/button';
import { ProblemPanel } from '../../../components/problem-panel';
import { Skeleton } from '../../../components/skeleton';
import { cx } from '../../../lib/cx';
import { isNetworkError, isProblemOfType, ProblemError } from '../../../lib/problem-error';
import { useNow } from '../../../lib/use-now';
import { useAuthMethods } from '../api/get-auth-methods';
import { useSignInWithPassword } from '../api/sign-in';
import { arrivalNotice } from '../lib/sign-in-messages';
import './login-page.css';

/**
 * The sign-in page (its own chunk: nobody signed in needs the console's code yet). Offers what the
 * console has configured — the identity provider, the users file, or both — and returns to `next`.
 */
export function LoginPage() {
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const navigate = useNavigate();
  const methods = useAuthMethods();
  const notice = arrivalNotice(params);
  const refused = params.get('error') === 'not-allowed' || params.get('error') === 'email-unverified';

  useEffect(() => {
    // Sign-in is off (the console runs on loopback for this machine only): nothing to do here.
    if (methods.data?.auth === 'none') void navigate(next, { replace: true });
  }, [methods.data, navigate, next]);

  const start = new URLSearchParams({ next });
  // After a refusal, make the provider ask again rather than silently reuse the same account.
  if (refused) start.set('prompt', 'login');

  return (
    <main id="main" className="sign-in">
      <div className="sign-in__card">
        <p className="sign-in__brand">
          <LayoutList aria-hidden size={18} />
          Account Groups Console
        </p>
        <h1 className="sign-in__title">Sign in</h1>
        {notice && (
          <div role={notice.tone === 'error' ? 'alert' : 'status'} className={cx('sign-in__notice', `sign-in__notice--${notice.tone}`)}>
            {notice.tone === 'error' ? <ShieldX aria-hidden size={16} /> : <Info aria-hidden size={16} />}
            <span>{notice.text}</span>
          </div>
        )}
        {methods.isPending && (
          <div aria-busy="true" aria-label="Loading the ways to sign in">
            <Skeleton height={32} />
          </div>
        )}
        {methods.isError && (
          <ProblemPanel error={methods.error} context="The sign-in methods could not be loaded." onRetry={() => void methods.refetch()} />
        )}
        {methods.data?.auth === 'required' && (
          <>
            {methods.data.oidc && (
              <a className="btn btn--primary btn--md sign-in__provider" href={`/api/auth/oidc/start?${start.toString()}`}>
                <LogIn aria-hidden size={16} />
                Sign in with {methods.data.oidc.name}
              </a>
            )}
            {methods.data.oidc && methods.data.password && <p className="sign-in__divider">or with a username and password</p>}
            {methods.data.password && <PasswordForm next={next} primary={methods.data.oidc === null} />}
          </>
        )}
      </div>
    </main>
  );
}

/** `primary` when it is the only way in; below a provider button it is the secondary one. */
function PasswordForm({ next, primary }: { next: string; primary: boolean }) {
  const signIn = useSignInWithPassword();
  const navigate = useNavigate();
  const now = useNow();
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const errorId = useId();
  const waitSeconds = retryAt === null ? 0 : Math.max(0, Math.ceil((retryAt - now) / 1000));

  const submit = (event: SubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (name: string): string => {
      const value = form.get(name);
      return typeof value === 'string' ? value : '';
    };
    const credentials = { username: field('username'), password: field('password') };
    signIn.mutate(credentials, {
      onSuccess: () => {
        void navigate(next, { replace: true });
      },
      onError: (error) => {
        if (passwordRef.current) {
          passwordRef.current.value = '';
          passwordRef.current.focus();
        }
        if (isProblemOfType(error, AUTH_PROBLEM_TYPES.signInSlowedDown)) {
          const seconds = error.problem.retry_after_seconds ?? 1;
          // On the same whole-second grid as useNow, so the countdown starts at exactly `seconds`.
          setRetryAt(Math.floor(Date.now() / 1000) * 1000 + seconds * 1000);
        }
      },
    });
  };

  const message = signIn.isError ? failureMessage(signIn.error, waitSeconds) : null;
  return (
    <form className="sign-in__form" onSubmit={submit} aria-describedby={message === null ? undefined : errorId} noValidate>
      <label className="sign-in__label">
        Username
        <input className="sign-in__input" name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} required autoFocus />
      </label>
      <label className="sign-in__label">
        Password
        <input
          ref={passwordRef}
          className="sign-in__input"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={message !== null}
        />
      </label>
      {message !== null && (
        <p id={errorId} role="alert" className="sign-in__error">
          {message}
        </p>
      )}
      <Button type="submit" variant={primary ? 'primary' : 'default'} disabled={signIn.isPending || waitSeconds > 0} aria-busy={signIn.isPending}>
        {signIn.isPending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}

function failureMessage(error: unknown, waitSeconds: number): string {
  if (isProblemOfType(error, AUTH_PROBLEM_TYPES.wrongCredentials)) return 'Wrong username or password.';
  if (isProblemOfType(error, AUTH_PROBLEM_TYPES.signInSlowedDown)) {
    return waitSeconds > 0
      ? `Too many failed sign-ins. Try again in ${waitSeconds} ${waitSeconds === 1 ? 'second' : 'seconds'}.`
      : 'Too many failed sign-ins. You can try again now.';
  }
  if (isNetworkError(error)) return 'The console server could not be reached. Check your connection and try again.';
  if (error instanceof ProblemError) return error.problem.detail ?? error.problem.title;
  return 'Signing in failed. Try again.';
}
