import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { connectionType } from '../common/connection-type';

/** GraphQL names for the stored outcomes. */
export enum AuditOutcome {
  SUCCESS = 'success',
  FAILURE = 'failure',
  REFUSED = 'refused',
}

registerEnumType(AuditOutcome, {
  name: 'AuditOutcome',
  description: 'SUCCESS: it happened. FAILURE: wrong credentials or code. REFUSED: a flow rule or check said no (see `code`).',
});

@ObjectType({ description: 'A small, non-secret fact of an audit event (ids, counts, the refusing rule).' })
export class AuditDetail {
  @Field(() => String)
  key!: string;

  @Field(() => String)
  value!: string;
}

@ObjectType({ description: 'A security event: a sign-in, a key or 2FA change, a purchase, or a refusal by a flow rule. Never secrets, codes or comment bodies.' })
export class AuditEvent {
  @Field(() => ID)
  id!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => String, { description: 'The flow or action: buyTicket, postComment, login, verifyTwoFactor, register, twoFactor.enable, apiKey.rotate, …' })
  flow!: string;

  @Field(() => AuditOutcome)
  outcome!: AuditOutcome;

  @Field(() => String, { nullable: true, description: 'The error code of a failure or refusal.' })
  code!: string | null;

  @Field(() => ID, { nullable: true, description: 'The acting account (for a sign-in attempt: the account it named); null when anonymous.' })
  userId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The API key the caller used; null for a signed-in user or an anonymous caller.' })
  apiKeyId!: string | null;

  @Field(() => String)
  clientAddress!: string;

  @Field(() => String, { description: 'Ties the event to the response (`extensions.requestId`) and the log lines.' })
  requestId!: string;

  @Field(() => [AuditDetail], { description: 'For refusals by a flow rule, `rule` names the row of the flow rules registry.' })
  details!: AuditDetail[];
}

export const AuditEventConnection = connectionType(AuditEvent, 'AuditEvent');
