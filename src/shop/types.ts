/**
 * Storefront response shapes, derived from the route schemas (src/http/schemas/storefront.ts) so they cannot drift
 * from what the server sends. Type-only imports: nothing of the server reaches the bundle.
 */
import type { Static } from 'typebox';
import type {
  CatalogItem as CatalogItemView,
  CatalogPage,
  PriceView as PriceViewSchema,
  QuoteView,
  ReservationView,
} from '../http/schemas/storefront.ts';

export type CatalogItem = Static<typeof CatalogItemView>;
export type Catalog = Static<typeof CatalogPage>;
export type PriceView = Static<typeof PriceViewSchema>;
export type Quote = Static<typeof QuoteView>;
export type Reservation = Static<typeof ReservationView>;

/** The shopper's cart: units per SKU. */
export type Cart = Record<string, number>;
