import { DEFAULT_STAGES, type FlowOutcomeNode, type OutcomeConfig, type Sla } from '@sluice/schemas';
import { Num, Row, Select, Text } from '../inspector/ui.js';
import { withOpt } from './score-rules.js';
import type { NodeSpec } from './spec.js';

const UNITS = [
  { value: 'sameBusinessDay', label: 'same business day' },
  { value: 'businessDays', label: 'business days' },
  { value: 'businessHours', label: 'business hours' },
] as const;

/** The SLA in words: "2 business days (America/New_York)". */
export function slaText(sla: Sla): string {
  const when = sla.unit === 'sameBusinessDay' ? 'same business day' : `${sla.within} ${sla.unit === 'businessDays' ? 'business days' : 'business hours'}`;
  return `${when} (${sla.timeZone})`;
}

function recycleText(r: NonNullable<OutcomeConfig['recycle']>): string {
  const parts = [r.after.months ? `${r.after.months} mo` : '', r.after.days ? `${r.after.days} d` : ''].filter(Boolean);
  return `re-approach in ${parts.join(' ') || 'now'}${r.track ? ` via ${r.track}` : ''}`;
}

/**
 * What an outcome does with the lead, by what it carries: a handoff (sales takes it), nurture,
 * recycle (re-approach later), reject (stage Rejected), else it only sets a stage.
 *
 * @example
 * outcomeVariant({ stage: 'SQL', handoff: { team: 'ae' } }).name // 'handoff'
 */
export function outcomeVariant(c: OutcomeConfig): { name: string; accent: string } {
  if (c.handoff) return { name: 'handoff', accent: '#16a34a' };
  if (c.recycle) return { name: 'recycle', accent: '#d97706' };
  if (c.nurture) return { name: 'nurture', accent: '#0284c7' };
  if (c.stage === 'Rejected') return { name: 'reject', accent: '#dc2626' };
  return { name: 'stage', accent: '#64748b' };
}

export const outcomeSpec: NodeSpec<FlowOutcomeNode> = {
  kind: 'outcome',
  title: 'Outcome',
  hint: 'Ends the flow: stage, handoff SLA, nurture, recycle, tags',
  accent: '#64748b',
  variant: (n) => outcomeVariant(n.config),
  ports: () => [],
  acceptsInput: true,
  defaultConfig: () => ({ stage: 'MQL' }),
  lines: (n) => {
    const c = n.config;
    return [
      `stage: ${c.stage}${c.reason ? ` (${c.reason})` : ''}`,
      ...(c.handoff ? [`handoff${c.handoff.team ? ` to ${c.handoff.team}` : ''}${c.handoff.sla ? `, SLA ${slaText(c.handoff.sla)}` : ''}`] : []),
      ...(c.nurture ? [`nurture: ${c.nurture.track}`] : []),
      ...(c.recycle ? [recycleText(c.recycle)] : []),
      ...(c.tags && c.tags.length > 0 ? [`tags: ${c.tags.join(', ')}`] : []),
    ];
  },
  Inspector: ({ node, update }) => {
    const c = node.config;
    const k = `${node.id}/config`;
    const sla = c.handoff?.sla;
    const setSla = (s: Sla | undefined) => update({ ...c, handoff: withOpt(c.handoff ?? {}, 'sla', s) }, k);
    return (
      <>
        <Row label="Stage">
          <input name="stage" aria-label="Stage" list="sluice-stages" value={c.stage} onChange={(e) => update({ ...c, stage: e.target.value }, k)} />
          <datalist id="sluice-stages">{DEFAULT_STAGES.map((s) => <option key={s} value={s} />)}</datalist>
        </Row>
        <Row label="Reason"><Text aria-label="Outcome reason" value={c.reason} onChange={(r) => update(withOpt(c, 'reason', r || undefined), k)} /></Row>
        <h4>
          <label><input type="checkbox" checked={!!c.handoff} onChange={(e) => update(withOpt(c, 'handoff', e.target.checked ? { sla: { within: 2, unit: 'businessDays', timeZone: 'America/New_York' } } : undefined), k)} /> Hand off to sales</label>
        </h4>
        {c.handoff && (
          <>
            <Row label="Team"><Text aria-label="Team" value={c.handoff.team} onChange={(team) => update({ ...c, handoff: withOpt(c.handoff ?? {}, 'team', team || undefined) }, k)} /></Row>
            <Row label="SLA">
              <Select aria-label="SLA unit" value={sla?.unit} options={UNITS} onChange={(unit) => setSla({ within: sla?.within ?? 1, timeZone: sla?.timeZone ?? 'America/New_York', ...sla, unit })} />
              {sla && sla.unit !== 'sameBusinessDay' && <Num aria-label="SLA within" min={0} value={sla.within} onChange={(within) => setSla({ ...sla, within: within ?? 0 })} />}
            </Row>
            {sla && <Row label="Time zone"><Text aria-label="Time zone" value={sla.timeZone} onChange={(timeZone) => setSla({ ...sla, timeZone })} /></Row>}
            {sla && (
              <Row label="Hours">
                <Text aria-label="Working hours start" placeholder="09:00" value={sla.workingHours?.start} onChange={(start) => setSla({ ...sla, workingHours: { end: sla.workingHours?.end ?? '17:00', start } })} />
                <Text aria-label="Working hours end" placeholder="17:00" value={sla.workingHours?.end} onChange={(end) => setSla({ ...sla, workingHours: { start: sla.workingHours?.start ?? '09:00', end } })} />
              </Row>
            )}
          </>
        )}
        <Row label="Nurture track"><Text aria-label="Nurture track" value={c.nurture?.track} onChange={(track) => update(withOpt(c, 'nurture', track ? { track } : undefined), k)} /></Row>
        <h4>
          <label><input type="checkbox" checked={!!c.recycle} onChange={(e) => update(withOpt(c, 'recycle', e.target.checked ? { after: { months: 6 } } : undefined), k)} /> Recycle and re-approach later</label>
        </h4>
        {c.recycle && (
          <>
            <Row label="After months"><Num aria-label="Recycle months" min={0} value={c.recycle.after.months} onChange={(m) => update({ ...c, recycle: { ...c.recycle!, after: withOpt(c.recycle!.after, 'months', m) } }, k)} /></Row>
            <Row label="After days"><Num aria-label="Recycle days" min={0} value={c.recycle.after.days} onChange={(d) => update({ ...c, recycle: { ...c.recycle!, after: withOpt(c.recycle!.after, 'days', d) } }, k)} /></Row>
            <Row label="Track"><Text aria-label="Recycle track" value={c.recycle.track} onChange={(t) => update({ ...c, recycle: withOpt(c.recycle!, 'track', t || undefined) }, k)} /></Row>
          </>
        )}
        <Row label="Tags">
          <input aria-label="Tags" defaultValue={(c.tags ?? []).join(', ')} onBlur={(e) => update(withOpt(c, 'tags', tagList(e.target.value)), k)} />
        </Row>
      </>
    );
  },
};

function tagList(t: string): string[] | undefined {
  const a = t.split(',').map((s) => s.trim()).filter(Boolean);
  return a.length > 0 ? a : undefined;
}
