import { useState, useSyncExternalStore, type ComponentType, type ReactNode } from 'react';

/**
 * A component loaded after first paint (Radix menus and tooltips are not needed to show the first
 * rows). `preload()` starts loading once; until the component arrives, `fallback` renders instead
 * (e.g. the menu's button on its own). Unlike React.lazy nothing suspends, so the first rows never
 * wait for this code.
 *
 * A fallback can call `activate()` (a click on a menu's button before the menu arrived): the
 * component then renders with `defaultOpen` once loaded, so the click is not lost.
 */
export interface DeferredComponent<P> {
  Component: (props: P) => ReactNode;
  preload: () => Promise<unknown>;
}

export function deferredComponent<P extends object>(
  load: () => Promise<ComponentType<P & { defaultOpen?: boolean }>>,
  fallback: (props: P, activate: () => void) => ReactNode,
): DeferredComponent<P> {
  let Loaded: ComponentType<P & { defaultOpen?: boolean }> | null = null;
  let loading: Promise<unknown> | null = null;
  const listeners = new Set<() => void>();
  const subscribe = (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  const getSnapshot = (): ComponentType<P & { defaultOpen?: boolean }> | null => Loaded;

  const preload = (): Promise<unknown> => {
    loading ??= load().then(
      (component) => {
        Loaded = component;
        for (const notify of listeners) notify();
      },
      (error: unknown) => {
        // A failed chunk load (e.g. a deploy replaced it) may be retried by the next preload.
        loading = null;
        throw error;
      },
    );
    return loading;
  };

  function Deferred(props: P): ReactNode {
    const Component = useSyncExternalStore(subscribe, getSnapshot);
    const [activated, setActivated] = useState(false);
    if (Component) return <Component {...props} defaultOpen={activated} />;
    return fallback(props, () => {
      setActivated(true);
      preload().catch(() => {
        // Nothing to open: the button stays as it is.
      });
    });
  }

  return { Component: Deferred, preload };
}
