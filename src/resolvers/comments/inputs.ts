import { IsUUID } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PaginationArgs } from '../common/pagination';

@ArgsType()
export class CommentsArgs extends PaginationArgs {
  @Field(() => ID)
  @IsUUID()
  eventId!: string;
}

@InputType()
export class PostCommentInput {
  @Field(() => ID)
  @IsUUID()
  eventId!: string;

  @Field(() => String, { description: 'Plain text, 1 to 2,000 characters after trimming; NFC-normalised; no control characters except line breaks and tabs, and no bidirectional embeddings, overrides or isolates (U+202A–U+202E, U+2066–U+2069). Stored and returned as sent, never interpreted.' })
  body!: string;
}
