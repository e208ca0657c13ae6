import type { FunnelResponse } from '@sluice/schemas';
import { monthsOf, publishMarkers } from './timeline.js';

const day = (iso: string) => iso.slice(0, 10);

/**
 * Leads reaching each stage of the sequence, month by month (one small bar group per month of
 * the range), with a marker where each new version of the rule set was published.
 */
export function MonthChart({ funnel }: { funnel: FunnelResponse }) {
  const stages = funnel.sequence;
  const months = monthsOf(funnel.from, funnel.to);
  const { markers, unknown } = publishMarkers(funnel, months);
  const groups = new Map(funnel.groups.map((g) => [g.key, g]));
  const max = Math.max(1, ...funnel.groups.flatMap((g) => g.stages.filter((s) => stages.includes(s.stage)).map((s) => s.reached + s.recycled)));
  const bar = 8;
  const groupW = Math.max(stages.length * bar + 12, 56);
  const top = 14; // room for the version labels
  const h = 80;
  const xOf = (mk: { month: number; fraction: number }) => Math.round(mk.month * groupW + mk.fraction * (groupW - 4)) + 0.5;
  return (
    <figure className="funnel-chart" data-testid="funnel-chart">
      <svg width={months.length * groupW} height={top + h + 16} role="img" aria-label="Leads reaching each stage per month, with the dates new versions were published">
        {months.map((m, gi) => {
          const g = groups.get(m.key);
          return stages.map((stage, si) => {
            const s = g?.stages.find((x) => x.stage === stage);
            const v = s ? s.reached + s.recycled : 0;
            const bh = (v / max) * h;
            return <rect key={`${m.key}-${stage}`} x={gi * groupW + si * bar} y={top + h - bh} width={bar - 1} height={bh} className={`chart-bar s${si}`}><title>{`${m.key} ${stage}: ${v}`}</title></rect>;
          }).concat(<text key={`${m.key}-label`} x={gi * groupW} y={top + h + 12} className="axis">{m.key}</text>);
        })}
        {markers.map((mk, i) => {
          const x = xOf(mk);
          // Versions published close together share one label (the first of them carries it).
          const prev = markers[i - 1];
          if (prev && x - xOf(prev) < 16) return <Marker key={mk.version} x={x} top={top} h={h} label={null} version={mk.version} at={mk.publishedAt} />;
          const near = markers.slice(i).filter((m, j, all) => j === 0 || xOf(m) - xOf(all[j - 1] as typeof m) < 16).map((m) => `v${m.version}`);
          return <Marker key={mk.version} x={x} top={top} h={h} label={near.join(', ')} version={mk.version} at={mk.publishedAt} />;
        })}
      </svg>
      <figcaption className="muted small">
        Per month: {stages.join(', ')} (left to right).
        {markers.length > 0 && <span data-testid="publish-legend"> Lines: a new version published ({markers.map((m) => `v${m.version} on ${day(m.publishedAt)}`).join(', ')}).</span>}
        {unknown.length > 0 && (
          <span data-testid="publish-unknown"> Not marked: {unknown.map((v) => `v${v}`).join(', ')}: no publish time recorded (published before the runtime kept publish times).</span>
        )}
      </figcaption>
    </figure>
  );
}

/** One publish date: a thin line through the bars (a rect: it has a width to hover), labelled with the version. */
function Marker({ x, top, h, label, version, at }: { x: number; top: number; h: number; label: string | null; version: number; at: string }) {
  return (
    <g className="publish-marker" data-testid={`publish-marker-v${version}`}>
      <rect x={x - 0.75} width={1.5} y={top - 2} height={h + 2} />
      {label && <text x={x + 2} y={top - 4} className="marker-label">{label}</text>}
      <title>{`v${version} published ${at.replace('T', ' ').slice(0, 16)} UTC`}</title>
    </g>
  );
}
