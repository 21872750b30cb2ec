/** A PostgreSQL error saying a table or schema is not there (another service's schema not migrated in this database). */
export function isMissingRelation(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === '42P01' || code === '3F000';
}
