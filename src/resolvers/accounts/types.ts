import { createUnionType, Field, ID, ObjectType } from 'type-graphql';
import { Role } from '../../guards/access-directives';

@ObjectType({ description: 'The signed-in account (own data only).' })
export class User {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  username!: string;

  @Field(() => [Role])
  roles!: Role[];

  @Field(() => Boolean)
  twoFactorEnabled!: boolean;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType({ description: 'A signed-in session: a short-lived access token and a single-use refresh token.' })
export class AuthPayload {
  @Field(() => String, { description: 'Send as `Authorization: Bearer <accessToken>`.' })
  accessToken!: string;

  @Field(() => String, { description: 'Exchange once with refreshToken for a new pair; reusing a spent one ends the whole session.' })
  refreshToken!: string;

  @Field(() => Date, { description: 'When the access token expires.' })
  expiresAt!: Date;

  @Field(() => User)
  user!: User;
}

@ObjectType({ description: 'The password was right and the account has 2FA: finish with verifyTwoFactor.' })
export class TwoFactorChallenge {
  @Field(() => String)
  challengeToken!: string;

  @Field(() => Date)
  expiresAt!: Date;
}

export const LoginResult = createUnionType({
  name: 'LoginResult',
  types: () => [AuthPayload, TwoFactorChallenge] as const,
  resolveType: (value) => ('challengeToken' in value ? TwoFactorChallenge : AuthPayload),
});

@ObjectType()
export class TwoFactorEnrollment {
  @Field(() => String, { description: 'otpauth:// URI for authenticator apps.' })
  otpauthUri!: string;

  @Field(() => String, { description: 'The same URI as a QR code (PNG data URL).' })
  qrCodeDataUrl!: string;
}

@ObjectType({ description: 'Single-use recovery codes, shown once.' })
export class RecoveryCodes {
  @Field(() => [String])
  codes!: string[];
}
