import type { Principal } from "./principal";
import type { PrincipalLoader } from "./principal-loader";
import { bearerToken, type TokenService } from "./token-service";

/** Turns an Authorization header into the request's principal, once per request; null = unauthenticated. */
export class Authenticator {
  constructor(
    private readonly tokens: TokenService,
    private readonly principals: PrincipalLoader,
  ) {}

  async authenticate(authorization: string | undefined): Promise<Principal | null> {
    const token = bearerToken(authorization);
    if (!token) return null;
    const subject = await this.tokens.verify(token);
    return subject === null ? null : this.principals.load(subject);
  }
}
