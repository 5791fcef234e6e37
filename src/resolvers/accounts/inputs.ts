import { Length } from 'class-validator';
import { Field, InputType } from 'type-graphql';

/** Username and password; the two inputs stay separate types in the API contract. */
@InputType()
abstract class Credentials {
  @Field(() => String)
  @Length(1, 64)
  username!: string;

  @Field(() => String)
  @Length(1, 256)
  password!: string;
}

@InputType({ description: 'A new account. Username: 3 to 32 of a-z 0-9 . _ - (case-insensitive). Password: 12 to 72 characters (at most 72 bytes), not containing the username, not a common password.' })
export class RegisterInput extends Credentials {}

@InputType()
export class LoginInput extends Credentials {}

@InputType({ description: 'code: the current 6-digit TOTP code, or one of the recovery codes.' })
export class VerifyTwoFactorInput {
  @Field(() => String)
  @Length(1, 2048)
  challengeToken!: string;

  @Field(() => String)
  @Length(1, 32)
  code!: string;
}
