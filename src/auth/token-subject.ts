/**
 * Whom a verified token names. The service's own tokens (HMAC, admin command line and demo) carry the user's numeric
 * id; a token from an identity provider's key set carries an external id (JWT_USER_CLAIM) and is only ever matched
 * against `users.external_id`, never against an id (docs/behaviour.md section 15).
 */
export type TokenSubject = { kind: "user"; userId: number } | { kind: "external"; externalId: string };
