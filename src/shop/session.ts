import { randomId } from '../console/lib/api.ts';

const KEY = 'clearance.shop.key';
const CUSTOMER = 'clearance.shop.customerId';

/**
 * The storefront key: from `?key=` (then removed from the address bar, so it is not bookmarked or shared) or typed in;
 * kept in sessionStorage.
 */
export function initialKey(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('key');
  if (fromUrl) {
    sessionStorage.setItem(KEY, fromUrl);
    url.searchParams.delete('key');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  return sessionStorage.getItem(KEY);
}

export const shopKey = {
  get: () => sessionStorage.getItem(KEY),
  set: (k: string) => sessionStorage.setItem(KEY, k),
  clear: () => sessionStorage.removeItem(KEY),
};

/** A random shopper id kept in localStorage, passed to prices, quotes and reservations (per-customer limits). */
export function customerId(): string {
  let id = localStorage.getItem(CUSTOMER);
  if (!id) {
    id = `shopper-${randomId()}`;
    localStorage.setItem(CUSTOMER, id);
  }
  return id;
}
