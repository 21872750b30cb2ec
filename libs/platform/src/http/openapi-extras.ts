/**
 * OpenAPI path items for routes registered on Fastify directly (the hot routes skip Nest's router, so
 * @nestjs/swagger cannot see them). A service registers them at load time under its name; the document of a
 * process lists those of the services it hosts.
 */
export type OpenApiPathItem = Record<string, unknown>;

const extras = new Map<string, Record<string, OpenApiPathItem>>();

export function registerOpenApiPaths(service: string, paths: Record<string, OpenApiPathItem>): void {
  extras.set(service, { ...(extras.get(service) ?? {}), ...paths });
}

export function openApiExtrasFor(services: string[]): Record<string, OpenApiPathItem> {
  return Object.assign({}, ...services.map((s) => extras.get(s) ?? {}));
}
