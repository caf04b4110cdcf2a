/** The authenticated user of one request, with the permissions the database grants it right now. */
export interface Principal {
  id: number;
  email: string;
  name: string;
  preferredCurrency: string | null;
  permissions: ReadonlySet<string>;
}
