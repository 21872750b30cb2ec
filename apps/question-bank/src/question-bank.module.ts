import { Module } from '@nestjs/common';
import { serviceTypeOrm } from '@hoi-thi/platform';
import { AuditController } from './audit/audit.controller';
import { AuditRepository } from './audit/audit.repository';
import { BanksController } from './banks/banks.controller';
import { BanksRepository } from './banks/banks.repository';
import { BanksService } from './banks/banks.service';
import { ContestsController } from './contests/contests.controller';
import { ContestsRepository } from './contests/contests.repository';
import { ContestsService } from './contests/contests.service';
import { ImportsController } from './imports/imports.controller';
import { ImportsService } from './imports/imports.service';
import { QUESTION_BANK_DATABASE } from './question-bank.database';
import { QuestionsController } from './questions/questions.controller';
import { QuestionsRepository } from './questions/questions.repository';
import { QuestionsService } from './questions/questions.service';
import { RoundCache } from './rounds/round-cache';
import { RoundsController } from './rounds/rounds.controller';
import { RoundsRepository } from './rounds/rounds.repository';
import { RoundsService } from './rounds/rounds.service';

/** Root module of the question-bank service. */
@Module({
  imports: [serviceTypeOrm(QUESTION_BANK_DATABASE)],
  // ImportsController before BanksController: /banks/import-template must not be read as /banks/:bankId.
  controllers: [ImportsController, BanksController, QuestionsController, ContestsController, RoundsController, AuditController],
  providers: [
    AuditRepository,
    BanksRepository,
    BanksService,
    QuestionsRepository,
    QuestionsService,
    ImportsService,
    ContestsRepository,
    ContestsService,
    RoundsRepository,
    RoundsService,
    RoundCache,
  ],
})
export class QuestionBankModule {}
