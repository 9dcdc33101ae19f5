import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requestContext } from '../../platform/context.ts';
import { contentDisposition, type StoredFile } from '../../platform/files.ts';
import { closeReview, getSummary, listRecommended, readReviewDocument } from './close-review.ts';
import { createCommission, createCommittee, getCommittee, listCommissions, listCommittees, openNewRound, recordAttendance, recordRecusal, startReview } from './committees.ts';
import { createExpert, listExperts, updateExpert } from './experts.ts';
import {
  AttendanceSchema,
  CandidateParamsSchema,
  CloseReviewSchema,
  CommissionCreateSchema,
  CommissionListSchema,
  CommissionSchema,
  CommitteeCreateSchema,
  CommitteeListSchema,
  CommitteeSchema,
  DocumentParamsSchema,
  EvidenceParamsSchema,
  ExpertCreateSchema,
  ExpertListSchema,
  ExpertSchema,
  ExpertUpdateSchema,
  IdParamsSchema,
  MyReviewSchema,
  RecommendedListSchema,
  RecommendedQuerySchema,
  RecusalCreateSchema,
  RoundSchema,
  ScoreSheetSchema,
  SummarySchema,
  VoteSchema,
} from './schemas.ts';
import { castVote, closeScoring, myReview, readEvidence, saveScores } from './scoring.ts';

const INLINE_FILE_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'";

function sendFile(reply: FastifyReply, file: StoredFile, bytes: Buffer, inline: boolean) {
  reply
    .header('content-type', file.mediaType)
    .header('content-length', String(bytes.length))
    .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', file.name))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store');
  if (inline) reply.header('content-security-policy', INLINE_FILE_CSP);
  return reply.send(bytes);
}

/** 组织评审 (section 四(二)): commissions, expert pool, committees, recusals, scoring, secret ballots, the close and its documents. */
export const reviewRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['review'];

  app.get('/review/commissions', { schema: { tags, summary: '委托评审 / Commissioned plans', response: { 200: CommissionListSchema } } }, async (request) => ({
    items: await listCommissions(app.db, requestContext(request)),
  }));
  app.post('/review/commissions', { schema: { tags, summary: '委托考评机构评审 / Commission the evaluation body', body: CommissionCreateSchema, response: { 201: CommissionSchema } } }, async (request, reply) =>
    reply.status(201).send(await createCommission(app.db, requestContext(request), request.body.planId)),
  );

  app.get('/review/experts', { schema: { tags, summary: '专家库 / Expert pool', response: { 200: ExpertListSchema } } }, async (request) => ({ items: await listExperts(app.db, requestContext(request)) }));
  app.post('/review/experts', { schema: { tags, summary: '添加专家 / Add an expert', body: ExpertCreateSchema, response: { 201: ExpertSchema } } }, async (request, reply) =>
    reply.status(201).send(await createExpert(app.db, requestContext(request), request.body)),
  );
  app.patch('/review/experts/:id', { schema: { tags, summary: '修改专家 / Change an expert', params: IdParamsSchema, body: ExpertUpdateSchema, response: { 200: ExpertSchema } } }, async (request) =>
    updateExpert(app.db, requestContext(request), request.params.id, request.body),
  );

  app.get('/review/committees', { schema: { tags, summary: '评审委员会 / Committees', querystring: RecommendedQuerySchema, response: { 200: CommitteeListSchema } } }, async (request) => ({
    items: await listCommittees(app.db, requestContext(request), request.query),
  }));
  app.post('/review/committees', { schema: { tags, summary: '组建评审委员会 / Form a committee', body: CommitteeCreateSchema, response: { 201: CommitteeSchema } } }, async (request, reply) =>
    reply.status(201).send(await createCommittee(app.db, requestContext(request), request.body)),
  );
  app.get('/review/committees/:id', { schema: { tags, summary: '查看评审委员会 / Read a review committee', params: IdParamsSchema, response: { 200: CommitteeSchema } } }, async (request) => getCommittee(app.db, requestContext(request), request.params.id));
  app.post('/review/committees/:id/recusals', { schema: { tags, summary: '回避 / Record a recusal', params: IdParamsSchema, body: RecusalCreateSchema, response: { 200: CommitteeSchema } } }, async (request) =>
    recordRecusal(app.db, requestContext(request), request.params.id, request.body),
  );
  app.put('/review/committees/:id/attendance', { schema: { tags, summary: '出席情况 / Attendance', params: IdParamsSchema, body: AttendanceSchema, response: { 200: CommitteeSchema } } }, async (request) =>
    recordAttendance(app.db, requestContext(request), request.params.id, request.body.presentExpertIds),
  );
  app.post('/review/committees/:id/start', { schema: { tags, summary: '开始评审 / Start the review', params: IdParamsSchema, response: { 200: CommitteeSchema } } }, async (request) =>
    startReview(app.db, requestContext(request), request.params.id),
  );
  app.post('/review/committees/:id/rounds', { schema: { tags, summary: '开启新一轮评审 / Open a new review round', params: IdParamsSchema, body: RoundSchema, response: { 201: CommitteeSchema } } }, async (request, reply) =>
    reply.status(201).send(await openNewRound(app.db, requestContext(request), request.params.id, request.body.reason)),
  );

  app.get('/review/committees/:id/mine', { schema: { tags, summary: '我的评审 / My applicants, scores and ballots', params: IdParamsSchema, response: { 200: MyReviewSchema } } }, async (request) =>
    myReview(app.db, requestContext(request), request.params.id),
  );
  app.get('/review/committees/:id/candidates/:applicationId/files/:fileId', { schema: { tags, summary: '申报材料预览 / Evidence preview', params: EvidenceParamsSchema } }, async (request, reply) => {
    const { file, bytes } = await readEvidence(app.db, requestContext(request), request.params.id, request.params.applicationId, request.params.fileId);
    return sendFile(reply, file, bytes, true);
  });
  app.put('/review/committees/:id/scores/:applicationId', { schema: { tags, summary: '评分 / Score an applicant', params: CandidateParamsSchema, body: ScoreSheetSchema, response: { 200: MyReviewSchema } } }, async (request) =>
    saveScores(app.db, requestContext(request), request.params.id, request.params.applicationId, request.body),
  );
  app.post('/review/committees/:id/close-scoring', { schema: { tags, summary: '结束评分 / Close scoring (chair)', params: IdParamsSchema, response: { 200: SummarySchema } } }, async (request) => {
    await closeScoring(app.db, requestContext(request), request.params.id);
    return getSummary(app.db, requestContext(request), request.params.id);
  });
  app.put('/review/committees/:id/votes/:applicationId', { schema: { tags, summary: '投票 / Cast a secret ballot', params: CandidateParamsSchema, body: VoteSchema, response: { 200: MyReviewSchema } } }, async (request) =>
    castVote(app.db, requestContext(request), request.params.id, request.params.applicationId, request.body.vote),
  );
  app.get('/review/committees/:id/summary', { schema: { tags, summary: '评审汇总 / Summary', params: IdParamsSchema, response: { 200: SummarySchema } } }, async (request) =>
    getSummary(app.db, requestContext(request), request.params.id),
  );
  app.post('/review/committees/:id/close', { schema: { tags, summary: '结束评审 / Close the review (chair)', params: IdParamsSchema, body: CloseReviewSchema, response: { 200: SummarySchema } } }, async (request) =>
    closeReview(app.db, requestContext(request), request.params.id, request.body),
  );
  app.get('/review/committees/:id/documents/:document', { schema: { tags, summary: '评审会议纪要、建议人选名单（PDF）/ Minutes, recommended list', params: DocumentParamsSchema } }, async (request, reply) => {
    const { file, bytes } = await readReviewDocument(app.db, requestContext(request), request.params.id, request.params.document);
    return sendFile(reply, file, bytes, false);
  });
  app.get('/review/recommended', { schema: { tags, summary: '建议人选名单 / Recommended list', querystring: RecommendedQuerySchema, response: { 200: RecommendedListSchema } } }, async (request) => ({
    items: await listRecommended(app.db, requestContext(request), request.query),
  }));
};
