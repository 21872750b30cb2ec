import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AccessClaimsV1 } from '@hoi-thi/contracts';
import { HotAuth, registerHotRoute } from '@hoi-thi/platform';
import { AnswersService } from '../answers/answers.service';
import { isSaveAnswerBody, SaveAnswerDto } from '../answers/dto/save-answer.dto';
import { normalizePrediction } from '../submissions/attempt-result';
import { isSubmitBody, SubmitAttemptDto } from '../submissions/dto/submit-attempt.dto';
import { SubmissionsService } from '../submissions/submissions.service';
import { validateHot } from './fast-validation';
import { SAVE_ANSWER_ROUTE, SUBMIT_ROUTE } from './hot-routes.openapi';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

/**
 * The two hot routes — PUT /api/attempts/:id/answers/:questionId and POST /api/attempts/:id/submit — registered
 * on the Fastify instance itself rather than through Nest's router, guards and pipes (see docs/adr/0003-hot-path.md):
 * the same passport-jwt verification (cached per token), the same class-validator DTOs (behind a compiled check),
 * the same problem+json errors (sendProblem), and nothing a save does not need.
 */
@Injectable()
export class HotRoutes implements OnModuleInit {
  constructor(
    private readonly host: HttpAdapterHost,
    private readonly auth: HotAuth,
    private readonly answers: AnswersService,
    private readonly submissions: SubmissionsService,
  ) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter?.getInstance<FastifyInstance>();
    registerHotRoute(fastify, this.auth, SAVE_ANSWER_ROUTE, (req, user) => this.save(req, user));
    registerHotRoute(fastify, this.auth, SUBMIT_ROUTE, (req, user) => this.submit(req, user));
  }

  /** AnswerSavedV1, written by hand: no serializer on the hottest route. */
  private async save(req: FastifyRequest, user: AccessClaimsV1): Promise<string> {
    const dto = validateHot(SaveAnswerDto, req.body, isSaveAnswerBody);
    const { id, questionId } = req.params as { id: string; questionId: string };
    const r = await this.answers.save(user, id, questionId, dto);
    return `{"saved":true,"seq":${r.seq}}`;
  }

  /** AttemptResultV1: the stored JSON of the result (the same bytes on every repeat). */
  private submit(req: FastifyRequest, user: AccessClaimsV1): Promise<string> {
    const dto = validateHot(SubmitAttemptDto, req.body, isSubmitBody);
    const key = req.headers['idempotency-key'];
    const idem = typeof key === 'string' && IDEMPOTENCY_KEY.test(key) ? key : null;
    const { id } = req.params as { id: string };
    return this.submissions.submit(user, id, normalizePrediction(dto?.prediction), idem);
  }
}
