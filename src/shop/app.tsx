import { useState } from 'preact/hooks';
import { Field } from '../console/components/field.tsx';
import { initialKey, shopKey } from './session.ts';
import { Shop } from './shop.tsx';

/** The demo storefront: asks for a storefront key (or reads `?key=`), then shows the shop. */
export function App() {
  const [key, setKey] = useState(initialKey);
  const [notice, setNotice] = useState<string | null>(null);
  if (key) {
    return (
      <Shop
        storeKey={key}
        onBadKey={(message) => {
          shopKey.clear();
          setNotice(message);
          setKey(null);
        }}
      />
    );
  }
  return (
    <KeyForm
      notice={notice}
      onKey={(k) => {
        shopKey.set(k);
        setKey(k);
      }}
    />
  );
}

function KeyForm(props: { notice: string | null; onKey(k: string): void }) {
  const [value, setValue] = useState('');
  return (
    <main class="narrow">
      <form
        class="card"
        aria-labelledby="key-title"
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim()) props.onKey(value.trim());
        }}
      >
        <h1 id="key-title">Demo clearance shop</h1>
        <p>This demo storefront needs a storefront API key. It is kept in this tab only.</p>
        <Field label="Storefront key" type="password" autoComplete="off" value={value} onValue={setValue} />
        <button type="submit">Open the shop</button>
        {props.notice && (
          <p role="alert" class="error-note">
            {props.notice}
          </p>
        )}
      </form>
    </main>
  );
}
