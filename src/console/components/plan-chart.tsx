/**
 * An inline-SVG chart of one daily series over a plan's days, as a step line (a price that holds until the next
 * change) or a straight line, with labelled horizontal reference lines (list price, floor). Same look as MiniChart.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { DAY_MS, type DayPoint } from '../lib/planner.ts';

export interface RefLine {
  label: string;
  value: number;
  /** CSS class of the line: `ref-list`, `ref-floor`. */
  kind: string;
}

export interface PlanChartProps {
  title: string;
  /** What the chart shows in words (the SVG's accessible name). */
  summary: string;
  points: DayPoint[];
  kind: 'step' | 'line';
  /** Top of the value axis (bottom is 0). */
  max: number;
  refs?: RefLine[];
  /** Text of a date tick. */
  date(ms: number): string;
  format(v: number): string;
}

const H = 200;
const PAD = { top: 14, right: 12, bottom: 24, left: 12 };

/**
 * The drawn width in CSS pixels, so the viewBox matches it and labels keep their size from a phone to a desktop
 * (a fixed viewBox would shrink 11px text to 7px at 390 px).
 */
function useWidth(ref: { current: Element | null }, initial: number): number {
  const [width, setWidth] = useState(initial);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([entry]) => {
      const w = Math.round(entry?.contentRect.width ?? 0);
      if (w > 0) setWidth(Math.max(240, w));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return width;
}

export function PlanChart(p: PlanChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const W = useWidth(ref, 480);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const days = Math.max(1, p.points[p.points.length - 1]?.day ?? 1);
  const max = p.max > 0 ? p.max : 1;
  const x = (day: number) => PAD.left + (day / days) * plotW;
  const y = (v: number) => PAD.top + plotH - (Math.max(0, v) / max) * plotH;
  const f = (n: number) => n.toFixed(1);
  const d = p.points
    .map((pt, i) => {
      if (i === 0) return `M${f(x(pt.day))},${f(y(pt.value))}`;
      // A step holds the previous value until this day, then moves; a line goes straight there.
      return p.kind === 'step' ? `H${f(x(pt.day))} V${f(y(pt.value))}` : `L${f(x(pt.day))},${f(y(pt.value))}`;
    })
    .join(' ');
  const first = p.points[0];
  const last = p.points[p.points.length - 1];
  const weekTicks = Array.from({ length: Math.floor(days / 7) + 1 }, (_, k) => k * 7).filter((t) => t > 0 && t < days);

  return (
    <figure class="chart plan-chart">
      <figcaption>{p.title}</figcaption>
      <div ref={ref}>
        <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={p.summary}>
          <title>{p.summary}</title>
          <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} />
          {weekTicks.map((t) => (
            <line key={t} class="grid" x1={f(x(t))} x2={f(x(t))} y1={PAD.top} y2={PAD.top + plotH} />
          ))}
          {first &&
            (7 / days) * plotW >= 60 &&
            weekTicks
              .filter((t) => x(t) - PAD.left >= 55 && W - PAD.right - x(t) >= 55)
              .map((t) => (
                <text key={t} class="tick" x={f(x(t))} y={H - 7} text-anchor="middle">
                  {p.date(first.at + t * DAY_MS)}
                </text>
              ))}
          {(p.refs ?? []).map((r, i) => (
            <g key={r.kind} class={`ref ${r.kind}`}>
              <line x1={PAD.left} x2={W - PAD.right} y1={f(y(r.value))} y2={f(y(r.value))} />
              <text
                x={i % 2 === 0 ? W - PAD.right - 2 : PAD.left + 2}
                y={f(y(r.value) + (i % 2 === 0 ? -5 : 14))}
                text-anchor={i % 2 === 0 ? 'end' : 'start'}
              >
                {`${r.label} ${p.format(r.value)}`}
              </text>
            </g>
          ))}
          {p.points.length > 0 && <path class={p.kind === 'step' ? 'line step' : 'line'} d={d} />}
          {p.kind === 'line' &&
            p.points.map((pt) => (
              <circle key={pt.day} class="dot" cx={f(x(pt.day))} cy={f(y(pt.value))} r="2">
                <title>{`${p.date(pt.at)}: ${p.format(pt.value)}`}</title>
              </circle>
            ))}
          {first && last && (
            <>
              <text class="value-dark" x={f(x(first.day) + 3)} y={f(y(first.value) - 6)}>
                {p.format(first.value)}
              </text>
              <text class="value-dark" x={f(x(last.day) - 3)} y={f(y(last.value) - 6)} text-anchor="end">
                {p.format(last.value)}
              </text>
              <text class="tick" x={PAD.left} y={H - 7}>
                {p.date(first.at)}
              </text>
              <text class="tick" x={W - PAD.right} y={H - 7} text-anchor="end">
                {p.date(last.at)}
              </text>
            </>
          )}
        </svg>
      </div>
    </figure>
  );
}
