// Help texts, kept apart so that `sluice --help` loads nothing else.
export const HELP: Record<string, string> = {
  main: `sluice — lead-qualification rules: validate, compile, test, diff, impact, simulate, publish, plan, funnel, serve

Usage: sluice <command> [options]

Commands:
  validate <files...>                      check *.flow.json, *.ruleset.json, *.cases.json, *.plan.json
  compile <flow> [-o <ruleset>] [--browser] compile a flow into a rule set
  test <ruleset-or-flow> <cases>           run a cases file; exit 1 on any failure
  diff <a> <b>                             structural diff of two rule sets (or flows)
  impact <old> <new> --leads <ndjson>      how many leads change stage between two versions
  simulate <flow> --leads <ndjson|csv>     where a data set's leads go: counts per node, edge, stage
  publish --url <runtime> <flow>           publish a flow through a runtime (key: SLUICE_SECRET_KEY)
  plan <id.plan.json> [--json]             the funnel plan worked back from its target
  funnel --url <runtime> --ruleset <id>    the measured funnel beside the plan
  serve [--port n] [--data dir] [--rules dir]   start the HTTP runtime

Exit codes, for every command: 0 ok; 1 a check failed (invalid file, failing case, differences);
2 the command could not run (unknown command or option, missing argument, a file that does not
exist or cannot be read).

Run sluice <command> --help for details.`,
  validate: `Usage: sluice validate <files...>

Checks each file by its name: *.flow.json (schema, graph, fields, operators — a full compile),
*.ruleset.json (schema and semantics), *.cases.json (schema).
Prints every problem as "file: nodeId path message" (a JSON syntax error as "file:line:column:
message" with the line) and checks every file even after a bad one. Exits 1 if a file is
invalid, 2 if one does not exist, cannot be read or has an unknown kind.`,
  compile: `Usage: sluice compile <flow.json> [-o <out.ruleset.json>] [--browser]

Compiles a flow into a rule set (deterministic JSON). Without -o the rule set goes to stdout.
--browser writes the form GET /v1/rulesets/:id/public serves: each set-node expression also
carries its parsed form, which the browser bundles (sdk/dist/engine.min.js) need.
Exits 1 with every error ("file: nodeId path message") when the flow does not compile.`,
  test: `Usage: sluice test <ruleset-or-flow> <cases.json> [--json]

Runs every case of the cases file against the rule set (a *.flow.json is compiled first).
Failures are printed as expected/actual per path; exits 1 on any failure (use it in CI).`,
  diff: `Usage: sluice diff <a> <b> [--json]

Structural diff of two rule sets (*.ruleset.json or *.flow.json): nodes added, removed and
changed, and within changed nodes the rules, rows, items and fields, with JSON paths.
Exits 0 when they are the same, 1 when they differ.`,
  impact: `Usage: sluice impact <old> <new> --leads <leads.ndjson|leads.csv> [--map <column=field>...] [--now <time>] [--json]

Scores every lead of the file (NDJSON: one {lead, events?, account?, now?, id?} or bare lead per
line; CSV: as for simulate, mapped to the new rule set's fields; streamed) with both rule sets and
prints how many leads move from each stage to each other, with up to 3 example lead ids per move.
--now defaults to the current time. --json prints the comparison: the stage matrix and the moved
leads with the score rules whose points changed.`,
  simulate: `Usage: sluice simulate <ruleset-or-flow> --leads <file.ndjson|file.csv> [--map <column=field>...]
                       [--format ndjson|csv] [--now <time>] [--sample <n>] [--threads <n>] [--json]
       sluice simulate <ruleset-or-flow> --generate <count> [--seed <n>] [--json]

Runs every lead of the data set through the rule set and prints, per stage, node, port (edge),
reject reason, checklist item, score (histogram with the flow's thresholds) and grade, how many
leads went there. The file is streamed: memory stays flat for any number of leads.
  NDJSON  one EvaluationInput per line ({lead, events?, account?}, optionally id and now; a bare
          lead object is read as {lead}); a line's own now wins over --now.
  CSV     a header row, then one lead per row (RFC 4180). Columns are matched to the start node's
          fields by key or label, then by HubSpot/Salesforce export names ("Job Title",
          "Number of Employees", "Company size", "Industry", "Country/Region", "Lifecycle Stage",
          "Lead Status", ...); any other column becomes lead.<camelCase>. --map "Headcount=account.employees"
          maps a column yourself (repeatable; --map "Notes=-" skips one).
Bad rows are reported by row number and skipped. --generate uses the example generator's
synthetic leads (seeded, --seed default 42). --sample n adds, per edge, node and outcome, the
indexes of the first n leads. An NDJSON file of 16 MB or more is parsed and evaluated in one
worker thread per core (up to 8); --threads n sets how many (1: none). The report is the same.
--json prints one JSON document. Exit 1 when no row could be used.`,
  publish: `Usage: sluice publish --url <runtime> <flow.json> [--author <name>] [--message <text>]

Publishes a flow as the next version of its rule set through a running runtime
(POST /v1/rulesets/:id/publish), for a rule-set repository's CI. The flow is compiled here first:
a broken one fails with its errors before any request. The secret key comes from
SLUICE_SECRET_KEY. --author defaults to GITHUB_ACTOR, GITLAB_USER_LOGIN or USER. On PostgreSQL
every runtime on the database serves the new version within a second (docs/scale.md).
Prints "published <id> v<N> (<hash>)"; exits 1 when the runtime refuses it, 2 when it cannot
be reached or refuses the key.`,
  plan: `Usage: sluice plan <id.plan.json> [--json]

Validates the plan (rates above 0 and at most 1, one step between each pair of consecutive
stages, no unknown stage) and prints how many leads each stage needs per period, worked back
from the target and rounded up at every step (62.5 → 63), with the planned days.
Exits 1 with every problem ("file: path message") when the plan is invalid. See docs/funnel.md.`,
  funnel: `Usage: sluice funnel --url <runtime> --ruleset <id> [--from <date>] [--to <date>] [--by month|quarter|version|source] [--key <secret>] [--json]

Asks the runtime for the measured funnel (GET /v1/funnel) and prints it beside the rule set's
plan: per stage the leads that reached it, those back through recycling, how many went on to the
next stage, the conversion (! when below the plan's) and median days; then handoff SLA figures.
--from defaults to the start of the current quarter (UTC), --to to now; a plain date as --to
includes that day. --url and --key default to SLUICE_URL and SLUICE_SECRET_KEY.`,
  serve: `Usage: sluice serve [--port <n>] [--host <addr>] [--data <dir>] [--rules <dir>] [--database <url>]

Starts the HTTP runtime. Flags win over the environment:
  --port   PORT              (default 8787)
  --host   HOST              (default 127.0.0.1)
  --data   SLUICE_DATA_DIR   (default .data)      SQLite database and development keys
  --rules  SLUICE_RULES_DIR  (default rulesets)   rule-set folder (git work tree: publishes commit)
  --database SLUICE_DATABASE_URL (default: SQLite in --data)  postgres://user:pass@host:5432/db
                             for several runtimes on one PostgreSQL (docs/scale.md)
More settings (keys, limits, webhooks) are environment variables: see docs/runtime.md.`,
};
