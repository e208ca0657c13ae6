import type { ScoreHistogram as Histogram } from '@sluice/schemas';
import { count } from './overlay.js';

const W = 460;
const H = 120;
const PAD = { l: 8, r: 8, t: 16, b: 18 };

/** One score's histogram with the flow's thresholds drawn as dashed lines. */
export function ScoreHistogram({ name, h }: { name: string; h: Histogram }) {
  const first = h.bins[0];
  const lastBin = h.bins.at(-1);
  if (!first || !lastBin || h.count === 0) return <p className="muted small">{name}: no lead reached a node that sets it.</p>;
  // The axis spans the data and every threshold, so a threshold no lead reaches still shows.
  const lo = Math.min(first.from, ...h.thresholds);
  const hi = Math.max(lastBin.to, ...h.thresholds);
  const x = (v: number) => PAD.l + ((v - lo) / (hi - lo || 1)) * (W - PAD.l - PAD.r);
  const top = Math.max(...h.bins.map((b) => b.count));
  const y = (c: number) => H - PAD.b - (c / (top || 1)) * (H - PAD.t - PAD.b);
  return (
    <figure className="histogram" data-testid={`hist-${name}`}>
      <figcaption>
        <b>{name}</b>
        <span className="muted small"> {count(h.count)} leads · min {h.min} · p50 {h.p50} · mean {h.mean} · p90 {h.p90} · max {h.max}</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`${name} histogram`}>
        {h.bins.map((b) => (
          <rect key={b.from} x={x(b.from) + 0.5} width={Math.max(1, x(b.to) - x(b.from) - 1)} y={y(b.count)} height={H - PAD.b - y(b.count)} className="hist-bar">
            <title>{`${b.from} to ${b.to}: ${count(b.count)} leads`}</title>
          </rect>
        ))}
        <line x1={PAD.l} x2={W - PAD.r} y1={H - PAD.b} y2={H - PAD.b} className="hist-axis" />
        <text x={x(lo)} y={H - 4} className="hist-tick">{lo}</text>
        <text x={x(hi)} y={H - 4} className="hist-tick" textAnchor="end">{hi}</text>
        {h.thresholds.map((t, i) => (
          <g key={t} className="hist-threshold" data-testid={`threshold-${name}-${t}`}>
            <line x1={x(t)} x2={x(t)} y1={PAD.t - 4} y2={H - PAD.b} />
            <text x={x(t)} y={i % 2 === 0 ? PAD.t - 6 : H - 4} textAnchor="middle">{t}</text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
