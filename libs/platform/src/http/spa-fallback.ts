import type { FastifyReply, FastifyRequest } from 'fastify';

let enabled = false;

/** When the web client is served, a GET of an unknown non-API path answers its index.html (client routing). */
export function setSpaFallback(on: boolean): void {
  enabled = on;
}

export function trySpaFallback(req: FastifyRequest, reply: FastifyReply): boolean {
  if (!enabled || req.method !== 'GET' || req.url.startsWith('/api') || req.url.startsWith('/socket.io')) return false;
  void (reply as FastifyReply & { sendFile(f: string): FastifyReply }).sendFile('index.html');
  return true;
}
