import type { Database } from '../db/database.ts';
import { loadLivePromotions, PROMOTIONS_CHANNEL, rowToPromotion } from '../db/promotions.ts';
import { buildPromotionIndex } from '../domain/pricing/index.ts';
import type { Promotion, PromotionSource } from '../domain/pricing/types.ts';

export interface MerchantPromotions {
  source: PromotionSource;
  byId: Map<string, Promotion>;
}

/**
 * Live promotions per merchant, indexed by SKU and tag, held in memory so a quote never scans promotions. Every
 * promotion write sends `NOTIFY promotions, '<merchantId>'`; each process listening drops that merchant's index and
 * rebuilds it on the next request. Until the listener is connected (or after it drops) entries live one second.
 */
export class PromotionCache {
  private readonly entries = new Map<string, { value: Promise<MerchantPromotions>; at: number }>();
  private readonly generation = new Map<string, number>();
  private listening = false;
  private unlisten: (() => Promise<void>) | null = null;

  constructor(private readonly database: Database) {}

  async start(): Promise<void> {
    try {
      this.unlisten = await this.database.listen(
        PROMOTIONS_CHANNEL,
        (merchantId) => this.invalidate(merchantId),
        (listening) => {
          // Changes announced while the listener was away are lost: drop every index (and any load in flight).
          for (const merchantId of [...this.entries.keys()]) this.invalidate(merchantId);
          this.listening = listening;
        },
      );
      this.listening = true;
    } catch {
      this.listening = false;
    }
  }

  async stop(): Promise<void> {
    this.listening = false;
    await this.unlisten?.();
  }

  invalidate(merchantId: string): void {
    this.generation.set(merchantId, (this.generation.get(merchantId) ?? 0) + 1);
    this.entries.delete(merchantId);
  }

  get(merchantId: string): Promise<MerchantPromotions> {
    const now = Date.now();
    const hit = this.entries.get(merchantId);
    if (hit && (this.listening || now - hit.at < 1000)) return hit.value;
    const gen = this.generation.get(merchantId) ?? 0;
    const value = this.load(merchantId);
    this.entries.set(merchantId, { value, at: now });
    value.catch(() => {
      if (this.entries.get(merchantId)?.value === value) this.entries.delete(merchantId);
    });
    // A change announced while loading makes this load stale: keep it for this caller only.
    value.then(
      () => {
        if ((this.generation.get(merchantId) ?? 0) !== gen && this.entries.get(merchantId)?.value === value) {
          this.entries.delete(merchantId);
        }
      },
      () => {},
    );
    return value;
  }

  /** Reads straight from the database, bypassing the cache (reservations retrying after a race). */
  async load(merchantId: string): Promise<MerchantPromotions> {
    const rows = await loadLivePromotions(this.database.db, merchantId);
    const promotions = rows.map(rowToPromotion);
    return { source: buildPromotionIndex(promotions), byId: new Map(promotions.map((p) => [p.id, p])) };
  }
}
