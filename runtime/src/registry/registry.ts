import { readdir, rm, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { CasesFile, Flow, Issue, Plan, RuleSet, VersionMeta } from '@sluice/schemas';
import { limitIssues, toIssues } from '@sluice/schemas';
import { validateCasesFile, validateFlow, validateVersionMeta } from '@sluice/schemas/validators';
import { compile, loadPlan, loadRuleSet, stringifyDocument } from '@sluice/sdk';
import { SluiceError } from '../errors.js';
import { RULE_SET_ID, ruleSetId } from '../ids.js';
import { writeFileAtomic } from './atomic-write.js';
import { withPublishLock } from './publish-lock.js';
import { Publisher } from './publisher.js';
import { checkPlanDraft, planDraftFileName, planDraftIssues, writePublishedPlan } from './plan-files.js';
import { FileCache, issue } from './file-cache.js';
import type { Cached, Parse, Problem } from './file-cache.js';

export type { Problem };

// Layout of the rules folder (documented in docs/runtime.md):
//   <id>.flow.json                   the draft drawing (the editor's document)
//   <id>.ruleset.json                the latest published version: what scoring uses
//   versions/<id>/v<N>.ruleset.json  every published version, kept forever
//   versions/<id>/v<N>.meta.json     when and by whom it was published (none before Sluice wrote it)
//   versions/<id>/v<N>.flow.json     the drawing that was published (none before Sluice kept it)
//   <id>.plan.json                   the funnel plan (docs/funnel.md)
//   <id>.plan.draft.json             the plan's draft, until it is published
// Examples (<examples>/<id>.flow.json) are compiled on load and served read-only, unless
// the rules folder publishes the same id.

// The summary's shape is a message of the API: defined in schemas/, like every other.
export type { RuleSetSummary } from '@sluice/schemas';
import type { RuleSetSummary } from '@sluice/schemas';

export interface PublishResult {
  id: string;
  version: number;
  hash: string;
  /** The registry's clock when it was published (epoch ms), as its meta file says. */
  publishedAt: number;
  ruleSet: RuleSet;
  warnings: Issue[];
  commit: string | null;
  gitError?: string;
}

export interface RegistryOptions {
  rulesDir: string;
  examplesDir?: string;
  /** How long a checked file is trusted before its mtime is checked again (ms). */
  recheckMs?: number;
  clock?: () => number;
  log?: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
  /** Commit published files: auto (rules folder is a repository's top), on, off. */
  git?: 'auto' | 'on' | 'off';
}

/**
 * The rule-set registry: a folder of files, re-read when they change on disk (mtime
 * check on access), publishing atomically and committing to git when the folder is a
 * work tree, so that `git log` is the audit history.
 *
 * @example
 * const reg = new Registry({ rulesDir: 'rulesets', examplesDir: 'examples' });
 * const rs = await reg.ruleSet('lead-scoring'); // latest published
 */
export class Registry {
  readonly rulesDir: string;
  readonly examplesDir: string | undefined;
  private readonly recheckMs: number;
  private readonly clock: () => number;
  private readonly log: NonNullable<RegistryOptions['log']>;
  private readonly files: FileCache;
  private lock: Promise<unknown> = Promise.resolve();
  private readonly publisher: Publisher;
  private readonly gitMode: 'auto' | 'on' | 'off';

  constructor(o: RegistryOptions) {
    this.rulesDir = o.rulesDir;
    this.examplesDir = o.examplesDir;
    this.recheckMs = o.recheckMs ?? 1000;
    this.clock = o.clock ?? Date.now;
    this.log = o.log ?? (() => {});
    this.files = new FileCache(this.recheckMs, this.clock, this.log);
    this.gitMode = o.git ?? 'auto';
    this.publisher = new Publisher({
      rulesDir: this.rulesDir,
      gitMode: o.git ?? 'auto',
      log: this.log,
      latestVersion: async (id) => (await this.readRuleSet(id, this.latestFile(id))).good?.version ?? 0,
      forget: (id) => this.forget(id),
    });
  }

  private flowFile(id: string): string {
    return join(this.rulesDir, `${ruleSetId(id)}.flow.json`);
  }
  private latestFile(id: string): string {
    return join(this.rulesDir, `${ruleSetId(id)}.ruleset.json`);
  }
  private versionDir(id: string): string {
    return join(this.rulesDir, 'versions', ruleSetId(id));
  }
  private versionFile(id: string, v: number): string {
    if (!Number.isInteger(v) || v < 1) throw new SluiceError('bad_request', 'version must be a positive integer');
    return join(this.versionDir(id), `v${v}.ruleset.json`);
  }
  private metaFile(id: string, v: number): string {
    return join(this.versionDir(id), `v${v}.meta.json`);
  }
  private versionFlowFile(id: string, v: number): string {
    return join(this.versionDir(id), `v${v}.flow.json`);
  }
  private casesFile(id: string): string {
    return join(this.rulesDir, `${ruleSetId(id)}.cases.json`);
  }
  private exampleCasesFile(id: string): string | null {
    return this.examplesDir ? join(this.examplesDir, `${ruleSetId(id)}.cases.json`) : null;
  }
  private planFile(dir: string, id: string): string {
    return join(dir, `${ruleSetId(id)}.plan.json`);
  }
  private exampleFile(id: string): string | null {
    return this.examplesDir ? join(this.examplesDir, `${ruleSetId(id)}.flow.json`) : null;
  }

  /** Reads `file` through the cache; `parse` validates (returns errors instead of throwing). */
  private read<T>(id: string, file: string, parse: Parse<T>): Promise<Cached<T>> {
    return this.files.read(id, file, parse, this.shown(file));
  }

  /** A file as problems name it: relative to the rules folder, or `examples/…`. */
  private shown(file: string): string {
    const inRules = relative(this.rulesDir, file);
    if (!inRules.startsWith('..')) return inRules.split(sep).join('/');
    const inExamples = this.examplesDir ? relative(this.examplesDir, file) : '..';
    return inExamples.startsWith('..') ? file.slice(file.lastIndexOf(sep) + 1) : `examples/${inExamples.split(sep).join('/')}`;
  }

  private readRuleSet(id: string, file: string): Promise<Cached<RuleSet>> {
    return this.read<RuleSet>(id, file, (doc) => {
      const r = loadRuleSet(doc);
      if (!r.ok) return { ok: false, errors: r.errors };
      if (r.ruleSet.id !== id) return { ok: false, errors: [{ path: '/id', message: `must be "${id}" (the file name)` }] };
      return { ok: true, value: r.ruleSet };
    });
  }

  private readDraft(id: string, file: string): Promise<Cached<Flow>> {
    return this.read<Flow>(id, file, (doc) => {
      if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { ok: false, errors: issue('must be a JSON object') };
      if ((doc as { id?: unknown }).id !== id) return { ok: false, errors: [{ path: '/id', message: `must be "${id}" (the file name)` }] };
      return { ok: true, value: doc as Flow };
    });
  }

  /** An example flow, compiled. */
  private readExample(id: string): Promise<Cached<{ flow: Flow; ruleSet: RuleSet }>> | null {
    const file = this.exampleFile(id);
    if (!file) return null;
    return this.read(id, file, (doc) => {
      const r = compile(doc);
      if (!r.ok) return { ok: false, errors: r.errors };
      if (r.ruleSet.id !== id) return { ok: false, errors: [{ path: '/id', message: `must be "${id}" (the file name)` }] };
      return { ok: true, value: { flow: doc as Flow, ruleSet: r.ruleSet } };
    });
  }

  /** Every id found in the rules and examples folders. */
  async ids(): Promise<string[]> {
    const ids = new Set<string>();
    const scan = async (dir: string | undefined, suffixes: string[]) => {
      if (!dir) return;
      let names: string[] = [];
      try {
        names = await readdir(dir);
      } catch {
        return;
      }
      for (const n of names) {
        for (const s of suffixes) {
          if (!n.endsWith(s)) continue;
          const id = n.slice(0, -s.length);
          if (RULE_SET_ID.test(id)) ids.add(id);
        }
      }
    };
    await scan(this.rulesDir, ['.flow.json', '.ruleset.json']);
    await scan(this.examplesDir, ['.flow.json']);
    return [...ids].sort();
  }

  /** The version numbers published in the rules folder. */
  private async publishedVersions(id: string): Promise<number[]> {
    let names: string[] = [];
    try {
      names = await readdir(this.versionDir(id));
    } catch {
      return [];
    }
    return names
      .map((n) => /^v([1-9][0-9]{0,8})\.ruleset\.json$/.exec(n)?.[1])
      .filter((v): v is string => v !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }

  /**
   * The rule set scoring uses: the given version, or the latest published (rules folder
   * first, then the compiled example). Throws 404 when there is none.
   */
  async ruleSet(id: string, version?: number): Promise<RuleSet> {
    ruleSetId(id);
    if (version !== undefined) {
      const c = await this.readRuleSet(id, this.versionFile(id, version));
      if (c.good) return c.good;
      const latest = await this.readRuleSet(id, this.latestFile(id));
      if (latest.good?.version === version) return latest.good;
      const ex = await this.readExample(id);
      if (ex?.good && ex.good.ruleSet.version === version) return ex.good.ruleSet;
      throw new SluiceError('not_found', `rule set ${id} has no version ${version}`);
    }
    const latest = await this.published(id);
    if (latest) return latest;
    const ex = await this.readExample(id);
    if (ex?.good) return ex.good.ruleSet;
    throw new SluiceError('not_found', `rule set ${id} does not exist (or has no published version)`);
  }

  /**
   * The latest published rule set of the rules folder: `<id>.ruleset.json`, or — when that file
   * is invalid or unreadable and no good copy was read before (a restart) — the highest
   * version file that is valid, so one bad file never takes a rule set offline.
   */
  private async published(id: string): Promise<RuleSet | null> {
    const latest = await this.readRuleSet(id, this.latestFile(id));
    if (latest.good || !latest.problem) return latest.good;
    const versions = await this.publishedVersions(id);
    for (const v of versions.reverse()) {
      const c = await this.readRuleSet(id, this.versionFile(id, v));
      if (c.good) return c.good;
    }
    return null;
  }

  /** The draft flow: the rules folder's, else the example's. 404 when neither. */
  async draft(id: string): Promise<{ flow: Flow; source: 'rules' | 'examples' }> {
    ruleSetId(id);
    const d = await this.readDraft(id, this.flowFile(id));
    if (d.good) return { flow: d.good, source: 'rules' };
    const ex = await this.readExample(id);
    if (ex?.good) return { flow: ex.good.flow, source: 'examples' };
    throw new SluiceError('not_found', `rule set ${id} has no draft`);
  }

  async summary(id: string): Promise<RuleSetSummary | null> {
    const latest = await this.readRuleSet(id, this.latestFile(id));
    const draft = await this.readDraft(id, this.flowFile(id));
    const ex = await this.readExample(id);
    const versions = await this.publishedVersions(id);
    const own = await this.published(id);
    // Falling back past a bad latest file: the version files skipped are bad too, say so.
    const skipped = latest.problem ? versions.filter((v) => v > (own?.version ?? 0)) : [];
    const versionProblems = await Promise.all(skipped.map(async (v) => (await this.readRuleSet(id, this.versionFile(id, v))).problem));
    const problems = [latest.problem, ...versionProblems, draft.problem, ex?.problem ?? null].filter((p): p is Problem => p !== null);
    const rs = own ?? ex?.good?.ruleSet ?? null;
    const source = own || draft.good || !ex?.good ? 'rules' : 'examples';
    if (!rs && !draft.good && problems.length === 0) return null;
    for (const v of [rs?.version, ex?.good?.ruleSet.version]) if (v !== undefined && !versions.includes(v)) versions.push(v);
    return {
      id,
      name: rs?.name ?? draft.good?.name ?? ex?.good?.flow.name ?? id,
      source,
      published: rs ? { version: rs.version, hash: rs.hash } : null,
      versions: versions.sort((a, b) => a - b),
      // A draft is one saved to the rules folder; an example's own flow is not one.
      hasDraft: Boolean(draft.good),
      problems,
    };
  }

  async list(): Promise<{ ruleSets: RuleSetSummary[]; problems: Problem[] }> {
    const ruleSets: RuleSetSummary[] = [];
    for (const id of await this.ids()) {
      const s = await this.summary(id);
      if (s) ruleSets.push(s);
    }
    return { ruleSets, problems: ruleSets.flatMap((r) => r.problems) };
  }

  /**
   * The rule set's cases file (`<id>.cases.json`): the rules folder's, else the example's,
   * else an empty one (every rule set has cases, maybe none yet). Throws 422 when the file
   * on disk is not a valid cases file.
   */
  async cases(id: string): Promise<{ cases: CasesFile; source: 'rules' | 'examples' | 'none' }> {
    ruleSetId(id);
    const parse = (doc: unknown) => {
      const errors = casesFileIssues(doc);
      return errors.length === 0 ? { ok: true as const, value: doc as CasesFile } : { ok: false as const, errors };
    };
    const own = await this.read<CasesFile>(id, this.casesFile(id), parse);
    if (own.good) return { cases: own.good, source: 'rules' };
    if (own.problem) throw new SluiceError('invalid_file', `${id}.cases.json is not a valid cases file`, { issues: own.problem.errors });
    const file = this.exampleCasesFile(id);
    const ex = file ? await this.read<CasesFile>(id, file, parse) : null;
    if (ex?.good) return { cases: ex.good, source: 'examples' };
    return { cases: { schemaVersion: 1, ruleSet: id, cases: [] }, source: 'none' };
  }

  /** Writes the rule set's cases file to the rules folder (validated; deterministic JSON). */
  async saveCases(id: string, doc: unknown): Promise<void> {
    ruleSetId(id);
    const issues = casesFileIssues(doc);
    if (issues.length > 0) throw new SluiceError('validation_failed', 'not a valid cases file', { issues });
    if ((doc as CasesFile).ruleSet !== id) throw new SluiceError('validation_failed', `the cases file is for ${(doc as CasesFile).ruleSet}, not ${id}`, { issues: [{ path: '/ruleSet', message: `must be "${id}"` }] });
    await this.exclusive(async () => {
      await writeFileAtomic(this.casesFile(id), stringifyDocument(doc));
      this.files.forget(this.casesFile(id));
    });
  }

  /**
   * The rule set's plan (`<id>.plan.json`): the rules folder's, else the example's, else
   * null. Throws 422 when the file on disk is not a valid plan.
   */
  async plan(id: string): Promise<{ plan: Plan; source: 'rules' | 'examples' } | null> {
    const parse = (doc: unknown) => {
      const r = loadPlan(doc);
      if (!r.ok) return { ok: false as const, errors: r.errors };
      if (r.plan.ruleSet !== id) return { ok: false as const, errors: [{ path: '/ruleSet', message: `must be "${id}" (the file name)` }] };
      return { ok: true as const, value: r.plan };
    };
    const own = await this.read<Plan>(id, this.planFile(this.rulesDir, id), parse);
    if (own.good) return { plan: own.good, source: 'rules' };
    if (own.problem) throw new SluiceError('invalid_file', `${id}.plan.json is not a valid plan`, { issues: own.problem.errors });
    const ex = this.examplesDir ? await this.read<Plan>(id, this.planFile(this.examplesDir, id), parse) : null;
    return ex?.good ? { plan: ex.good, source: 'examples' } : null;
  }

  /** Writes the plan to the rules folder: validated (stages among `knownStages`), deterministic JSON. */
  async savePlan(id: string, doc: unknown, knownStages: readonly string[]): Promise<Plan> {
    ruleSetId(id);
    const r = loadPlan(doc, knownStages);
    if (!r.ok) throw new SluiceError('validation_failed', 'not a valid plan', { issues: r.errors });
    if (r.plan.ruleSet !== id) throw new SluiceError('validation_failed', `the plan is for ${r.plan.ruleSet}, not ${id}`, { issues: [{ path: '/ruleSet', message: `must be "${id}"` }] });
    const file = this.planFile(this.rulesDir, id);
    await this.exclusive(async () => {
      await writeFileAtomic(file, stringifyDocument(r.plan));
      this.files.forget(file);
    });
    return r.plan;
  }

  /**
   * The plan's draft (`<id>.plan.draft.json`), with what stands in the way of publishing it
   * (stages checked against `knownStages`); null when there is none.
   */
  async planDraft(id: string, knownStages: readonly string[]): Promise<{ plan: Plan; issues: Issue[] } | null> {
    const c = await this.read<Plan>(id, join(this.rulesDir, planDraftFileName(id)), (doc) => {
      try {
        checkPlanDraft(doc, id);
      } catch (e) {
        return { ok: false, errors: ((e as SluiceError).details as { issues?: Issue[] } | undefined)?.issues ?? [{ path: '/', message: (e as Error).message }] };
      }
      return { ok: true, value: doc as Plan };
    });
    if (c.problem && !c.good) throw new SluiceError('invalid_file', `${planDraftFileName(id)} is not a draft plan`, { issues: c.problem.errors });
    return c.good ? { plan: c.good, issues: planDraftIssues(c.good, id, knownStages) } : null;
  }

  /** Saves the plan's draft, leaving the published plan alone; returns what would stop it publishing. */
  async savePlanDraft(id: string, doc: unknown, knownStages: readonly string[]): Promise<Issue[]> {
    ruleSetId(id);
    checkPlanDraft(doc, id);
    const file = join(this.rulesDir, planDraftFileName(id));
    await this.exclusive(async () => {
      await writeFileAtomic(file, stringifyDocument(doc));
      this.files.forget(file);
    });
    return planDraftIssues(doc, id, knownStages);
  }

  /** Removes the plan's draft (the published plan stays). */
  async discardPlanDraft(id: string): Promise<boolean> {
    const file = join(this.rulesDir, planDraftFileName(id));
    return this.exclusive(async () => {
      const had = await stat(file).then(() => true, () => false);
      await rm(file, { force: true });
      this.files.forget(file);
      return had;
    });
  }

  /**
   * Publishes the plan's draft as `<id>.plan.json` (404 without a draft; 400 with every
   * problem when it is not a valid plan), committed to git like a flow's publish.
   */
  async publishPlan(id: string, knownStages: readonly string[], o: { author: string; message?: string }): Promise<{ plan: Plan; commit: string | null; gitError?: string }> {
    ruleSetId(id);
    return this.exclusive(async () => {
      const draftFile = join(this.rulesDir, planDraftFileName(id));
      this.files.forget(draftFile);
      const d = await this.read<unknown>(id, draftFile, (doc) => ({ ok: true, value: doc }));
      if (d.problem) throw new SluiceError('validation_failed', `${planDraftFileName(id)} cannot be read as JSON`, { issues: d.problem.errors });
      if (d.good === null) throw new SluiceError('not_found', `rule set ${id} has no draft plan (${planDraftFileName(id)}) to publish`);
      const r = loadPlan(d.good, knownStages);
      const issues = r.ok ? planDraftIssues(r.plan, id, knownStages) : r.errors;
      if (!r.ok || issues.length > 0) throw new SluiceError('validation_failed', `the draft plan of ${id} is not a valid plan: ${issues.length} problem(s)`, { issues });
      const out = await writePublishedPlan(this.rulesDir, this.gitMode, r.plan, o);
      this.files.forget(draftFile);
      this.files.forget(this.planFile(this.rulesDir, id));
      this.log('info', 'plan published', { id, commit: out.commit });
      return { plan: r.plan, ...out };
    });
  }

  /** Saves a draft (no compile needed: drafts may be work in progress). */
  async saveDraft(id: string, flow: unknown): Promise<void> {
    ruleSetId(id);
    if (typeof flow !== 'object' || flow === null || Array.isArray(flow)) throw new SluiceError('bad_request', 'a draft is a flow document (a JSON object)');
    if ((flow as { id?: unknown }).id !== id) throw new SluiceError('bad_request', `the flow's id must be "${id}"`, { issues: [{ path: '/id', message: `must be "${id}"` }] });
    // A draft need not compile, but one the loaders would refuse to read is never written.
    const limits = limitIssues(flow);
    if (limits.length > 0) throw new SluiceError('validation_failed', 'the draft is too deep or holds too long a string', { issues: limits });
    await this.exclusive(async () => {
      await writeFileAtomic(this.flowFile(id), stringifyDocument(flow));
      this.forget(id);
    });
  }

  /**
   * Compiles the draft (or `flow`) and publishes it as the next version. Refuses with the
   * compile errors (400, each naming node id and path) when it does not compile. Safe across
   * processes sharing the folder: the version is chosen and written under the publish lock,
   * and its file is created exclusively.
   */
  async publish(id: string, o: { author: string; message?: string; flow?: unknown }): Promise<PublishResult> {
    ruleSetId(id);
    return this.exclusive(() => withPublishLock(this.rulesDir, async () => {
      await this.publisher.finishInterrupted();
      const flow = o.flow ?? (await this.draft(id)).flow;
      if (typeof flow !== 'object' || flow === null || (flow as { id?: unknown }).id !== id) {
        throw new SluiceError('bad_request', `the flow's id must be "${id}"`, { issues: [{ path: '/id', message: `must be "${id}"` }] });
      }
      // Another process may have published since this one last looked: read the disk again.
      this.forget(id);
      const known = await this.publishedVersions(id);
      const latest = await this.readRuleSet(id, this.latestFile(id));
      const ex = await this.readExample(id);
      const top = Math.max(0, ...known, latest.good?.version ?? 0, ex?.good?.ruleSet.version ?? 0);
      const version = top + 1;
      const versioned = { ...(flow as Record<string, unknown>), version };
      const r = compile(versioned);
      if (!r.ok) throw new SluiceError('compile_failed', `${id} does not compile: ${r.errors.length} problem(s)`, { issues: r.errors });
      const ruleSet: RuleSet = { ...r.ruleSet, version };
      const publishedAt = this.clock();
      const meta = versionMeta(ruleSet, publishedAt, o.author, o.message);
      const { commit, gitError } = await this.publisher.write({
        id, version, hash: ruleSet.hash, author: o.author, ...(o.message ? { message: o.message } : {}),
        ruleSet: stringifyDocument(ruleSet), flow: stringifyDocument(versioned), meta: stringifyDocument(meta),
      });
      this.log('info', 'published', { id, version, hash: ruleSet.hash, commit });
      const out: PublishResult = { id, version, hash: ruleSet.hash, publishedAt, ruleSet, warnings: r.warnings, commit };
      if (gitError) out.gitError = gitError;
      return out;
    }));
  }

  /**
   * Run once at start, before serving: finishes interrupted publishes and removes the temp
   * files a killed writer left behind (under the publish lock, so a live publisher in another
   * process is waited for, not undone).
   */
  async recover(): Promise<void> {
    try {
      await this.exclusive(() => withPublishLock(this.rulesDir, () => this.publisher.recover((f) => this.shown(f))));
    } catch (e) {
      // A read-only rules folder (a mounted config) serves fine; it just cannot be published to.
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EROFS' && code !== 'EACCES' && code !== 'EPERM') throw e;
      this.log('warn', 'rules folder is not writable: nothing to recover, publishing will fail', { code });
    }
  }

  /**
   * Versions of a rule set: every published one, oldest first, with its publish time and
   * author from its meta file (publishedAt null: published before Sluice recorded it, or by
   * hand; an example's built-in version has none either).
   */
  async versions(id: string): Promise<VersionInfo[]> {
    const s = await this.summary(ruleSetId(id));
    if (!s) throw new SluiceError('not_found', `rule set ${id} does not exist`);
    const out: VersionInfo[] = [];
    for (const v of s.versions) {
      try {
        const rs = await this.ruleSet(id, v);
        const meta = await this.versionMeta(id, v, rs.hash);
        out.push({ version: v, hash: rs.hash, name: rs.name, publishedAt: meta?.publishedAt ?? null, ...(meta?.author ? { author: meta.author } : {}) });
      } catch {
        // an unreadable version file shows up in problems
      }
    }
    return out;
  }

  /** A version's meta file, when there is a valid one for this very content (its hash). */
  private async versionMeta(id: string, v: number, hash: string): Promise<VersionMeta | null> {
    const c = await this.read<VersionMeta>(id, this.metaFile(id, v), (doc) => {
      if (!validateVersionMeta(doc)) return { ok: false, errors: toIssues(validateVersionMeta.errors, doc) };
      const m = doc as VersionMeta;
      if (m.ruleSet !== id || m.version !== v) return { ok: false, errors: [{ path: '/version', message: `must be ${id} v${v} (the file name)` }] };
      return { ok: true, value: m };
    });
    // A meta file left from other content (a version file replaced by hand) says nothing about this one.
    return c.good && c.good.hash === hash ? c.good : null;
  }

  /**
   * The drawing version `v` was published from (`versions/<id>/v<N>.flow.json`): positions,
   * labels, descriptions as they were. Validated like every file read (limits, schema, id and
   * version, and it must compile to the version's hash); an example's built-in version is drawn
   * by the example itself. Throws 404 when the version has none (published before drawings
   * were kept, or installed from the database), 422 when the file is there but invalid.
   */
  async versionFlow(id: string, v: number): Promise<Flow> {
    ruleSetId(id);
    const rs = await this.ruleSet(id, v);
    const file = this.versionFlowFile(id, v);
    const c = await this.read<{ flow: Flow; hash: string }>(id, file, (doc) => {
      const limits = limitIssues(doc);
      if (limits.length > 0) return { ok: false, errors: limits };
      if (!validateFlow(doc)) return { ok: false, errors: toIssues(validateFlow.errors, doc) };
      const f = doc as Flow;
      if (f.id !== id || f.version !== v) return { ok: false, errors: [{ path: '/version', message: `must be ${id} v${v} (the file name)` }] };
      const r = compile(f);
      if (!r.ok) return { ok: false, errors: r.errors };
      return { ok: true, value: { flow: f, hash: r.ruleSet.hash } };
    });
    // A drawing left from other content (a version file replaced by hand) does not draw this one.
    if (c.good?.hash === rs.hash) return c.good.flow;
    if (c.problem) throw new SluiceError('invalid_file', `${this.shown(file)} is not a valid drawing of ${id} v${v}`, { issues: c.problem.errors });
    const ex = await this.readExample(id);
    if (!c.good && ex?.good && ex.good.ruleSet.version === v && ex.good.ruleSet.hash === rs.hash) return { ...ex.good.flow, version: v };
    throw new SluiceError('not_found', c.good
      ? `${id} v${v} has a stored drawing that does not match its rules (the version file was changed by hand)`
      : `${id} v${v} has no stored drawing: it was published before drawings were kept`);
  }

  /**
   * Writes a version published elsewhere (another runtime, through the database) into the
   * rules folder: its version file when missing, and the latest file when it is newer than
   * the one there. Validated like any file read. Returns whether the latest changed.
   */
  async installVersion(ruleSet: RuleSet, publishedAt?: number): Promise<boolean> {
    const id = ruleSetId(ruleSet.id);
    const loaded = loadRuleSet(ruleSet);
    if (!loaded.ok) throw new Error(`rule set ${id} v${ruleSet.version} from the database is invalid: ${loaded.errors.map((e) => e.message).join('; ')}`);
    // Under the publish lock like a publish: a CLI or another process publishing in this
    // folder reads the highest version and writes the next, and must not see it change midway.
    return this.exclusive(() => withPublishLock(this.rulesDir, async () => {
      const body = stringifyDocument(ruleSet);
      if (!(await this.publishedVersions(id)).includes(ruleSet.version)) {
        await writeFileAtomic(this.versionFile(id, ruleSet.version), body);
        // The publish time travels with the version (the database keeps it); the author stays in the publishing runtime's git.
        if (publishedAt !== undefined) await writeFileAtomic(this.metaFile(id, ruleSet.version), stringifyDocument(versionMeta(ruleSet, publishedAt)));
      }
      const latest = await this.readRuleSet(id, this.latestFile(id));
      if (latest.good && latest.good.version >= ruleSet.version) return false;
      await writeFileAtomic(this.latestFile(id), body);
      this.forget(id);
      return true;
    }));
  }

  /** Every problem file known, for /readyz. */
  async problems(): Promise<Problem[]> {
    return (await this.list()).problems;
  }

  private forget(id: string): void {
    for (const f of [this.flowFile(id), this.latestFile(id)]) this.files.forget(f);
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }
}

/** A published version as GET /v1/rulesets/{id}/versions lists it. */
export interface VersionInfo {
  version: number;
  hash: string;
  name: string;
  /** ISO-8601; null when the version has no meta file (published before Sluice wrote one). */
  publishedAt: string | null;
  author?: string;
}

/** The meta file of a version published at `at` (epoch ms). */
function versionMeta(rs: RuleSet, at: number, author?: string, message?: string): VersionMeta {
  return {
    schemaVersion: 1, ruleSet: rs.id, version: rs.version, hash: rs.hash, publishedAt: new Date(at).toISOString(),
    ...(author ? { author } : {}), ...(message ? { message } : {}),
  };
}

/** Everything wrong with a cases file: the size limits every loader holds first, then the schema. */
export function casesFileIssues(doc: unknown): Issue[] {
  const limits = limitIssues(doc);
  if (limits.length > 0) return limits;
  return validateCasesFile(doc) ? [] : toIssues(validateCasesFile.errors, doc);
}
