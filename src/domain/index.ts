// The pure rules of 人社厅发〔2021〕66号 and its annexes (no I/O).
export * from './errors.ts';
export * from './calendar-date.ts';
export * from './provinces.ts';
export * from './certificate-code.ts';
export * from './identity.ts';
export * from './working-days.ts';
export * from './holiday-notice.ts';
export * from './eligibility.ts';
export * from './eligibility-input.ts';
