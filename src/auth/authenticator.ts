import type { Principal } from "./principal";
import type { PrincipalLoader } from "./principal-loader";
import { bearerToken, type TokenService } from "./token-service";

/** A verified token's user, now and later. */
export interface AuthenticatedSession {
  principal: Principal;
  current(): Promise<Principal | null>;
}

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

  /**
   * A long-lived session's identity (a WebSocket connection): the token is verified once, and `current()` gives the
   * user as it stands now — from the principal cache, which every committed change to users, roles or permissions
   * flushes — until the token expires (then it is verified again, with the same clock tolerance, and refused).
   */
  async session(authorization: string | undefined): Promise<AuthenticatedSession | null> {
    const token = bearerToken(authorization);
    if (!token) return null;
    const subject = await this.tokens.verify(token);
    if (subject === null) return null;
    const principal = await this.principals.load(subject);
    if (!principal) return null;
    const expiresAt = this.tokens.expiresAt(token);
    const current = async (): Promise<Principal | null> => {
      if (Date.now() >= expiresAt && (await this.tokens.verify(token)) === null) return null;
      return this.principals.load(subject);
    };
    return { principal, current };
  }
}
