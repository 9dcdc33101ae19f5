// The plans module's service: what other modules and the routes call. The use cases live one
// group per file: reading (read-plans.ts), changing (change-plans.ts), and what they share
// (plan-support.ts).
export { getPlan, getPlanDiff, getPlanPdf, getPlanVersion, getPublishedPlan, getPublishedPlanDiff, getPublishedPlanPdf, listPlans, listPublishedPlans, planOptions } from './read-plans.ts';
export { closePlan, createPlan, filePlan, publishPlan, updatePlan, validatePlanContent } from './change-plans.ts';
export { mergeContent } from './plan-support.ts';
