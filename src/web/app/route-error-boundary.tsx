import { Component, type ReactNode } from 'react';
import { useLocation, type Location } from 'react-router';
import { ProblemPanel } from '../components/problem-panel';

/**
 * A render error below shows a problem panel instead of a blank screen. As with the data router's
 * errorElement it replaced, going to another location (back, forward) renders the route again.
 */
export function RouteErrorBoundary({ children }: { children: ReactNode }) {
  return <ErrorBoundary location={useLocation()}>{children}</ErrorBoundary>;
}

interface ErrorBoundaryProps {
  location: Location;
  children: ReactNode;
}

interface ErrorBoundaryState {
  location: Location;
  /** Boxed: anything can be thrown, undefined included. */
  caught: { error: unknown } | null;
}

class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { location: this.props.location, caught: null };

  static getDerivedStateFromError(error: unknown): Partial<ErrorBoundaryState> {
    return { caught: { error } };
  }

  static getDerivedStateFromProps(props: ErrorBoundaryProps, state: ErrorBoundaryState): Partial<ErrorBoundaryState> | null {
    return props.location === state.location ? null : { location: props.location, caught: null };
  }

  override render(): ReactNode {
    if (this.state.caught === null) return this.props.children;
    return (
      <main id="main" className="page">
        <ProblemPanel error={this.state.caught.error} context="This page failed to render." onRetry={() => window.location.reload()} />
      </main>
    );
  }
}
