/**
 * The schema Ajv validates with: each `oneOf` whose branches are told apart by a property only
 * one of them requires (conditions: all/any/not/fact; score rules: when/event/aggregate; decay)
 * becomes an if/then chain on that property. A `oneOf` reports every branch's errors, so one
 * mistake in a rule read as six; the chain checks only the branch the author meant. What it
 * accepts is unchanged, and the types are still generated from the `oneOf`.
 */
export function branchedByKey(schema) {
  const out = structuredClone(schema);
  const target = (s) => (s.$ref ? out.$defs[s.$ref.split('/').pop()] : s);
  const visit = (s) => {
    if (Array.isArray(s)) return s.forEach(visit);
    if (typeof s !== 'object' || s === null) return;
    for (const v of Object.values(s)) visit(v);
    if (!Array.isArray(s.oneOf) || s.discriminator) return;
    const required = s.oneOf.map((b) => target(b).required ?? []);
    const keys = required.map((r, i) => r.find((k) => required.every((o, j) => j === i || !o.includes(k))));
    if (keys.some((k) => k === undefined) || s.oneOf.some((b) => target(b).type !== 'object')) return;
    // Neither key present: the branch with the most required properties says what is missing.
    const fallback = required.reduce((best, r, i) => (r.length > required[best].length ? i : best), 0);
    let chain = s.oneOf[fallback];
    for (let i = s.oneOf.length - 1; i >= 0; i--) {
      if (i !== fallback) chain = { if: { type: 'object', required: [keys[i]] }, then: s.oneOf[i], else: chain };
    }
    delete s.oneOf;
    Object.assign(s, chain);
  };
  visit(out.$defs);
  return out;
}
