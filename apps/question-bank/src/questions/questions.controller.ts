import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AccessClaimsV1 } from '@hoi-thi/contracts';
import { BodyLimit, CurrentUser, Roles } from '@hoi-thi/platform';
import { uuidParam as uuid } from '../common/uuid-param';
import { CreateQuestionDto, QuestionQueryDto, UpdateQuestionDto } from './dto/question.dto';
import { QuestionsService } from './questions.service';

/** The largest question (2,000-character text, 8 options of 1,000, explanation 4,000, …) is ~50 KB of UTF-8: twice that. */
const QUESTION_BODY_LIMIT = 128 * 1024;

@ApiTags('question-bank')
@ApiBearerAuth()
@Roles('organizer', 'admin')
@Controller()
export class QuestionsController {
  constructor(private readonly questions: QuestionsService) {}

  @Get('banks/:bankId/questions')
  list(@Param('bankId', uuid) bankId: string, @Query() q: QuestionQueryDto) {
    return this.questions.list(bankId, { topic: q.topic, difficulty: q.difficulty, kind: q.kind, q: q.q, limit: q.limit ?? 50, offset: q.offset ?? 0 });
  }

  @Post('banks/:bankId/questions')
  @BodyLimit(QUESTION_BODY_LIMIT)
  create(@CurrentUser() user: AccessClaimsV1, @Param('bankId', uuid) bankId: string, @Body() dto: CreateQuestionDto) {
    return this.questions.create(user, bankId, dto);
  }

  @Get('questions/:id')
  get(@Param('id', uuid) id: string) {
    return this.questions.get(id);
  }

  @Get('questions/:id/versions')
  versions(@Param('id', uuid) id: string) {
    return this.questions.versions(id);
  }

  @Patch('questions/:id')
  @BodyLimit(QUESTION_BODY_LIMIT)
  update(@CurrentUser() user: AccessClaimsV1, @Param('id', uuid) id: string, @Body() dto: UpdateQuestionDto) {
    return this.questions.update(user, id, dto);
  }

  @Delete('questions/:id')
  @HttpCode(204)
  async remove(@CurrentUser() user: AccessClaimsV1, @Param('id', uuid) id: string) {
    await this.questions.remove(user, id);
  }
}
