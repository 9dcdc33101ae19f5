import type { FastifyPluginAsync } from 'fastify';
import { calendarRoutes } from './calendars/routes.ts';
import { certificateRoutes } from './certificates/routes.ts';
import { reReviewRoutes } from './certificates/re-review-routes.ts';
import { fileRoutes } from './files/routes.ts';
import { jobRoutes } from './jobs/routes.ts';
import { occupationRoutes } from './occupations/routes.ts';
import { pilotRoutes } from './pilots/routes.ts';
import { planRoutes } from './plans/routes.ts';
import { applicationRoutes } from './applications/routes.ts';
import { banRoutes } from './bans/routes.ts';
import { fraudRoutes } from './fraud/routes.ts';
import { evidenceRoutes } from './evidence/routes.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { registerRoutes } from './register/routes.ts';
import { reviewRoutes } from './review/routes.ts';
import { appointmentRoutes } from './appointments/routes.ts';
import { noticeRoutes } from './notices/routes.ts';
import { statisticsRoutes } from './statistics/routes.ts';
import { systemRoutes } from './system/routes.ts';
import { firstStepsRoutes } from './first-steps/routes.ts';
import { signingRoutes } from './signing/routes.ts';

/**
 * The capability modules beyond the foundation, each a Fastify plugin registered under /api/v1.
 * A new module adds its routes here.
 */
export const apiModules: FastifyPluginAsync[] = [
  calendarRoutes,
  firstStepsRoutes,
  certificateRoutes,
  reReviewRoutes,
  fileRoutes,
  jobRoutes,
  occupationRoutes,
  pilotRoutes,
  planRoutes,
  notificationRoutes,
  banRoutes,
  fraudRoutes,
  evidenceRoutes,
  registerRoutes,
  applicationRoutes,
  reviewRoutes,
  noticeRoutes,
  appointmentRoutes,
  statisticsRoutes,
  systemRoutes,
  signingRoutes,
];
