import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The platform's helmet policy: the web client's own origin, websockets, and inline styles (React's `style`
 * attributes). Scripts only from the origin's files — no inline script: the Vite build emits external modules,
 * the service worker is registered from one, and Swagger UI loads its init from a file — so an injected
 * `<script>` cannot run, and with it nothing could lift a token from the page.
 */
export const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      connectSrc: ["'self'", 'ws:', 'wss:'],
    },
  },
  crossOriginEmbedderPolicy: false,
};

/**
 * The headers helmet sets for `options`, computed once: helmet is run against a response that only records
 * them. Its policy does not depend on the request, so the result is the same for every response.
 */
export function securityHeaders(options: HelmetOptions = HELMET_OPTIONS): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as never, recorder as never, () => undefined);
  return headers;
}

/**
 * helmet's headers on every response, as one onRequest hook with the header set computed at boot. The
 * @fastify/helmet plugin builds helmet anew for every request (parsing the CSP directives each time), which cost
 * a cached leaderboard read about a tenth of its CPU. A route registered with `helmet: false` (the JSON-only hot
 * routes, which set their own few headers) gets none.
 */
export function installSecurityHeaders(fastify: FastifyInstance, options: HelmetOptions = HELMET_OPTIONS): void {
  const headers = securityHeaders(options);
  fastify.addHook('onRoute', (route: RouteOptions & { helmet?: unknown }) => {
    if (route.helmet === false) route.config = { ...(route.config as object), securityHeaders: false } as RouteOptions['config'];
  });
  fastify.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if ((req.routeOptions.config as { securityHeaders?: boolean } | undefined)?.securityHeaders !== false) void reply.headers(headers);
    done();
  });
}
