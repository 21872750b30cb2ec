/**
 * OpenAPI path items for routes registered on Fastify directly (the hot routes skip Nest's router, so
 * @nestjs/swagger cannot see them). A service registers them at load time under its name; the document of a
 * process lists those of the services it hosts.
 */
export type OpenApiPathItem = Record<string, unknown>;

const extras = new Map<string, Record<string, OpenApiPathItem>>();

/** Adds path items of `service`'s; two methods of one path, declared apart, are both kept. */
export function registerOpenApiPaths(service: string, paths: Record<string, OpenApiPathItem>): void {
  const mine = { ...(extras.get(service) ?? {}) };
  for (const [path, item] of Object.entries(paths)) mine[path] = { ...(mine[path] ?? {}), ...item };
  extras.set(service, mine);
}

export function openApiExtrasFor(services: string[]): Record<string, OpenApiPathItem> {
  return Object.assign({}, ...services.map((s) => extras.get(s) ?? {}));
}
