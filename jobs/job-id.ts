/**
 * A BullMQ job id from business-key parts, so adding the same job twice is a no-op. BullMQ refuses `:` in custom ids,
 * and event ids contain it (`promotion.started:<id>:<ms>`), so `%`, `:` and the `~` separator are escaped: distinct
 * keys never collide.
 */
export function jobId(...parts: (string | number)[]): string {
  const esc = (p: string | number) => String(p).replaceAll('%', '%25').replaceAll(':', '%3A').replaceAll('~', '%7E');
  return parts.map(esc).join('~');
}
