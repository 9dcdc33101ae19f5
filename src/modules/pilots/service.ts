// The pilots module's service: what other modules and the routes call. The use cases live one
// group per file: pilot years (pilot-years.ts), reading (read-pilots.ts), the acts on an
// application (pilot-acts.ts), and what they share (pilot-support.ts).
export { listPilotYears, setPilotYear } from './pilot-years.ts';
export { getPilotApplication, listPilotApplications, listPilotCandidates, listPilotEnterprises, pilotYearsOf } from './read-pilots.ts';
export { acceptPilotApplication, createPilotApplication, returnPilotApplication, submitPilotApplication, updatePilotApplication } from './pilot-acts.ts';
