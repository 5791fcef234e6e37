// Threat: directives can be repeated without limit on one field (`@skip(if: false)` × 500); each one
// is parsed, validated and evaluated, which lets a small document burn CPU (the "directive overloading"
// attack). GraphQL Armor's max-directives rule counts every directive of the operation, its fields,
// spreads and inline fragments, following fragments as if inlined (memoised; cycles stop at the memo).
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { ValidationRule } from 'graphql';
import { reportAs, type LimitSetting } from './refusal';

export function maxDirectives(setting: LimitSetting): ValidationRule {
  return maxDirectivesRule(reportAs('directives', setting));
}
