import { ArrayMaxSize, ArrayMinSize, IsOptional, IsUUID, Length } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ApiKeyScope } from '../../guards/access-directives';

@InputType()
export class CreateApiKeyInput {
  @Field(() => String, { description: '1 to 100 characters.' })
  @Length(1, 100)
  name!: string;

  @Field(() => [ApiKeyScope], { description: 'At least one scope.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  scopes!: ApiKeyScope[];

  @Field(() => Date, { nullable: true, description: 'Optional expiry; must be in the future.' })
  @IsOptional()
  expiresAt?: Date | null;
}

@ArgsType()
export class ApiKeyIdArgs {
  @Field(() => ID)
  @IsUUID()
  id!: string;
}
