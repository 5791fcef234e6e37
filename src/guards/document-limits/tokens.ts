// Threat: a huge document (10,000 repeated fields, thousands of aliases or directives) costs lexing,
// parsing and validation before any other limit looks at it, and graphql-js's
// OverlappingFieldsCanBeMerged rule is quadratic in repeated fields. graphql-js counts tokens while
// it parses and aborts at `maxTokens` (Apollo's `parseOptions`): the cheapest place to stop them.
// Apollo answers that abort as GRAPHQL_PARSE_FAILED; `tokenLimitError` recognises it (for the error
// formatter, the one place errors are shaped) and turns it into our DOCUMENT_LIMIT_EXCEEDED.
import type { GraphQLFormattedError, ParseOptions } from 'graphql';
import type { AppError } from '../../errors/app-error';
import { documentLimitError } from './refusal';

export function tokenParseOptions(maxTokens: number): ParseOptions {
  return { maxTokens };
}

// graphql-js 16 writes "more that N tokens"; accept the corrected spelling too.
const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more th(?:at|an) (\d+) tokens\. Parsing aborted\.$/;

export function tokenLimitError(formatted: GraphQLFormattedError, exposeLimits: boolean): AppError | undefined {
  if (formatted.extensions?.code !== 'GRAPHQL_PARSE_FAILED') return undefined;
  const match = TOKEN_LIMIT_MESSAGE.exec(formatted.message);
  return match ? documentLimitError('tokens', { max: Number(match[1]), exposeLimits }) : undefined;
}
