import type { BudgetDecision } from "./budgets";

/**
 * The header fields of a counted response (draft-ietf-httpapi-ratelimit-headers, structured fields, RFC 9651):
 *   RateLimit-Policy: "user";q=600;w=60        the policy: its name, quota and window in seconds
 *   RateLimit: "user";r=599;t=60               what remains after this request, and seconds until the quota resets
 * and, on a refusal, Retry-After (seconds). Names are structured-field strings, numbers integers.
 */
export function rateLimitFields(decision: BudgetDecision): Record<string, string> {
  const { policy } = decision;
  const fields: Record<string, string> = {
    "ratelimit-policy": `"${policy.name}";q=${policy.quota};w=${policy.windowSeconds}`,
    ratelimit: `"${policy.name}";r=${decision.remaining};t=${decision.resetSeconds}`,
  };
  if (!decision.allowed) fields["retry-after"] = String(decision.resetSeconds);
  return fields;
}
