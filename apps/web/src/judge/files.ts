import { fillPath, queryString } from '../lib/api';
import type { ApiRoutes } from '../lib/routes.gen';

/** The operations of the route table that answer a file (a Blob), not JSON. */
export type FileRoute = { [K in keyof ApiRoutes]: ApiRoutes[K]['response'] extends Blob ? K : never }[keyof ApiRoutes];

/**
 * The URL of a file route for `download()` (which takes a path), built from its route key like `call()` builds
 * its own: `fileUrl('GET /api/rounds/{roundId}/results', { roundId }, { format: 'csv' })`.
 */
export function fileUrl<K extends FileRoute>(route: K, path: ApiRoutes[K]['path'], query: ApiRoutes[K]['query']): string {
  return fillPath(route.slice(route.indexOf(' ') + 1), path) + queryString(query);
}
