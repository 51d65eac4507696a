import { useEffect, useMemo, useState } from 'preact/hooks';
import { Field, Select } from '../components/field.tsx';
import { ErrorNote } from '../components/notes.tsx';
import { type Draft, draftFromPromotion, draftToBody, emptyDraft } from '../editor/draft.ts';
import { KindFields } from '../editor/kind-fields.tsx';
import { LimitsFields } from '../editor/limits-fields.tsx';
import { PreviewPanel, type PreviewState } from '../editor/preview-panel.tsx';
import { ScheduleFields } from '../editor/schedule-fields.tsx';
import { ApiError, errorText, isAbort } from '../lib/api.ts';
import { useConsole } from '../lib/context.ts';
import { KIND_LABELS } from '../lib/describe.ts';
import { useAction, useDebounced, useLoad } from '../lib/hooks.ts';
import { Link, navigate } from '../lib/router.tsx';
import { KINDS, type Kind, type Preview, type Promotion } from '../lib/types.ts';
import type { PageProps } from '../routes.tsx';

/** New promotion, or edit one (`/promotions/:id/edit`). */
export function PromotionEditorPage({ params }: PageProps) {
  const { api } = useConsole();
  const id = params.id ?? null;
  const loaded = useLoad<Promotion | null>(
    (signal) => (id ? api<Promotion>('GET', `/v1/promotions/${id}`, undefined, { signal }) : Promise.resolve(null)),
    [id],
  );
  return (
    <>
      <p class="crumbs">
        <Link href="/promotions">Promotions</Link> /
      </p>
      <h1 tabIndex={-1}>{id ? `Edit ${loaded.data?.name ?? 'promotion'}` : 'New promotion'}</h1>
      <ErrorNote message={loaded.error} />
      {loaded.loading && id ? (
        <p role="status">Loading…</p>
      ) : (
        !loaded.error && <Editor key={id ?? 'new'} original={loaded.data} />
      )}
    </>
  );
}

const KIND_OPTIONS = KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }));
/** Optional fields the API clears when a PATCH sends them as null. */
const CLEARABLE = ['endsAt', 'stockCap', 'perCustomerLimit', 'dailyWindows', 'timezone', 'steps'] as const;

function Editor({ original }: { original: Promotion | null }) {
  const { api, digits, merchant } = useConsole();
  const [draft, setDraft] = useState<Draft>(() =>
    original ? draftFromPromotion(original, digits, merchant.timezone) : emptyDraft(merchant.timezone),
  );
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [tried, setTried] = useState(false);
  const [preview, setPreview] = useState<PreviewState | null>(null);
  const save = useAction();
  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setTouched((t) => new Set([...t, ...Object.keys(patch)]));
  };

  const { body, errors } = useMemo(() => {
    const out = draftToBody(draft, digits);
    return Object.keys(out.errors).length > 0 ? { body: null, errors: out.errors } : out;
  }, [draft, digits, original]);
  const bodyKey = body ? JSON.stringify(body) : null;
  const settledKey = useDebounced(bodyKey, 350);

  useEffect(() => {
    if (!settledKey) return;
    const ctl = new AbortController();
    api<Preview>('POST', '/v1/promotions/preview', JSON.parse(settledKey), { signal: ctl.signal }).then(
      (result) => setPreview({ key: settledKey, result }),
      (err) => !isAbort(err) && setPreview({ key: settledKey, error: errorText(err) }),
    );
    return () => ctl.abort();
  }, [settledKey, api]);

  const current = preview && preview.key === bodyKey ? preview : null;
  const breaches = current?.result?.breaches.length ?? 0;
  const blocked = draft.onFloorBreach === 'reject' && breaches > 0;
  const checking = bodyKey !== null && !current;
  const shown = Object.fromEntries(Object.entries(errors).filter(([k]) => tried || touched.has(k.split('.')[0]!)));

  const onSubmit = (e: Event) => {
    e.preventDefault();
    setTried(true);
    if (!body) {
      save.setError('Some fields need attention; they are marked below.');
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    if (blocked || checking) return;
    void save.run(async () => {
      try {
        const { kind: _kind, ...patch } = body as unknown as Record<string, unknown>;
        // PATCH merges: a field the form left empty but the saved promotion has is cleared with null.
        for (const key of CLEARABLE) {
          const saved = (original as Record<string, unknown> | null)?.[key];
          if (saved !== undefined && saved !== null && patch[key] === undefined) patch[key] = null;
        }
        const saved = original
          ? await api<Promotion>('PATCH', `/v1/promotions/${original.id}`, patch)
          : await api<Promotion>('POST', '/v1/promotions', body);
        navigate(`/promotions/${saved.id}`);
      } catch (err) {
        if (err instanceof ApiError && err.code === 'margin_floor_breach') {
          const d = err.details as Preview | undefined;
          setPreview({ key: bodyKey!, result: { breaches: d?.breaches ?? [], skus: current?.result?.skus ?? [] } });
        }
        throw err;
      }
    });
  };

  const reason = checking
    ? 'Waiting for the margin check.'
    : blocked
      ? `Save is blocked: ${breaches} SKU${breaches === 1 ? '' : 's'} would sell below the margin floor.`
      : null;
  return (
    <form class="editor" onSubmit={onSubmit} noValidate aria-label="Promotion">
      <div class="editor-form">
        <fieldset>
          <legend>Offer</legend>
          <Field label="Name" value={draft.name} onValue={(name) => set({ name })} error={shown.name} maxLength={200} />
          <Select
            label="Kind"
            value={draft.kind}
            onValue={(kind) => set({ kind: kind as Kind })}
            options={KIND_OPTIONS}
            disabled={!!original}
            hint={original ? 'The kind of a saved promotion cannot change.' : undefined}
          />
          <KindFields draft={draft} set={set} errors={shown} />
        </fieldset>
        <ScheduleFields draft={draft} set={set} errors={shown} />
        <LimitsFields draft={draft} set={set} errors={shown} />
      </div>
      <div class="editor-side">
        <PreviewPanel
          state={current ?? preview}
          pending={checking}
          invalid={!body}
          clamp={draft.onFloorBreach === 'clamp'}
        />
        <div class="actions">
          <button type="submit" disabled={save.busy || blocked || checking} aria-describedby="save-reason">
            {save.busy ? 'Saving…' : original ? 'Save changes' : 'Save promotion'}
          </button>
          <p id="save-reason" class={blocked ? 'field-error' : 'hint'}>
            {reason}
          </p>
        </div>
        <ErrorNote message={save.error} />
      </div>
    </form>
  );
}
