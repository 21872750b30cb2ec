import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { envProvider, serviceTypeOrm } from '@hoi-thi/platform';
import { LEADERBOARD_DATABASE } from './leaderboard.database';
import { LeaderboardEnv } from './leaderboard.env';
import { AuditEntryEntity } from './judge/audit-entry.entity';
import { DisqualificationEntity } from './judge/disqualification.entity';
import { DisqualificationsRepository } from './judge/disqualifications.repository';
import { JudgeController } from './judge/judge.controller';
import { JudgeRepository } from './judge/judge.repository';
import { JudgeService } from './judge/judge.service';
import { BoardFastPath } from './live/board-fast-path';
import { MyRankRoute } from './live/my-rank-route';
import { ContestVisibility } from './live/contest-visibility';
import { BoardReadService } from './live/board-read.service';
import { LeaderboardController } from './live/leaderboard.controller';
import { LiveBoardRepository } from './live/live-board.repository';
import { LiveBoardService } from './live/live-board.service';
import { LiveNotifier } from './live/live-notifier';
import { LivePublisher } from './live/live-publisher';
import { LiveGateway } from './live/live.gateway';
import { SubmissionsConsumer } from './live/submissions.consumer';
import { PrizesController } from './prizes/prizes.controller';
import { PrizesRepository } from './prizes/prizes.repository';
import { PrizesService } from './prizes/prizes.service';
import { RegradeService } from './results/regrade.service';
import { ResultsController } from './results/results.controller';
import { ResultsRepository } from './results/results.repository';
import { ResultsService } from './results/results.service';
import { AttemptsReader } from './sources/attempts.reader';
import { RegistrationReader } from './sources/registration.reader';
import { RoundsReader } from './sources/rounds.reader';

/** Root module of the leaderboard service: live board (stream consumer, HTTP, socket.io), results, judges, prizes. */
@Module({
  imports: [serviceTypeOrm(LEADERBOARD_DATABASE), TypeOrmModule.forFeature([DisqualificationEntity, AuditEntryEntity], 'leaderboard')],
  controllers: [LeaderboardController, ResultsController, JudgeController, PrizesController],
  providers: [
    envProvider(LeaderboardEnv),
    RoundsReader,
    RegistrationReader,
    AttemptsReader,
    LiveBoardRepository,
    LiveBoardService,
    BoardReadService,
    ContestVisibility,
    BoardFastPath,
    MyRankRoute,
    LiveNotifier,
    LivePublisher,
    LiveGateway,
    SubmissionsConsumer,
    DisqualificationsRepository,
    JudgeRepository,
    JudgeService,
    ResultsRepository,
    ResultsService,
    RegradeService,
    PrizesRepository,
    PrizesService,
  ],
})
export class LeaderboardModule {}
