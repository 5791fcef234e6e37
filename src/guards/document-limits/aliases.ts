// Threat: aliases repeat a field under new names, so one request runs the same resolver N times
// (`a1: login(…) a2: login(…)` brute force; `a1: events … a1000: events` amplification).
// GraphQL Armor's max-aliases rule, with its default allow-list (`__typename`) emptied: a thousand
// `x: __typename` aliases still cost parsing, validation and response bytes, so they count.
// It follows fragment spreads (memoised by name, each spread counted as if inlined) and stops at a
// cyclic spread instead of looping; cyclic documents are refused by graphql-js's NoFragmentCycles.
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import type { ValidationRule } from 'graphql';
import { reportAs, type LimitSetting } from './refusal';

export function maxAliases(setting: LimitSetting): ValidationRule {
  return maxAliasesRule({ ...reportAs('aliases', setting), allowList: [] });
}
