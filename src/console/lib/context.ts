import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Api } from './api.ts';
import type { Merchant } from './types.ts';

/** What every console page needs: the API client, the signed-in merchant and money in its currency. */
export interface ConsoleContext {
  api: Api;
  merchant: Merchant;
  /** Minor-unit digits of the merchant's currency, for money inputs. */
  digits: number;
  money(minor: number): string;
  signOut(): void;
}

export const Console = createContext<ConsoleContext | null>(null);

export function useConsole(): ConsoleContext {
  const ctx = useContext(Console);
  if (!ctx) throw new Error('useConsole outside the signed-in console');
  return ctx;
}
