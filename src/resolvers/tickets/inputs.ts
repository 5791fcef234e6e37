import { IsOptional, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType({ description: 'A ticket order. Retrying with the same idempotencyKey returns the original purchase.' })
export class BuyTicketInput {
  @Field(() => ID)
  @IsUUID()
  eventId!: string;

  @Field(() => Int, { description: "1 to the server's per-order maximum (10 by default), and within the event's maxTicketsPerUser." })
  quantity!: number;

  @Field(() => String, { description: '8 to 128 characters of A-Z a-z 0-9 . _ : -, unique per order (a UUID is ideal).' })
  @Length(8, 128)
  @Matches(/^[A-Za-z0-9._:-]+$/, { message: 'idempotencyKey may contain only A-Z a-z 0-9 . _ : -' })
  idempotencyKey!: string;

  @Field(() => String, { nullable: true, description: 'A current code of your authenticator app (TOTP; recovery codes are not accepted). Required when quantity is over the step-up threshold (4 by default); each code buys once.' })
  @IsOptional()
  @MaxLength(32)
  twoFactorCode?: string | null;
}
