// The one refusal every document limit answers with: DOCUMENT_LIMIT_EXCEEDED, `extensions.limit`
// naming the limit, `extensions.max` only where limits may be shown (not in production, where the
// number would only help an attacker size a document just under it).
import type { ValidationContext } from 'graphql';
import { AppError } from '../../errors/app-error';

export type DocumentLimitName = 'depth' | 'aliases' | 'directives' | 'tokens' | 'rootFields';

/** One limit as a rule needs it: its maximum and whether the number may be shown. */
export interface LimitSetting {
  max: number;
  exposeLimits: boolean;
}

const LABELS: Record<DocumentLimitName, string> = {
  depth: 'depth',
  aliases: 'alias',
  directives: 'directive',
  tokens: 'token',
  rootFields: 'root field',
};

export function documentLimitError(limit: DocumentLimitName, setting: LimitSetting): AppError {
  const label = LABELS[limit];
  const message = setting.exposeLimits ? `Document exceeds the ${label} limit of ${setting.max}` : `Document exceeds the ${label} limit`;
  return new AppError('DOCUMENT_LIMIT_EXCEEDED', message, {
    limit,
    ...(setting.exposeLimits ? { max: setting.max } : {}),
    httpStatus: 400,
  });
}

/** The options GraphQL Armor's rules share (their `GraphQLArmorCallbackConfiguration` plus `n`). */
export interface ArmorOptions {
  n: number;
  exposeLimits: boolean;
  propagateOnRejection: boolean;
  onReject: ((context: ValidationContext | null) => void)[];
}

/**
 * GraphQL Armor's rules throw a plain GraphQLError ("Syntax Error: …", no code) out of `validate`;
 * instead, report our coded error into the validation context and let validation finish normally.
 */
export function reportAs(limit: DocumentLimitName, setting: LimitSetting): ArmorOptions {
  return {
    n: setting.max,
    exposeLimits: false,
    propagateOnRejection: false,
    onReject: [(context) => context?.reportError(documentLimitError(limit, setting))],
  };
}
