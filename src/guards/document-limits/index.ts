// Document limits: cheap checks on the shape of a document, all before any resolver runs. Tokens stop
// the parser itself; depth, aliases, directives and root fields are validation rules. Each refusal is
// DOCUMENT_LIMIT_EXCEEDED (HTTP 400) with `extensions.limit` naming the limit.
import type { ApolloServerPlugin } from '@apollo/server';
import type { ParseOptions, ValidationRule } from 'graphql';
import type { RequestContext } from '../../context/context';
import { maxAliases } from './aliases';
import { maxDepth } from './depth';
import { maxDirectives } from './directives';
import { maxRootFields } from './root-fields';
import { tokenParseOptions } from './tokens';

export { tokenLimitError } from './tokens';

/** Defaults start from GraphQL Armor's published ones (depth 6, aliases 15, directives 50, tokens 1,000). */
export interface DocumentLimits {
  /** Deepest field nesting of an operation, fragments inlined. Default 6. */
  depth?: number;
  /** Aliased fields in an operation, `__typename` included, fragments inlined. Default 15. */
  aliases?: number;
  /** Directives in an operation, fragments inlined. Default 50. */
  directives?: number;
  /** Lexical tokens in the whole document; the parser stops past it. Default 1,000. */
  tokens?: number;
  /** Fields in an operation's root selection set, fragments inlined. Default 10. */
  rootFields?: number;
  /** Show the numbers (message and `extensions.max`). Default true; the server passes false in production. */
  exposeLimits?: boolean;
  /** Whether introspection is served; only then is the `__schema` field exempt from depth. Default false. */
  introspectionEnabled?: boolean;
}

export const DEFAULT_DOCUMENT_LIMITS: Readonly<Required<DocumentLimits>> = Object.freeze({
  depth: 6,
  aliases: 15,
  directives: 50,
  tokens: 1000,
  rootFields: 10,
  exposeLimits: true,
  introspectionEnabled: false,
});

export interface DocumentLimitGuards {
  validationRules: ValidationRule[];
  parseOptions: ParseOptions;
  plugins: ApolloServerPlugin<RequestContext>[];
}

/** The one place defaults are applied (an `undefined` field takes its default). */
export function resolveDocumentLimits(limits: DocumentLimits = {}): Required<DocumentLimits> {
  const given = Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
  return { ...DEFAULT_DOCUMENT_LIMITS, ...given };
}

export function documentLimitGuards(limits: DocumentLimits = {}): DocumentLimitGuards {
  const resolved = resolveDocumentLimits(limits);
  const setting = (max: number) => ({ max, exposeLimits: resolved.exposeLimits });
  return {
    parseOptions: tokenParseOptions(resolved.tokens),
    validationRules: [
      maxDepth(setting(resolved.depth), resolved.introspectionEnabled),
      maxAliases(setting(resolved.aliases)),
      maxDirectives(setting(resolved.directives)),
      maxRootFields(setting(resolved.rootFields)),
    ],
    // Nothing to hook yet: the parser and validation carry every limit; the token refusal is shaped
    // by the error formatter (see ./tokens.ts).
    plugins: [],
  };
}
