import type { ComponentChildren } from 'preact';

/** A polite live region: screen readers announce its text when it changes. Always rendered, so it is registered. */
export function LiveStatus({ children, class: cls }: { children?: ComponentChildren; class?: string }) {
  return (
    <p role="status" aria-live="polite" class={`live ${cls ?? ''}`}>
      {children}
    </p>
  );
}

/** An error announced at once; renders nothing without a message. */
export function ErrorNote({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p role="alert" class="error-note">
      {message}
    </p>
  );
}

/** The status of a promotion as a badge with words (never colour alone). */
export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge badge-${status}`}>{status}</span>;
}
