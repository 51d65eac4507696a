/** The console: a key gate (sessionStorage), then the signed-in shell with the merchant in context. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ErrorNote } from './components/notes.tsx';
import { ApiError, errorText, makeApi } from './lib/api.ts';
import { Console, type ConsoleContext } from './lib/context.ts';
import { formatMoney, fractionDigits } from './lib/money.ts';
import { session } from './lib/session.ts';
import type { Merchant } from './lib/types.ts';
import { LoginPage } from './pages/login.tsx';
import { Shell } from './shell.tsx';

export function App() {
  const [key, setKey] = useState(session.get());
  const [merchant, setMerchant] = useState<Merchant | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const signOut = (message: string | null = null) => {
    session.clear();
    setKey(null);
    setMerchant(null);
    setNotice(message);
  };
  const api = useMemo(
    () => makeApi(session.get, () => signOut('The console key was not accepted any more; sign in again.')),
    [],
  );

  useEffect(() => {
    if (!key || merchant) return;
    api<Merchant>('GET', '/v1/merchant').then(setMerchant, (err) => {
      if (err instanceof ApiError && err.status === 401) return; // signOut already ran
      signOut(errorText(err));
    });
  }, [key, merchant, api]);

  const ctx = useMemo<ConsoleContext | null>(
    () =>
      merchant && {
        api,
        merchant,
        digits: fractionDigits(merchant.currency),
        money: (minor: number) => formatMoney(minor, merchant.currency),
        signOut: () => signOut('Signed out.'),
      },
    [api, merchant],
  );

  if (!key) {
    return (
      <LoginPage
        notice={notice}
        onSignedIn={(k, m) => {
          session.set(k);
          setNotice(null);
          setMerchant(m);
          setKey(k);
        }}
      />
    );
  }
  if (!ctx) {
    return (
      <main class="center">
        <p role="status">Loading the console…</p>
        <ErrorNote message={notice} />
      </main>
    );
  }
  return (
    <Console.Provider value={ctx}>
      <Shell />
    </Console.Provider>
  );
}
