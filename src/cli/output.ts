// Output and exit codes of the command line. The contract: with `--json` a command prints exactly
// one JSON object on stdout; exit 0 when the answer is given, 1 when the input is invalid or a rule
// refuses, 2 on wrong usage. Commander must not end the process on its own terms: runProgram
// turns its usage errors into exit 2 (with a JSON error under --json).

import { Command, CommanderError } from 'commander';
import type { LocalizedText, ValidationIssue } from '../domain/errors.ts';

export const EXIT_OK = 0;
export const EXIT_REFUSED = 1;
export const EXIT_USAGE = 2;

export interface CliIo {
  writeOut(text: string): void;
  writeErr(text: string): void;
}

export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Roots run through runProgram, with the exit code their command asked for. */
const managedRoots = new WeakMap<Command, { exitCode: number; argv: readonly string[] }>();

export function rootOf(command: Command): Command {
  let root = command;
  while (root.parent) root = root.parent;
  return root;
}

/** Records the exit code a command's outcome asks for (process.exitCode outside runProgram). */
export function setExitCode(command: Command, exitCode: number): void {
  const managed = managedRoots.get(rootOf(command));
  if (managed) managed.exitCode = exitCode;
  else process.exitCode = exitCode;
}

function outputOf(command: Command): CliIo {
  const configuration = command.configureOutput();
  return {
    writeOut: (text) => (configuration.writeOut ?? ((value: string) => process.stdout.write(value)))(text),
    writeErr: (text) => (configuration.writeErr ?? ((value: string) => process.stderr.write(value)))(text),
  };
}

export function writeOut(command: Command, text: string): void {
  outputOf(command).writeOut(text.endsWith('\n') ? text : `${text}\n`);
}

export function writeErr(command: Command, text: string): void {
  outputOf(command).writeErr(text.endsWith('\n') ? text : `${text}\n`);
}

/** Prints one JSON object, on one line, on stdout. */
export function printJson(command: Command, value: object): void {
  writeOut(command, JSON.stringify(value));
}

/** `--json` given to this command or to one of its ancestors. */
export function wantsJson(command: Command): boolean {
  return (command.optsWithGlobals() as { json?: unknown }).json === true;
}

/** Whether `--json` appears among the arguments (before a `--`). */
export function argvWantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

/** The two lines of a bilingual text, Chinese first. */
export function bilingual(text: LocalizedText): string {
  return text['zh-CN'] === text.en ? text['zh-CN'] : `${text['zh-CN']}\n${text.en}`;
}

/** A validation issue as the CLI prints it: message in Chinese, both texts under `messages`. */
export function issueJson(issue: ValidationIssue): Record<string, unknown> {
  return {
    code: issue.code,
    message: issue.message['zh-CN'],
    messages: issue.message,
    ...(issue.position === undefined ? {} : { position: issue.position }),
    ...(issue.width === undefined ? {} : { width: issue.width }),
    ...(issue.field === undefined ? {} : { field: issue.field }),
    ...(issue.params === undefined ? {} : { params: issue.params }),
  };
}

/** `{"error":{"code","message","messages",…params}}`. */
export function errorJson(code: string, message: LocalizedText, params: object = {}): { error: Record<string, unknown> } {
  return { error: { code, message: message['zh-CN'], messages: message, ...params } };
}

const USAGE_TEXT: LocalizedText = { 'zh-CN': '命令用法错误', en: 'Wrong usage' };

function usageMessage(error: CommanderError): LocalizedText {
  // 'commander.help' with exit code 1: a command group was called without its subcommand.
  if (error.code === 'commander.help') {
    return { 'zh-CN': `${USAGE_TEXT['zh-CN']}：缺少子命令（用 --help 查看用法）`, en: `${USAGE_TEXT.en}: a subcommand is missing (see --help)` };
  }
  const detail = error.message.replace(/^error:\s*/, '');
  return {
    'zh-CN': `${USAGE_TEXT['zh-CN']}：${detail}（用 --help 查看用法）`,
    en: `${USAGE_TEXT.en}: ${detail} (see --help)`,
  };
}

function isDisplayOnly(error: CommanderError): boolean {
  return error.code === 'commander.helpDisplayed' || error.code === 'commander.version';
}

function reportUsage(command: Command, error: CommanderError, json: boolean): void {
  if (json) {
    printJson(command, errorJson('USAGE', usageMessage(error), { commanderCode: error.code }));
  }
}

/**
 * The exit callback for the commands a module registers. Under runProgram it hands the error on;
 * in a program parsed some other way it reports the usage error itself and ends with exit 2, so
 * that the contract holds whichever way the commands are run.
 */
export function usageExitHandler(command: Command): (error: CommanderError) => never {
  return (error) => {
    if (managedRoots.has(rootOf(command))) throw error;
    if (isDisplayOnly(error)) process.exit(EXIT_OK);
    reportUsage(command, error, argvWantsJson(process.argv));
    process.exit(EXIT_USAGE);
  };
}

function forEachCommand(command: Command, visit: (command: Command) => void): void {
  visit(command);
  for (const child of command.commands) forEachCommand(child, visit);
}

/**
 * Parses `argv` (the user's arguments, without node and the script) and runs the command it
 * names. Returns the exit code instead of ending the process; `io` redirects the output.
 */
export async function runProgram(program: Command, argv: readonly string[], io?: CliIo): Promise<number> {
  const root = rootOf(program);
  const state = { exitCode: EXIT_OK, argv };
  managedRoots.set(root, state);
  forEachCommand(root, (command) => {
    command.exitOverride();
    if (io) command.configureOutput({ writeOut: io.writeOut, writeErr: io.writeErr });
  });
  try {
    await root.parseAsync([...argv], { from: 'user' });
    return state.exitCode;
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (isDisplayOnly(error)) return EXIT_OK;
    reportUsage(root, error, argvWantsJson(argv));
    return EXIT_USAGE;
  } finally {
    managedRoots.delete(root);
  }
}

/**
 * Runs a fresh `ptech` program, set up by `configure`, on `argv` and captures what it prints:
 * the command logic under test without a subprocess.
 */
export async function runCli(argv: readonly string[], configure: (program: Command) => void): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    writeOut: (text) => {
      stdout += text;
    },
    writeErr: (text) => {
      stderr += text;
    },
  };
  const program = new Command('ptech');
  program.configureOutput(io);
  configure(program);
  const exitCode = await runProgram(program, argv, io);
  return { exitCode, stdout, stderr };
}
