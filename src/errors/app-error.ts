// The one error class the application throws on purpose. Its code is from the public list, its
// message is safe to show, and `extensions` carry only documented, non-secret details.
import { GraphQLError } from 'graphql';
import type { ErrorCode } from './codes';

export interface AppErrorDetails {
  /** The argument or input field at fault (BAD_USER_INPUT). */
  field?: string;
  /** Which limit was exceeded (DOCUMENT_LIMIT_EXCEEDED). */
  limit?: string;
  /** HTTP status for errors that refuse a whole request. */
  httpStatus?: number;
  [key: string]: unknown;
}

export class AppError extends GraphQLError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, details: AppErrorDetails = {}) {
    const { httpStatus, ...extensions } = details;
    super(message, {
      extensions: { code, ...extensions, ...(httpStatus ? { http: { status: httpStatus } } : {}) },
    });
    this.code = code;
  }
}

export const badInput = (field: string, message: string): AppError =>
  new AppError('BAD_USER_INPUT', message, { field });

export const notFound = (what: string): AppError => new AppError('NOT_FOUND', `${what} was not found`);

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
