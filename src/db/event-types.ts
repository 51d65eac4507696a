/**
 * Every event type a webhook may subscribe to. Kept free of imports so the console bundles this list too; the events
 * module (events.ts) is what writes them.
 */
export const EVENT_TYPES = [
  'promotion.started',
  'promotion.ended',
  'promotion.sold_out',
  'price.changed',
  'stock.low',
  'reservation.expired',
  'order.confirmed',
  'import.completed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
