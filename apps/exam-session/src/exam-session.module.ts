import { EligibilityRepository } from './eligibility/eligibility.repository';
import { EligibilityService } from './eligibility/eligibility.service';
import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { envProvider, PlatformEnv, serviceTypeOrm } from '@hoi-thi/platform';
import { AnswersService } from './answers/answers.service';
import { AttemptStateService } from './attempts/attempt-state.service';
import { AttemptsController } from './attempts/attempts.controller';
import { AttemptsRepository } from './attempts/attempts.repository';
import { AttemptsService } from './attempts/attempts.service';
import { HotStateRepository } from './attempts/hot-state.repository';
import { EXAM_SESSION_DATABASE } from './exam-session.database';
import { ExamSessionEnv } from './exam-session.env';
import { HotRoutes } from './hot-routes/hot-routes';
import { RegradingRepository } from './regrading/regrading.repository';
import { RegradingService } from './regrading/regrading.service';
import { ContestVisibilityListener } from './rounds/contest-visibility.listener';
import { RoundsRepository } from './rounds/rounds.repository';
import { EXAM_CONFIG, ExamConfig, examConfigFrom } from './shared/exam-config';
import { createExamPool, EXAM_PG } from './shared/exam-pg';
import { DeadlineSweeper } from './submissions/deadline-sweeper';
import { OutboxRelay } from './submissions/outbox-relay';
import { SubmissionsService } from './submissions/submissions.service';

/** The clock of every rule (deadlines, grace, submission times) is the platform's `Clock`: tests give createTestApp a FakeClock. */
export interface ExamSessionOptions {
  /** Overrides of the settings read from the environment (e.g. `workers: false` in tests). */
  config?: Partial<ExamConfig>;
}

@Injectable()
class ExamPoolLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EXAM_PG) private readonly pool: Pool) {}
  async onApplicationShutdown(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}

/** One TypeORM registration per process, whichever forRoot() variant (service default, tests) builds the app. */
const DATABASE_MODULE = serviceTypeOrm(EXAM_SESSION_DATABASE);

/** Root module of the exam-session service. */
@Module({})
export class ExamSessionModule {
  static forRoot(opts: ExamSessionOptions = {}): DynamicModule {
    return {
      module: ExamSessionModule,
      imports: [DATABASE_MODULE],
      controllers: [AttemptsController],
      providers: [
        envProvider(ExamSessionEnv),
        {
          provide: EXAM_CONFIG,
          inject: [PlatformEnv, ExamSessionEnv],
          useFactory: (env: PlatformEnv, exam: ExamSessionEnv) => examConfigFrom(env, exam, opts.config),
        },
        { provide: EXAM_PG, inject: [PlatformEnv, EXAM_CONFIG], useFactory: (env: PlatformEnv, c: ExamConfig) => createExamPool(env, c.hotPoolSize) },
        ExamPoolLifecycle,
        RoundsRepository,
        ContestVisibilityListener,
        HotStateRepository,
        AttemptsRepository,
        EligibilityRepository,
        EligibilityService,
        AttemptStateService,
        OutboxRelay,
        SubmissionsService,
        AnswersService,
        AttemptsService,
        DeadlineSweeper,
        RegradingService,
        RegradingRepository,
        HotRoutes,
      ],
      exports: [EXAM_CONFIG, AttemptsService, AnswersService, SubmissionsService, DeadlineSweeper, OutboxRelay, RegradingService, AttemptStateService],
    };
  }
}
