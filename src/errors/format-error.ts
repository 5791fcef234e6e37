// What clients see of an error. Fail closed: only deliberate, coded errors keep their message and
// their documented extensions; everything else becomes INTERNAL_SERVER_ERROR with a generic message
// in production (the full error is logged by the request-logging plugin). Never a stack trace, and
// never class-validator's raw `validationErrors` (they hold the whole input, passwords included).
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import { tokenLimitError } from '../guards/document-limits';
import { isAppError } from './app-error';
import { protocolErrorCodes } from './codes';

const GENERIC_MESSAGE = 'Internal server error';

export function createErrorFormatter(options: { isProduction: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    try {
      return formatKnown(formatted, unwrap(formatted, error, options.isProduction)) ?? internal(formatted, options.isProduction);
    } catch {
      return { message: GENERIC_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
  };
}

/**
 * The error behind what Apollo reports: a resolver's own error; an AppError a validation rule
 * reported (Apollo wraps it in its GRAPHQL_VALIDATION_FAILED error); or, for the parser's token
 * abort (GRAPHQL_PARSE_FAILED), the document-limit refusal it stands for.
 */
function unwrap(formatted: GraphQLFormattedError, error: unknown, isProduction: boolean): unknown {
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError && isAppError(original.originalError)) return original.originalError;
  return tokenLimitError(formatted, !isProduction) ?? original;
}

function formatKnown(formatted: GraphQLFormattedError, original: unknown): GraphQLFormattedError | undefined {
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (isAppError(original)) {
    const { http: _http, ...extensions } = original.extensions as Record<string, unknown>;
    return { ...base, message: original.message, extensions };
  }
  if (original instanceof ArgumentValidationError) {
    const first = (original.extensions.validationErrors as ValidationError[])[0];
    const { field, message } = describeValidationError(first);
    return { ...base, message, extensions: { code: 'BAD_USER_INPUT', field } };
  }
  if (isApolloRequestError(original)) return { ...base, extensions: { code: 'BAD_REQUEST' } };
  const code = formatted.extensions?.code;
  if (code === 'BAD_USER_INPUT') return { ...base, extensions: { code, field: variableField(formatted.message) } };
  if (typeof code === 'string' && (protocolErrorCodes as readonly string[]).includes(code)) {
    return { ...base, extensions: { code } };
  }
  return undefined;
}

/**
 * A request-shape error Apollo raises without a code of its own but with a 4xx status (a persisted
 * query hash that is not the sha256 of the text, an unsupported persisted-query version): the
 * client's mistake, so BAD_REQUEST with Apollo's message rather than a masked internal error. Only
 * request-level errors (no `path`): nothing a resolver throws is unmasked this way.
 */
export function isApolloRequestError(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.extensions.code !== undefined || error.path !== undefined) return false;
  const status = (error.extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

function internal(formatted: GraphQLFormattedError, isProduction: boolean): GraphQLFormattedError {
  return {
    message: isProduction ? GENERIC_MESSAGE : formatted.message,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/** The dotted path of the first failing property and its first constraint's message. */
function describeValidationError(error: ValidationError | undefined, prefix = ''): { field?: string; message: string } {
  if (!error) return { message: 'Invalid input' };
  const field = prefix ? `${prefix}.${error.property}` : error.property;
  const constraint = error.constraints && Object.values(error.constraints)[0];
  if (constraint) return { field, message: constraint };
  return describeValidationError(error.children?.[0], field);
}

/** Apollo's variable-coercion message names the place: `… at "input.quantity"; …` or `Variable "$id" …`. */
function variableField(message: string): string | undefined {
  const at = /at "([^"]+)"/.exec(message);
  if (at) return at[1].split('.').slice(1).join('.') || at[1];
  return /Variable "\$([A-Za-z0-9_]+)"/.exec(message)?.[1];
}
