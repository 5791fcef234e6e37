// Threat: deeply nested selections (event → purchases → event → …) multiply resolver calls and
// response size with every level. GraphQL Armor's max-depth rule, configured so that nothing escapes:
// - `__schema` is exempt only while introspection is enabled (development): Sandbox's introspection
//   query nests `ofType` about 13 levels deep. In production introspection is refused outright, so
//   the exemption is off and nothing named `__schema` escapes the count.
// - `flattenFragments: true`: fragments and inline fragments add no level of their own, so a
//   document is measured as if its fragments were inlined (the default counts each spread as a level).
// Fragments are memoised by name (a fragment spread many times is walked once), and a cyclic spread
// stops at the memo instead of looping; cyclic documents are refused by graphql-js's NoFragmentCycles.
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import type { ValidationRule } from 'graphql';
import { reportAs, type LimitSetting } from './refusal';

export function maxDepth(setting: LimitSetting, introspectionEnabled: boolean): ValidationRule {
  return maxDepthRule({ ...reportAs('depth', setting), ignoreIntrospection: introspectionEnabled, flattenFragments: true });
}
