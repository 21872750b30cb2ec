import { RequestMethod } from '@nestjs/common';

/**
 * Routes whose requests are not logged one line each (the hot routes: thousands per second, where a line per
 * request costs a sixth of the work — docs/adr/0003-hot-path.md). Their errors are still logged by the problem
 * filter. A service registers them at load time; paths are relative to the `api` prefix.
 */
export interface QuietRoute {
  method: RequestMethod;
  path: string;
}

const quiet: QuietRoute[] = [];

export function registerQuietRoutes(...routes: QuietRoute[]): void {
  quiet.push(...routes);
}

export function quietRoutes(): QuietRoute[] {
  return [...quiet];
}
