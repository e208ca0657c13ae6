import type { FunnelResponse } from '@sluice/schemas';

/** Leads reaching each stage of the sequence, month by month: one small bar group per month. */
export function MonthChart({ funnel }: { funnel: FunnelResponse }) {
  const stages = funnel.sequence;
  const max = Math.max(1, ...funnel.groups.flatMap((g) => g.stages.filter((s) => stages.includes(s.stage)).map((s) => s.reached + s.recycled)));
  const bar = 8;
  const groupW = stages.length * bar + 12;
  const h = 80;
  return (
    <figure className="funnel-chart" data-testid="funnel-chart">
      <svg width={funnel.groups.length * groupW} height={h + 16} role="img" aria-label="Leads reaching each stage per month">
        {funnel.groups.map((g, gi) =>
          stages.map((stage, si) => {
            const s = g.stages.find((x) => x.stage === stage);
            const v = s ? s.reached + s.recycled : 0;
            const bh = (v / max) * h;
            return <rect key={`${g.key}-${stage}`} x={gi * groupW + si * bar} y={h - bh} width={bar - 1} height={bh} className={`bar s${si}`}><title>{`${g.key} ${stage}: ${v}`}</title></rect>;
          }).concat(<text key={`${g.key}-label`} x={gi * groupW} y={h + 12} className="axis">{g.key}</text>),
        )}
      </svg>
      <figcaption className="muted small">Per month: {stages.join(', ')} (left to right)</figcaption>
    </figure>
  );
}
