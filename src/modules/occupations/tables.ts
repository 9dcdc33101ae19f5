import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { clockNow } from '../../platform/clock.ts';

/**
 * 职业（工种）目录: occupations of 《中华人民共和国职业分类大典》 by their code (6-18-01-01), loaded
 * from a file an administrator imports; a starter list ships with the system.
 */
export const occupationCatalogue = pgTable(
  'occupations',
  {
    /** 8 digits in four parts (6-18-01-01), or with a 工种 suffix (6-18-01-01-01). */
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    /** The 中类 or 小类 the occupation belongs to, e.g. 机械制造基础加工人员. */
    category: text('category'),
    /** Where the entry came from: the edition of the 大典 or the imported file. */
    source: text('source').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow().$defaultFn(clockNow).$onUpdateFn(clockNow),
  },
  (table) => [index('occupations_name_idx').on(table.name)],
);
