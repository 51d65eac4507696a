import { useState } from 'preact/hooks';
import { Field } from '../components/field.tsx';
import { ErrorNote, LiveStatus } from '../components/notes.tsx';
import { ApiError, errorText, makeApi } from '../lib/api.ts';
import type { Merchant } from '../lib/types.ts';

/** Sign in by pasting a console API key; it is checked against GET /v1/merchant before it is kept. */
export function LoginPage(props: { notice: string | null; onSignedIn(key: string, merchant: Merchant): void }) {
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    const k = key.trim();
    if (!k) return setError('Paste a console API key first.');
    setBusy(true);
    setError(null);
    try {
      const merchant = await makeApi(() => k)<Merchant>('GET', '/v1/merchant');
      props.onSignedIn(k, merchant);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setError('That key was not accepted. Check it and try again.');
      else if (err instanceof ApiError && err.status === 403)
        setError('That is a storefront key. The console needs a console key.');
      else setError(errorText(err));
      setBusy(false);
    }
  };

  return (
    <main class="login" id="main">
      <form class="card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Clearance console</h1>
        <p>Sign in with a console API key. It is kept in this tab only and forgotten when the tab closes.</p>
        <Field
          label="Console API key"
          type="password"
          autoComplete="off"
          spellcheck={false}
          value={key}
          onValue={setKey}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        <LiveStatus>{busy ? 'Checking the key…' : props.notice}</LiveStatus>
        <ErrorNote message={error} />
      </form>
    </main>
  );
}
