import { IsOptional, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PaginationArgs } from '../common/pagination';
import { AuditOutcome } from './types';

@InputType({ description: 'Every set field must match. `since` is inclusive, `until` exclusive.' })
export class AuditEventFilter {
  @Field(() => String, { nullable: true, description: 'e.g. buyTicket, postComment, login.' })
  @IsOptional()
  @MaxLength(64)
  flow?: string | null;

  @Field(() => AuditOutcome, { nullable: true })
  outcome?: AuditOutcome | null;

  @Field(() => String, { nullable: true, description: 'An error code, e.g. PURCHASE_LIMIT_EXCEEDED.' })
  @IsOptional()
  @Matches(/^[A-Z_]{1,64}$/, { message: 'code must be an error code (A-Z and _)' })
  code?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  userId?: string | null;

  @Field(() => String, { nullable: true, description: 'As recorded (after TRUST_PROXY), e.g. 203.0.113.7.' })
  @IsOptional()
  @MaxLength(64)
  clientAddress?: string | null;

  @Field(() => Date, { nullable: true })
  since?: Date | null;

  @Field(() => Date, { nullable: true })
  until?: Date | null;
}

@ArgsType()
export class AuditEventsArgs extends PaginationArgs {
  @Field(() => AuditEventFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: AuditEventFilter | null;
}
