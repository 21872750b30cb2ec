import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pickLang } from './error-catalog';
import { toProblem } from './problem';
import { NotFoundException } from '@nestjs/common';
import { trySpaFallback } from '../http/spa-fallback';

/** The one place where errors become `application/problem+json` (HTTP only; gateways answer their own). */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (exception instanceof NotFoundException && trySpaFallback(req, reply)) return;
    sendProblem(req, reply, exception, this.logger);
  }
}

export function sendProblem(req: FastifyRequest, reply: FastifyReply, exception: unknown, logger?: Logger): void {
  const p = toProblem(exception, pickLang(req.headers['accept-language']));
  if (p.unexpected) {
    const log = logger ?? new Logger('ProblemFilter');
    log.error({ errorId: p.body.errorId, reqId: req.id, err: p.unexpected }, 'unexpected error');
  }
  if (reply.sent) return;
  void reply.status(p.status).headers(p.headers).header('content-type', 'application/problem+json; charset=utf-8').send(p.body);
}
