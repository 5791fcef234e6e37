import { Field, ID, ObjectType } from 'type-graphql';
import { ApiKeyScope } from '../../guards/access-directives';

@ObjectType({ description: "An API key of the signed-in user (never its secret). Send the key as `X-API-Key: <secret>`." })
export class ApiKey {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'The public start of the key, to recognise it.' })
  prefix!: string;

  @Field(() => [ApiKeyScope])
  scopes!: ApiKeyScope[];

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;
}

@ObjectType({ description: 'A new or rotated key with its secret: shown once, never again.' })
export class CreatedApiKey {
  @Field(() => ApiKey)
  apiKey!: ApiKey;

  @Field(() => String)
  secret!: string;
}
