/** A small inline-SVG chart (bars or a line) of one daily series, with its numbers available as text. */

export interface Point {
  label: string;
  value: number;
}

const W = 320;
const H = 150;
const PAD = { top: 12, right: 8, bottom: 22, left: 8 };

export function MiniChart(p: { title: string; points: Point[]; kind: 'bar' | 'line'; format(v: number): string }) {
  const max = Math.max(1, ...p.points.map((x) => x.value));
  const n = Math.max(1, p.points.length);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = plotW / n;
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const x = (i: number) => PAD.left + step * i + step / 2;
  const last = p.points[p.points.length - 1];
  const summary = last
    ? `${p.title}: latest ${last.label} ${p.format(last.value)}, highest ${p.format(max)}`
    : `${p.title}: no data`;
  // Value labels fit inside bars only when the bars are wide enough.
  const labelled = step >= 40;
  const barW = Math.min(56, Math.max(2, step * 0.7));
  const line = p.points.map((pt, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(pt.value).toFixed(1)}`).join(' ');

  return (
    <figure class="chart">
      <figcaption>
        {p.title} <span class="hint">(max {p.format(max)})</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
        <title>{summary}</title>
        <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} />
        {p.kind === 'bar' &&
          p.points.map((pt, i) => (
            <rect
              key={pt.label}
              class="bar"
              x={(x(i) - barW / 2).toFixed(1)}
              width={barW.toFixed(1)}
              y={y(pt.value).toFixed(1)}
              height={(PAD.top + plotH - y(pt.value)).toFixed(1)}
            >
              <title>{`${pt.label}: ${p.format(pt.value)}`}</title>
            </rect>
          ))}
        {p.kind === 'bar' &&
          labelled &&
          p.points.map((pt, i) =>
            pt.value > 0 ? (
              <text
                key={pt.label}
                class="value"
                x={x(i).toFixed(1)}
                y={(y(pt.value) + 14).toFixed(1)}
                text-anchor="middle"
              >
                {p.format(pt.value)}
              </text>
            ) : null,
          )}
        {p.kind === 'line' && p.points.length > 0 && (
          <>
            <path class="line" d={p.points.length === 1 ? `${line} h1` : line} />
            {p.points.map((pt, i) => (
              <circle key={pt.label} class="dot" cx={x(i).toFixed(1)} cy={y(pt.value).toFixed(1)} r="2.5">
                <title>{`${pt.label}: ${p.format(pt.value)}`}</title>
              </circle>
            ))}
            <text
              class="value-dark"
              x={x(p.points.length - 1).toFixed(1)}
              y={(y(last!.value) + (last!.value > max / 2 ? 16 : -6)).toFixed(1)}
              text-anchor={p.points.length === 1 ? 'middle' : 'end'}
            >
              {p.format(last!.value)}
            </text>
          </>
        )}
        {p.points.length > 0 && (
          <>
            <text class="tick" x={PAD.left} y={H - 6}>
              {p.points[0]!.label}
            </text>
            {p.points.length > 1 && (
              <text class="tick" x={W - PAD.right} y={H - 6} text-anchor="end">
                {last!.label}
              </text>
            )}
          </>
        )}
      </svg>
    </figure>
  );
}
