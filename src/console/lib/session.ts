/** The console key lives in sessionStorage only: gone when the tab closes, never in localStorage or a cookie. */
const KEY = 'clearance.console.key';

export const session = {
  get: (): string | null => sessionStorage.getItem(KEY),
  set: (key: string) => sessionStorage.setItem(KEY, key),
  clear: () => sessionStorage.removeItem(KEY),
};
