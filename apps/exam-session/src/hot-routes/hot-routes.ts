import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AccessClaimsV1 } from '@hoi-thi/contracts';
import { AccessTokens, HotAuth, ProblemException, sendProblem } from '@hoi-thi/platform';
import { AnswersService } from '../answers/answers.service';
import { isSaveAnswerBody, SaveAnswerDto } from '../answers/dto/save-answer.dto';
import { normalizePrediction } from '../submissions/attempt-result';
import { isSubmitBody, SubmitAttemptDto } from '../submissions/dto/submit-attempt.dto';
import { SubmissionsService } from '../submissions/submissions.service';
import { validateHot } from './fast-validation';
import './hot-routes.openapi';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };

function json(reply: FastifyReply, body: string) {
  return reply.headers(JSON_HEADERS).send(body);
}

function contestant(user: AccessClaimsV1): void {
  if (!user.roles.includes('contestant')) throw new ProblemException('auth.forbidden');
}

/**
 * The two hot routes — PUT /api/attempts/:id/answers/:questionId and POST /api/attempts/:id/submit — registered
 * on the Fastify instance itself rather than through Nest's router, guards and pipes (see docs/adr/0003-hot-path.md):
 * the same passport-jwt verification (cached per token), the same class-validator DTOs (behind a compiled check),
 * the same problem+json errors (sendProblem), and nothing a save does not need.
 */
@Injectable()
export class HotRoutes implements OnModuleInit {
  private readonly auth: HotAuth;

  constructor(
    private readonly host: HttpAdapterHost,
    @Inject(AccessTokens) tokens: AccessTokens,
    private readonly answers: AnswersService,
    private readonly submissions: SubmissionsService,
  ) {
    this.auth = new HotAuth(tokens);
  }

  onModuleInit(): void {
    const fastify = this.host.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify || typeof fastify.route !== 'function') return;
    // JSON-only answers: helmet's per-response header set (CSP and the like, for HTML) is skipped; the headers that
    // matter for an API response are set by `json()` below.
    const helmetOff = { helmet: false } as Record<string, unknown>;
    fastify.route({
      method: 'PUT',
      url: '/api/attempts/:id/answers/:questionId',
      ...helmetOff,
      handler: (req, reply) => this.save(req, reply),
    });
    fastify.route({
      method: 'POST',
      url: '/api/attempts/:id/submit',
      ...helmetOff,
      handler: (req, reply) => this.submit(req, reply),
    });
  }

  private async save(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    try {
      const user = await this.auth.authenticate(req);
      contestant(user);
      const dto = validateHot(SaveAnswerDto, req.body, isSaveAnswerBody);
      const { id, questionId } = req.params as { id: string; questionId: string };
      const r = await this.answers.save(user, id, questionId, dto);
      await json(reply, `{"saved":true,"seq":${r.seq}}`);
    } catch (e) {
      sendProblem(req, reply, e);
    }
  }

  private async submit(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    try {
      const user = await this.auth.authenticate(req);
      contestant(user);
      const dto = validateHot(SubmitAttemptDto, req.body, isSubmitBody);
      const key = req.headers['idempotency-key'];
      const idem = typeof key === 'string' && IDEMPOTENCY_KEY.test(key) ? key : null;
      const { id } = req.params as { id: string };
      const result = await this.submissions.submit(user, id, normalizePrediction(dto?.prediction), idem);
      await json(reply, result);
    } catch (e) {
      sendProblem(req, reply, e);
    }
  }
}
