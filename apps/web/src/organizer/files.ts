import { download, fillPath, queryString } from '../lib/api';
import type { ApiRoutes } from '../lib/routes.gen';

/** The operations of the route table that answer a file. */
export type FileRoute = { [K in keyof ApiRoutes]: ApiRoutes[K]['response'] extends Blob ? K : never }[keyof ApiRoutes];

/** Downloads a protected file (an export) by its operation, typed by the route table like `call(...)`. */
export function downloadFile<K extends FileRoute>(route: K, args: { path: ApiRoutes[K]['path']; query?: ApiRoutes[K]['query'] }, fallbackName: string) {
  const template = route.slice(route.indexOf(' ') + 1);
  return download(fillPath(template, args.path) + queryString(args.query), fallbackName);
}
