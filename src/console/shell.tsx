/** The signed-in layout: skip link, header with navigation, and the page for the current path. */
import { useEffect, useRef } from 'preact/hooks';
import { useConsole } from './lib/context.ts';
import { Link, matchPath, navigate, useLocation } from './lib/router.tsx';
import { HOME, ROUTES } from './routes.tsx';

export function Shell() {
  const { merchant, signOut } = useConsole();
  const loc = useLocation();
  const first = useRef(true);

  useEffect(() => {
    if (loc.path === '/') navigate(HOME, { replace: true });
  }, [loc.path]);

  // After a navigation, move focus to the new page's heading so keyboard and screen-reader users land on it.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [loc.path]);

  let page = null;
  for (const r of ROUTES) {
    const params = matchPath(r.path, loc.path);
    if (params) {
      page = <r.view key={r.path} params={params} query={loc.query} />;
      break;
    }
  }
  const section = `/${loc.path.split('/')[1] ?? ''}`;

  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <div class="brand">
          <strong>Clearance console</strong>
          <span class="merchant">
            {merchant.name} · {merchant.currency}
          </span>
        </div>
        <nav aria-label="Console">
          <ul>
            {ROUTES.filter((r) => r.nav).map((r) => {
              const here = r.path === section || (r.path === '/catalog' && section === '/products');
              return (
                <li key={r.path}>
                  <Link href={r.path} aria-current={here ? 'page' : undefined}>
                    {r.nav}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <button type="button" class="secondary small" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main">
        {page ?? (
          <>
            <h1 tabIndex={-1}>Page not found</h1>
            <p>
              There is no console page at this address. <Link href={HOME}>Go to the catalog</Link>.
            </p>
          </>
        )}
      </main>
    </>
  );
}
