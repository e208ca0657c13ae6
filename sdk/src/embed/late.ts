// Engine parts the embed loads on demand before a rule set can be scored. Nothing here: the npm
// module and embed.js carry the whole engine. The script tag's build swaps in late.tag.ts.
import type { RuleSet } from '@sluice/schemas';

/** What must load before `rs` can be scored: nothing. */
export const late = (_rs: RuleSet): Promise<unknown> | undefined => undefined;
