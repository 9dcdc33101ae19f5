import { z } from 'zod';
import { registerJobHandler, type RunningJob } from '../../platform/jobs.ts';
import { ISSUE_BATCH_JOB, runIssueBatch } from './issue-certificates.ts';
import { NATIONAL_UPLOAD_JOB, runNationalUpload } from './national-upload.ts';

const BatchPayloadSchema = z.object({ batchId: z.uuid() });

/** The certificate jobs: issuing a batch (and its print file), sending a national data package. */
export function registerCertificateJobs(): void {
  registerJobHandler(ISSUE_BATCH_JOB, runIssueBatch, { parsePayload: (payload) => BatchPayloadSchema.parse(payload) });
  registerJobHandler(NATIONAL_UPLOAD_JOB, (job: RunningJob<{ batchId: string }>) => runNationalUpload(job), { parsePayload: (payload) => BatchPayloadSchema.parse(payload) });
}
