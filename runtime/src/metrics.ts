// Prometheus text exposition, written by hand: four metric families do not need a library.

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function labels(l: Record<string, string>): string {
  const parts = Object.entries(l).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/**
 * The runtime's metrics: requests by route and status, a latency histogram by route,
 * scores by rule set and stage, events ingested.
 *
 * @example
 * metrics.request('/v1/score', 'POST', 200, 0.0012);
 * res.text(metrics.render());
 */
export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly latency = new Map<string, { buckets: number[]; sum: number; count: number }>();
  private readonly scores = new Map<string, number>();
  private readonly scoreKeys = new Map<string, Map<string, string>>();
  private readonly keyCache = new Map<string, [string, string]>();
  private eventsIngested = 0;
  private eventsDuplicate = 0;

  request(route: string, method: string, status: number, seconds: number): void {
    // Per request: label strings are built once per (method, route, status).
    const id = `${method} ${route} ${status}`;
    let keys = this.keyCache.get(id);
    if (!keys) {
      if (this.keyCache.size > 10_000) this.keyCache.clear();
      keys = [labels({ method, route, status: String(status) }), labels({ method, route })];
      this.keyCache.set(id, keys);
    }
    const [k, lk] = keys;
    this.requests.set(k, (this.requests.get(k) ?? 0) + 1);
    let h = this.latency.get(lk);
    if (!h) {
      h = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.latency.set(lk, h);
    }
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= (BUCKETS[i] as number)) h.buckets[i] = (h.buckets[i] ?? 0) + 1;
    h.sum += seconds;
    h.count++;
  }

  scored(ruleSet: string, stage: string, n = 1): void {
    // Called per lead (batch): keep it to two map lookups, labels are built once.
    let byStage = this.scoreKeys.get(ruleSet);
    if (!byStage) this.scoreKeys.set(ruleSet, (byStage = new Map()));
    let k = byStage.get(stage);
    if (k === undefined) byStage.set(stage, (k = labels({ rule_set: ruleSet, stage })));
    this.scores.set(k, (this.scores.get(k) ?? 0) + n);
  }

  events(inserted: number, duplicates: number): void {
    this.eventsIngested += inserted;
    this.eventsDuplicate += duplicates;
  }

  render(): string {
    const out: string[] = [];
    out.push('# HELP sluice_http_requests_total HTTP requests by route and status.', '# TYPE sluice_http_requests_total counter');
    for (const [k, v] of this.requests) out.push(`sluice_http_requests_total${k} ${v}`);
    out.push('# HELP sluice_http_request_duration_seconds Request latency.', '# TYPE sluice_http_request_duration_seconds histogram');
    for (const [k, h] of this.latency) {
      const base = k.slice(1, -1);
      BUCKETS.forEach((b, i) => out.push(`sluice_http_request_duration_seconds_bucket{${base},le="${b}"} ${h.buckets[i] ?? 0}`));
      out.push(`sluice_http_request_duration_seconds_bucket{${base},le="+Inf"} ${h.count}`);
      out.push(`sluice_http_request_duration_seconds_sum${k} ${h.sum}`);
      out.push(`sluice_http_request_duration_seconds_count${k} ${h.count}`);
    }
    out.push('# HELP sluice_scores_total Leads scored, by rule set and resulting stage.', '# TYPE sluice_scores_total counter');
    for (const [k, v] of this.scores) out.push(`sluice_scores_total${k} ${v}`);
    out.push('# HELP sluice_events_ingested_total Events stored.', '# TYPE sluice_events_ingested_total counter');
    out.push(`sluice_events_ingested_total ${this.eventsIngested}`);
    out.push('# HELP sluice_events_duplicate_total Replayed events ignored.', '# TYPE sluice_events_duplicate_total counter');
    out.push(`sluice_events_duplicate_total ${this.eventsDuplicate}`);
    return `${out.join('\n')}\n`;
  }
}
