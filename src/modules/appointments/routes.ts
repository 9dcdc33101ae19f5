import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestContext } from '../../platform/context.ts';
import { contentDisposition } from '../../platform/files.ts';
import { getAgreementTemplate, previewAgreementTemplate, updateAgreementTemplate } from './agreement-template.ts';
import { exitAppointment } from './exit-appointment.ts';
import {
  AppointmentCreateSchema,
  AppointmentSchema,
  AssessmentCreateSchema,
  AssessmentSchema,
  CertificateParamsSchema,
  EnterpriseQuerySchema,
  ExitResultSchema,
  ExitSchema,
  HolderDetailSchema,
  HolderListQuerySchema,
  HolderListSchema,
  IdParamsSchema,
  ReminderListSchema,
  RenewSchema,
  SignSchema,
  StudioEntryCreateSchema,
  StudioEntrySchema,
  TemplatePreviewSchema,
  TemplateSchema,
  TemplateUpdateSchema,
  TreatmentCreateSchema,
  TreatmentSchema,
} from './schemas.ts';
import {
  appointHolder,
  getAgreementPdf,
  getHolder,
  listHolders,
  listReminders,
  recordAssessment,
  recordStudioEntry,
  recordTreatment,
  renewAppointment,
  sendDueReminders,
  signAppointment,
} from './service.ts';

const REMINDER_SWEEP_MS = 6 * 60 * 60 * 1000;

/** 聘任、工作室、待遇、考核与退出 (sections 四(四), 五, 六(四)). */
export const appointmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['appointments'];

  // The term-end reminders: a sweep in each process that runs jobs (each reminder is sent once).
  if (app.config.jobs !== false) {
    let timer: NodeJS.Timeout | null = null;
    const sweep = () => sendDueReminders(app.db, app.clock).catch((error: unknown) => app.log.error({ err: error }, 'appointment reminders failed'));
    app.addHook('onReady', async () => {
      void sweep();
      timer = setInterval(() => void sweep(), REMINDER_SWEEP_MS);
      timer.unref();
    });
    app.addHook('onClose', async () => {
      if (timer) clearInterval(timer);
    });
  }

  app.get('/appointment-holders', { schema: { tags, summary: '聘任管理：持证人列表 / Holders with their appointment', querystring: HolderListQuerySchema, response: { 200: HolderListSchema } } }, async (request) =>
    listHolders(app.db, requestContext(request), request.query),
  );
  app.get('/appointment-holders/:certificateId', { schema: { tags, summary: '持证人的聘任、工作室、待遇与考核 / One holder', params: CertificateParamsSchema, response: { 200: HolderDetailSchema } } }, async (request) =>
    getHolder(app.db, requestContext(request), request.params.certificateId),
  );
  app.post(
    '/appointment-holders/:certificateId/studio-entries',
    { schema: { tags, summary: '技能大师工作室记录 / Record a studio entry', params: CertificateParamsSchema, body: StudioEntryCreateSchema, response: { 201: StudioEntrySchema } } },
    async (request, reply) => reply.status(201).send(await recordStudioEntry(app.db, requestContext(request), request.params.certificateId, request.body)),
  );
  app.post(
    '/appointment-holders/:certificateId/treatments',
    { schema: { tags, summary: '待遇落实记录 / Record a treatment', params: CertificateParamsSchema, body: TreatmentCreateSchema, response: { 201: TreatmentSchema } } },
    async (request, reply) => reply.status(201).send(await recordTreatment(app.db, requestContext(request), request.params.certificateId, request.body)),
  );
  app.post(
    '/appointment-holders/:certificateId/assessments',
    { schema: { tags, summary: '考核记录 / Record an assessment', params: CertificateParamsSchema, body: AssessmentCreateSchema, response: { 201: AssessmentSchema } } },
    async (request, reply) => reply.status(201).send(await recordAssessment(app.db, requestContext(request), request.params.certificateId, request.body)),
  );

  app.get('/appointment-template', { schema: { tags, summary: '聘任协议模板 / The agreement template', querystring: EnterpriseQuerySchema, response: { 200: TemplateSchema } } }, async (request) =>
    getAgreementTemplate(app.db, requestContext(request), request.query.enterpriseId),
  );
  app.put('/appointment-template', { schema: { tags, summary: '保存聘任协议模板 / Save the template', body: TemplateUpdateSchema, response: { 200: TemplateSchema } } }, async (request) =>
    updateAgreementTemplate(app.db, requestContext(request), request.body),
  );
  app.post('/appointment-template/preview', { schema: { tags, summary: '预览聘任协议（示例数据）/ Preview with sample data', body: TemplateUpdateSchema, response: { 200: TemplatePreviewSchema } } }, async (request) =>
    previewAgreementTemplate(app.db, requestContext(request), request.body),
  );

  app.get('/appointment-reminders', { schema: { tags, summary: '聘期届满提醒（60 天内）/ Terms ending within 60 days', response: { 200: ReminderListSchema } } }, async (request) =>
    listReminders(app.db, requestContext(request)),
  );
  app.post('/appointments', { schema: { tags, summary: '聘任（生成聘任协议）/ Appoint: draft the agreement', body: AppointmentCreateSchema, response: { 201: AppointmentSchema } } }, async (request, reply) =>
    reply.status(201).send(await appointHolder(app.db, requestContext(request), request.body)),
  );
  app.get(
    '/appointments/:id/agreement',
    { schema: { tags, summary: '聘任协议 PDF / The agreement as PDF', params: IdParamsSchema, querystring: z.object({ inline: z.enum(['0', '1']).optional() }).strict(), produces: ['application/pdf'] } },
    async (request, reply) => {
      const { pdf, fileName } = await getAgreementPdf(app.db, requestContext(request), request.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', contentDisposition(request.query.inline === '1' ? 'inline' : 'attachment', fileName))
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );
  app.post('/appointments/:id/sign', { schema: { tags, summary: '登记签订（上传签字扫描件）/ Record the signing', params: IdParamsSchema, body: SignSchema, response: { 200: AppointmentSchema } } }, async (request) =>
    signAppointment(app.db, requestContext(request), request.params.id, request.body),
  );
  app.post('/appointments/:id/renew', { schema: { tags, summary: '续聘（新聘期、新协议）/ Renew: a new term', params: IdParamsSchema, body: RenewSchema, response: { 201: AppointmentSchema } } }, async (request, reply) =>
    reply.status(201).send(await renewAppointment(app.db, requestContext(request), request.params.id, request.body)),
  );
  app.post('/appointments/:id/exit', { schema: { tags, summary: '退出（弄虚作假：撤销证书并禁入五年）/ Exit', params: IdParamsSchema, body: ExitSchema, response: { 200: ExitResultSchema } } }, async (request) =>
    exitAppointment(app.db, requestContext(request), request.params.id, request.body),
  );
};
