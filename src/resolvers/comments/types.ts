import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { connectionType } from '../common/connection-type';

@Directive('@cacheControl(inheritMaxAge: true)')
@ObjectType({ description: 'What anyone may know of a user: id and username.' })
export class PublicUser {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  username!: string;
}

@Directive('@cacheControl(inheritMaxAge: true)')
@ObjectType({ description: "A comment in an event's thread. The body is plain text, never markup." })
export class Comment {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  eventId!: string;

  @Field(() => PublicUser)
  author!: PublicUser;

  @Field(() => String)
  body!: string;

  @Field(() => Date)
  createdAt!: Date;
}

export const CommentConnection = connectionType(Comment, 'Comment');
