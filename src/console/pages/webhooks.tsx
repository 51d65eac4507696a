import { useState } from 'preact/hooks';
import { EVENT_TYPES } from '../../db/event-types.ts';
import { Checkbox, Field } from '../components/field.tsx';
import { ErrorNote, LiveStatus } from '../components/notes.tsx';
import { DataTable, MoreButton } from '../components/table.tsx';
import { useConsole } from '../lib/context.ts';
import { formatInstant } from '../lib/describe.ts';
import { useAction } from '../lib/hooks.ts';
import { usePaged } from '../lib/paged.ts';
import type { List, Webhook } from '../lib/types.ts';
import { Deliveries } from './webhook-deliveries.tsx';

/** Webhook subscriptions: add (the signing secret is shown once), remove, and each one's delivery log. */
export function WebhooksPage() {
  const { api } = useConsole();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>(['promotion.sold_out', 'order.confirmed']);
  const [created, setCreated] = useState<(Webhook & { secret: string }) | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const add = useAction();
  const remove = useAction();
  const list = usePaged(
    (cursor, signal) =>
      api<List<Webhook>>('GET', `/v1/webhooks?limit=50${cursor ? `&cursor=${cursor}` : ''}`, undefined, { signal }),
    [],
  );

  const submit = (e: Event) => {
    e.preventDefault();
    setStatus(null);
    if (!/^https?:\/\/\S+$/.test(url.trim())) return add.setError('Enter an http:// or https:// URL.');
    if (events.length === 0) return add.setError('Tick at least one event.');
    void add.run(async () => {
      const w = await api<Webhook & { secret: string }>('POST', '/v1/webhooks', { url: url.trim(), events });
      setCreated(w);
      setUrl('');
      list.reload();
    });
  };
  const del = (id: string) =>
    remove.run(async () => {
      await api('DELETE', `/v1/webhooks/${id}`);
      setConfirmDelete(null);
      if (open === id) setOpen(null);
      if (created?.id === id) setCreated(null);
      setStatus('Webhook removed.');
      list.reload();
    });

  return (
    <>
      <h1 tabIndex={-1}>Webhooks</h1>
      <form class="card" onSubmit={submit} noValidate aria-labelledby="wh-add">
        <h2 id="wh-add">Add a webhook</h2>
        <Field
          label="Endpoint URL"
          type="url"
          value={url}
          onValue={setUrl}
          placeholder="https://example.com/hooks/clearance"
          autoComplete="off"
        />
        <fieldset class="events">
          <legend>Events</legend>
          {EVENT_TYPES.map((t) => (
            <Checkbox
              key={t}
              label={t}
              checked={events.includes(t)}
              onChecked={(on) => setEvents(EVENT_TYPES.filter((x) => (x === t ? on : events.includes(x))))}
            />
          ))}
        </fieldset>
        <button type="submit" disabled={add.busy}>
          {add.busy ? 'Adding…' : 'Add webhook'}
        </button>
        <ErrorNote message={add.error} />
        {created && (
          <div class="secret" role="status">
            <p>
              Webhook added. Its signing secret is shown <strong>only now</strong>; store it to verify the{' '}
              <code>X-Signature</code> header:
            </p>
            <code class="break">{created.secret}</code>
          </div>
        )}
      </form>
      <LiveStatus>{status}</LiveStatus>
      <ErrorNote message={list.error ?? remove.error} />
      <DataTable
        caption="Subscribed webhooks"
        rows={list.items}
        rowKey={(w) => w.id}
        empty={list.loading ? 'Loading…' : 'No webhooks yet.'}
        columns={[
          { label: 'URL', cell: (w) => <span class="break">{w.url}</span> },
          { label: 'Events', cell: (w) => w.events.join(', ') },
          { label: 'Added', cell: (w) => formatInstant(w.createdAt) },
          {
            label: 'Actions',
            cell: (w) => (
              <div class="buttons">
                <button
                  type="button"
                  class="secondary small"
                  aria-expanded={open === w.id}
                  onClick={() => setOpen(open === w.id ? null : w.id)}
                >
                  {open === w.id ? 'Hide deliveries' : 'Deliveries'}
                </button>
                {confirmDelete === w.id ? (
                  <button type="button" class="danger small" disabled={remove.busy} onClick={() => del(w.id)}>
                    Confirm remove
                  </button>
                ) : (
                  <button
                    type="button"
                    class="secondary small"
                    onClick={() => setConfirmDelete(w.id)}
                    aria-label={`Remove webhook ${w.url}`}
                  >
                    Remove
                  </button>
                )}
              </div>
            ),
          },
        ]}
      />
      <MoreButton hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} />
      {open && <Deliveries webhookId={open} url={list.items.find((w) => w.id === open)?.url ?? ''} />}
    </>
  );
}
