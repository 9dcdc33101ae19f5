// The pilots module's service: what other modules and the routes call. The use cases live one
// group per file: jurisdiction settings (jurisdiction-settings.ts), reading (read-pilots.ts), the acts on an
// application (pilot-acts.ts), and what they share (pilot-support.ts).
export { effectiveSettingFor, jurisdictionOf, listJurisdictionSettings, setJurisdictionSetting } from './jurisdiction-settings.ts';
export { getPilotApplication, listPilotApplications, listPilotCandidates, listPilotEnterprises, pilotYearsOf } from './read-pilots.ts';
export { acceptPilotApplication, amendPilotEnterprises, createPilotApplication, returnPilotApplication, submitPilotApplication, updatePilotApplication } from './pilot-acts.ts';
