import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorNote, LiveStatus } from '../components/notes.tsx';
import { DataTable } from '../components/table.tsx';
import { useConsole } from '../lib/context.ts';
import { useAction } from '../lib/hooks.ts';
import type { Job } from '../lib/types.ts';

const HEADER = 'sku,name,listPrice,unitCost,tags,onHand';
const POLL_MS = 500;

/** CSV product import: upload (POST /v1/imports/products), then follow the job (GET /v1/jobs/{id}) to the end. */
export function ImportPage() {
  const { api } = useConsole();
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState('');
  const [job, setJob] = useState<Job | null>(null);
  const [since, setSince] = useState(0);
  const upload = useAction();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => () => timer.current && clearTimeout(timer.current), []);

  const poll = (id: string) => {
    timer.current = setTimeout(async () => {
      try {
        const j = await api<Job>('GET', `/v1/jobs/${id}`);
        setJob(j);
        if (j.state !== 'completed' && j.state !== 'failed') poll(id);
      } catch (err) {
        upload.setError(`Lost track of the import: ${err instanceof Error ? err.message : String(err)}`);
      }
    }, POLL_MS);
  };

  const submit = (e: Event) => {
    e.preventDefault();
    const body = file ?? (text.trim() ? `${text.trim()}\n` : null);
    if (!body) return upload.setError('Choose a CSV file or paste rows first.');
    void upload.run(async () => {
      const { jobId } = await api<{ jobId: string }>('POST', '/v1/imports/products', undefined, {
        raw: body,
        contentType: 'text/csv',
      });
      setJob({ id: jobId, state: 'waiting', progress: 0 });
      setSince(Date.now());
      poll(jobId);
    });
  };

  const done = job?.state === 'completed' || job?.state === 'failed';
  const progress = job ? (job.state === 'completed' ? 100 : job.progress) : 0;
  let words = '';
  if (job?.state === 'waiting')
    words = Date.now() - since > 5000 ? 'Waiting for a job worker to pick the import up…' : 'Queued…';
  if (job?.state === 'active') words = `Importing… ${progress}%`;
  if (job?.state === 'completed' && job.result)
    words = `Import finished: ${job.result.applied} of ${job.result.rows} rows applied, ${job.result.failed} with errors.`;
  if (job?.state === 'failed') words = `Import failed${job.result?.message ? `: ${job.result.message}` : '.'}`;

  return (
    <>
      <h1 tabIndex={-1}>Import products</h1>
      <p class="lede">
        A CSV with the header row <code>{HEADER}</code>; tags separated by <code>;</code>, prices in minor units
        (cents). Existing SKUs are updated; <code>onHand</code> sets the counted stock. Bad rows are reported by row
        number; good rows are applied.
      </p>
      <form class="card" onSubmit={submit} aria-label="Upload a CSV">
        <div class="field">
          <label for="csv-file">CSV file</label>
          <input
            id="csv-file"
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
          />
        </div>
        <div class="field">
          <label for="csv-text">…or paste rows</label>
          <textarea
            id="csv-text"
            rows={6}
            value={text}
            spellcheck={false}
            placeholder={`${HEADER}\nMUG-1,Mug,2400,900,home;kitchen,50`}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </div>
        <button type="submit" disabled={upload.busy || (job !== null && !done)}>
          {upload.busy ? 'Uploading…' : 'Import'}
        </button>
        <ErrorNote message={upload.error} />
      </form>
      {job && (
        <section class="card" aria-labelledby="job-title">
          <h2 id="job-title">Job {job.id}</h2>
          <div class="progress-row">
            <label for="job-progress">Progress</label>
            <progress id="job-progress" max={100} value={progress} aria-valuetext={`${progress}%`}>
              {progress}%
            </progress>
            <span>{progress}%</span>
          </div>
          <LiveStatus>{words}</LiveStatus>
          {job.errors && job.errors.length > 0 && (
            <DataTable
              caption="Rows with errors"
              rows={job.errors}
              rowKey={(r) => r.row}
              columns={[
                { label: 'Row', numeric: true, cell: (r) => r.row },
                { label: 'Problem', cell: (r) => r.message },
              ]}
            />
          )}
        </section>
      )}
    </>
  );
}
