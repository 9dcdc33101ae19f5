// The rules commands without a database: the built-in State Council calendars, overlaid by the
// years stored in $PTECH_CALENDAR_FILE (a JSON file that `calendar load` writes) when it is set.
//   npx tsx src/cli/standalone-rules.ts workdays notice-end 2024-09-27 --json
import { Command } from 'commander';
import { builtInCalendars } from '../platform/calendar-sources.ts';
import { loadClock } from '../platform/config.ts';
import { runProgram } from './output.ts';
import { fileCalendarDependencies, registerRulesCommands } from './rules-commands.ts';

const program = new Command('ptech').description('特级技师评聘规则命令行 / Principal Technician rules command line');
registerRulesCommands(program, fileCalendarDependencies(builtInCalendars(), process.env.PTECH_CALENDAR_FILE || undefined, () => loadClock().today()));
process.exitCode = await runProgram(program, process.argv.slice(2));
