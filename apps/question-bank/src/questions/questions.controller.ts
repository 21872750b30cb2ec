import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AccessClaimsV1, CreateQuestionRequestV1, QuestionPageV1, QuestionV1, QuestionVersionListV1, UpdateQuestionRequestV1 } from '@hoi-thi/contracts';
import { Accepts, BodyLimit, CurrentUser, Fails, Returns, Roles } from '@hoi-thi/platform';
import { uuidParam as uuid } from '../common/uuid-param';
import { CreateQuestionDto, QuestionQueryDto, UpdateQuestionDto } from './dto/question.dto';
import { QuestionsService } from './questions.service';

/** The largest question (2,000-character text, 8 options of 1,000, explanation 4,000, …) is ~50 KB of UTF-8: twice that. */
const QUESTION_BODY_LIMIT = 128 * 1024;

const NEAR_DUPLICATE =
  '`question.near-duplicate`: a live question of the bank nearly duplicates the text (same keys once case, diacritics, ' +
  'keyboard and punctuation are set aside, or trigram similarity ≥ 0.9); `errors` names `text` and, in `duplicateOf`, the existing question’s id. Send `allowDuplicate: true` to add it anyway';

@ApiTags('question-bank')
@ApiBearerAuth()
@Roles('organizer', 'admin')
@Controller()
export class QuestionsController {
  constructor(private readonly questions: QuestionsService) {}

  @Get('banks/:bankId/questions')
  @ApiOperation({
    summary: 'A bank’s live questions, in creation order',
    description:
      'Filters `topic`, `difficulty`, `kind`, `q` (text, case and diacritic insensitive); keyset-paged (`?limit=` 1–200, default 50, `?cursor=`), with `total` the count of all matches.',
  })
  @Returns(QuestionPageV1)
  list(@Param('bankId', uuid) bankId: string, @Query() q: QuestionQueryDto): Promise<QuestionPageV1> {
    return this.questions.list(bankId, q);
  }

  @Post('banks/:bankId/questions')
  @BodyLimit(QUESTION_BODY_LIMIT)
  @Accepts(CreateQuestionRequestV1)
  @Returns(QuestionV1, { status: 201 })
  @Fails(409, NEAR_DUPLICATE)
  create(@CurrentUser() user: AccessClaimsV1, @Param('bankId', uuid) bankId: string, @Body() dto: CreateQuestionDto): Promise<QuestionV1> {
    return this.questions.create(user, bankId, dto);
  }

  @Get('questions/:id')
  @ApiOperation({ summary: 'A question’s current version, with its answer key' })
  @Returns(QuestionV1)
  get(@Param('id', uuid) id: string): Promise<QuestionV1> {
    return this.questions.get(id);
  }

  @Get('questions/:id/versions')
  @ApiOperation({ summary: 'Every version of a question, newest first' })
  @Returns(QuestionVersionListV1)
  versions(@Param('id', uuid) id: string): Promise<QuestionVersionListV1> {
    return this.questions.versions(id);
  }

  @Patch('questions/:id')
  @BodyLimit(QUESTION_BODY_LIMIT)
  @ApiOperation({ summary: 'Edits a question into a new immutable version', description: 'Sending the current content again changes nothing (same version).' })
  @Accepts(UpdateQuestionRequestV1)
  @Returns(QuestionV1)
  @Fails(409, NEAR_DUPLICATE)
  update(@CurrentUser() user: AccessClaimsV1, @Param('id', uuid) id: string, @Body() dto: UpdateQuestionDto): Promise<QuestionV1> {
    return this.questions.update(user, id, dto);
  }

  @Delete('questions/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Deletes a question (softly: published rounds keep their frozen versions)' })
  @ApiNoContentResponse({ description: 'deleted' })
  async remove(@CurrentUser() user: AccessClaimsV1, @Param('id', uuid) id: string): Promise<void> {
    await this.questions.remove(user, id);
  }
}
