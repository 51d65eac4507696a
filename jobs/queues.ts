/**
 * Queue names, job names and payloads. Payloads carry ids only (processors read the rest from PostgreSQL, the source of
 * truth); job ids come from business keys, so adding the same job twice is a no-op.
 */
export const QUEUES = {
  events: 'events',
  webhooks: 'webhooks',
  lifecycle: 'promotion-lifecycle',
  reservations: 'reservations',
  imports: 'imports',
  reports: 'reports',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** `events`: fan one outbox event out to the merchant's webhooks. */
export interface FanOutJob {
  eventId: string;
}
/** `webhooks`: one signed delivery of one event to one webhook. */
export interface DeliverJob {
  webhookId: string;
  eventId: string;
}
/** `promotion-lifecycle`: announce what changes at the boundary instant `at` (epoch ms), then schedule the next. */
export interface BoundaryJob {
  promotionId: string;
  at: number;
}
/** `reservations`: release one hold that outlived its expiry (`expire-reservation`), or all of them (`sweep-expired`). */
export interface ExpireJob {
  reservationId: string;
}
export type SweepJob = Record<string, never>;
/** `imports`: apply an uploaded CSV stored in `import_chunks`. */
export interface ImportJob {
  importId: string;
}
/** `reports`: store yesterday's (merchant time) sell-through rows. */
export interface SnapshotJob {
  merchantId: string;
}

export const JOB_NAMES = {
  fanOut: 'fan-out',
  deliver: 'deliver-webhook',
  boundary: 'promotion-boundary',
  expire: 'expire-reservation',
  sweep: 'sweep-expired',
  importProducts: 'import-products',
  snapshot: 'sell-through-snapshot',
} as const;

/**
 * A BullMQ job id from business-key parts. BullMQ refuses `:` in custom ids, and event ids contain it
 * (`promotion.started:<id>:<ms>`), so `%`, `:` and the `~` separator are escaped: distinct keys never collide.
 */
export function jobId(...parts: (string | number)[]): string {
  const esc = (p: string | number) => String(p).replaceAll('%', '%25').replaceAll(':', '%3A').replaceAll('~', '%7E');
  return parts.map(esc).join('~');
}
