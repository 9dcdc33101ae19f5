// The shapes /api/v1/calendars answers with (src/modules/calendars/schemas.ts).

export type CalendarSource = 'chinese-days' | 'state-council-notice' | 'file' | 'manual';

interface Provenance {
  source: CalendarSource;
  /** The package version, the notice's title and document number, the file's name. */
  sourceDetail: string | null;
  loadedAt: string;
  /** Null for the system (first start) and the command line. */
  loadedBy: { id: string; username: string; displayName: string } | null;
}

export interface CalendarSummary extends Provenance {
  year: number;
  holidays: number;
  workdays: number;
}

export interface CalendarYear extends Provenance {
  year: number;
  holidays: string[];
  workdays: string[];
}

/** POST /calendars/parse: the notice read, nothing saved. */
export interface ParsedNotice {
  year: number;
  holidays: string[];
  workdays: string[];
  title: string;
  documentNumber: string | null;
  festivals: { name: string; line: number; holidays: string[]; workdays: string[] }[];
  outsideYear: { holidays: string[]; workdays: string[] };
  workingDays: number;
  held: CalendarSummary | null;
}

/** GET /calendars/status: whether the calendar due by the server's clock is held. */
export interface CalendarStatus {
  today: string;
  missingYear: number | null;
  dueDate: string | null;
  daysLeft: number | null;
  overdue: boolean;
  remind: boolean;
  canLoad: boolean;
}

/** Every query of the calendars starts with this key, so a save refreshes the list, a year and the status at once. */
export const calendarsKey = ['calendars'] as const;
export const calendarStatusKey = ['calendars', 'status'] as const;
