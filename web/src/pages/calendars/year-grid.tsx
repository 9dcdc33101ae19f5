import { Card, Col, Row, Space, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { dayOfWeek, daysInMonth, formatCalendarDate } from '../../../../src/domain/calendar-date.ts';
import { punct } from '../../i18n/punctuation';

export interface GridFestival {
  name: string;
  holidays: readonly string[];
  workdays: readonly string[];
}

type DayKind = 'holiday' | 'workday' | 'weekend' | 'weekday';

/** The legend of the grid: what the colours and marks mean. */
export function YearGridLegend() {
  const { t } = useTranslation();
  return (
    <Space size="middle" wrap data-testid="calendar-legend">
      <span>{t('calendars.grid.legend')}{punct().colon}</span>
      <Space size={4}>
        <span className="calendar-day calendar-day-holiday calendar-legend-swatch">{t('calendars.legendHoliday')}</span>
        {t('calendars.grid.holiday')}
      </Space>
      <Space size={4}>
        <span className="calendar-day calendar-day-workday calendar-legend-swatch">{t('calendars.legendWorkday')}</span>
        {t('calendars.grid.workday')}
      </Space>
      <Space size={4}>
        <span className="calendar-day calendar-day-weekend calendar-legend-swatch">6</span>
        {t('calendars.grid.weekend')}
      </Space>
    </Space>
  );
}

/**
 * A year as twelve month grids (Monday first): days off marked 休 in red, make-up working days
 * 班 in blue, weekends greyed, each day's festival on hover. Each day carries `data-date` and
 * `data-kind` for whoever checks it.
 */
export function YearGrid({ year, holidays, workdays, festivals = [] }: { year: number; holidays: readonly string[]; workdays: readonly string[]; festivals?: readonly GridFestival[] }) {
  const { t } = useTranslation();
  const off = new Set(holidays);
  const worked = new Set(workdays);
  const festivalOf = new Map<string, string>();
  for (const festival of festivals) for (const date of [...festival.holidays, ...festival.workdays]) festivalOf.set(date, festival.name);
  const weekdays = t('calendars.grid.weekdays').split(',');
  const months = t('calendars.grid.months').split(',');
  const kindOf = (date: string): DayKind => (off.has(date) ? 'holiday' : worked.has(date) ? 'workday' : dayOfWeek(date) % 6 === 0 ? 'weekend' : 'weekday');

  return (
    <div data-testid="year-grid" data-year={year}>
      <div style={{ marginBottom: 12 }}>
        <YearGridLegend />
      </div>
      <Row gutter={[12, 12]}>
        {months.map((monthName, index) => {
          const month = index + 1;
          const lead = (dayOfWeek(formatCalendarDate(year, month, 1)) + 6) % 7;
          const cells: (string | null)[] = [...Array.from({ length: lead }, () => null), ...Array.from({ length: daysInMonth(year, month) }, (_, day) => formatCalendarDate(year, month, day + 1))];
          while (cells.length % 7 !== 0) cells.push(null);
          return (
            <Col key={month} xs={24} sm={12} lg={8} xxl={6}>
              <Card size="small" title={monthName} className="calendar-month" data-testid={`month-${month}`}>
                <table className="calendar-month-table">
                  <thead>
                    <tr>
                      {weekdays.map((weekday, column) => (
                        <th key={weekday} className={column >= 5 ? 'calendar-weekday-weekend' : undefined}>
                          {weekday}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {Array.from({ length: cells.length / 7 }, (_, row) => (
                      <tr key={row}>
                        {cells.slice(row * 7, row * 7 + 7).map((date, column) => {
                          if (!date) return <td key={column} />;
                          const kind = kindOf(date);
                          const mark = kind === 'holiday' ? t('calendars.legendHoliday') : kind === 'workday' ? t('calendars.legendWorkday') : null;
                          const day = (
                            <span className={`calendar-day calendar-day-${kind}`} data-date={date} data-kind={kind}>
                              {Number(date.slice(8, 10))}
                              {mark ? <sup className="calendar-day-mark">{mark}</sup> : null}
                            </span>
                          );
                          const festival = festivalOf.get(date);
                          return (
                            <td key={column}>
                              {festival && mark ? (
                                <Tooltip title={`${festival} · ${kind === 'holiday' ? t('calendars.grid.holiday') : t('calendars.grid.workday')}`}>{day}</Tooltip>
                              ) : (
                                day
                              )}
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </Card>
            </Col>
          );
        })}
      </Row>
    </div>
  );
}
