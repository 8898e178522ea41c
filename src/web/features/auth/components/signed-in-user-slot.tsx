import { deferredComponent } from '../../../lib/deferred';

/**
 * The header's signed-in person, loaded after first paint with the other deferred parts: it can show
 * nothing before the session answer arrives anyway, so the first rows need not wait for its code.
 */
const signedInUser = deferredComponent<object>(
  () => import('./signed-in-user').then((module) => module.SignedInUser),
  () => null,
);

export const preloadSignedInUser = signedInUser.preload;
export const SignedInUserSlot = signedInUser.Component;
