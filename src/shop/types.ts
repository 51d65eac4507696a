/** Storefront response shapes (API.md, Storefront). */

export interface CatalogItem {
  sku: string;
  name: string;
  tags: string[];
}

export interface Catalog {
  items: CatalogItem[];
  nextCursor: string | null;
  currency: string;
}

export interface PriceView {
  sku: string;
  listPrice: number;
  price: number;
  promotionId: string | null;
  endsAt: string | null;
  remainingAtPrice: number | null;
  available: number;
}

export interface Quote {
  currency: string;
  at: string;
  lines: {
    sku: string;
    quantity: number;
    listPrice: number;
    unitPrice: number;
    total: number;
    discounts: { promotionId: string; amount: number }[];
    floorClamped: boolean;
  }[];
  subtotal: number;
  discountTotal: number;
  total: number;
  applied: { promotionId: string; name: string; kind: string; units: number; amount: number }[];
  notApplied: { promotionId: string; reason: string }[];
}

export interface Reservation {
  id: string;
  status: string;
  expiresAt: string;
  quote: Quote;
}

export type Cart = Record<string, number>;
