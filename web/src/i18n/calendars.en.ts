import type { calendarsZhCN } from './calendars.zh-CN';
import type { Texts } from './zh-CN';

export const calendarsEn: Texts<typeof calendarsZhCN> = {
  calendars: {
    title: 'Holiday calendars',
    intro:
      'Periods counted in working days, such as a public notice, follow the public holidays and make-up working days that the State Council General Office publishes each year. The system counts working days only in years whose calendar it holds; load a new year here once it is published.',
    years: 'Years held',
    year: 'Year',
    holidays: 'Days off (days)',
    workdays: 'Make-up working days (days)',
    source: 'Source',
    view: 'View',
    edit: 'Correct',
    empty: 'No calendar is held yet. Import the State Council holiday arrangements (a JSON or ICS file).',
    import: 'Import a calendar file',
    importHint: "Our JSON format, chinese-days' JSON format and ICS calendar files are accepted. Every year in the file is imported at once; with any error, nothing is.",
    importDone: 'Calendars imported for {{years}}',
    addYear: 'Enter a new year',
    editTitle: 'Holiday arrangements of {{year}}',
    holidaysLabel: 'Public holidays (days off, one per line, YYYY-MM-DD)',
    workdaysLabel: 'Make-up working days (weekend days worked, one per line, YYYY-MM-DD)',
    saveConfirm: 'Once saved, notices and other periods are counted with the new arrangements. Save the calendar of {{year}}?',
    saved: 'The calendar of {{year}} is saved',
    yearLabel: 'Year',
    legendHoliday: 'Off',
    legendWorkday: 'Work',
    calculator: 'Notice period',
    calculatorHint: 'A notice runs from its first day to the earliest day by which it holds enough working days, both days included.',
    start: 'Notice starts',
    days: 'Working days',
    calculate: 'Calculate',
    end: 'Notice ends: {{end}}',
    minimumDays: 'A notice lasts at least 5 working days',
  },
};
