/**
 * Gradient Lab's command line: `npm run cli -- <command>`. Everything the app can do
 * with a model file, scriptable and testable without Electron. Exit codes: see EXIT
 * in args.ts (0 done, 1 invalid model file, 2 bad usage, 3 diverged, 4 failed).
 */
import { toKerasScript } from '../../src-shared/model/index.js';
import { resolveRunOptions } from '../../src-shared/training/run-options.js';
import { EVALUATE_LIMITS } from '../../src-shared/training/evaluation.js';
import {
  checkFlagsFor,
  checkRunsDir,
  CliError,
  COMMANDS,
  EXIT,
  intFlag,
  parseCommandLine,
  runOptionFrom,
  runOptionsFromFlags,
  runsDirChoice,
  scanLanguage,
  usage,
  type Command,
} from './args.js';
import { CLI_MESSAGES, systemLanguage, type CliMessages } from './messages.js';
import { readModelFile } from './model-file.js';

/** Messages in the system language until --lang has been read (a bad --lang is reported in those). */
let msg: CliMessages = CLI_MESSAGES[systemLanguage()];

async function main(argv: string[]): Promise<number> {
  msg = CLI_MESSAGES[scanLanguage(argv, msg) ?? systemLanguage()];
  const { values, positionals } = parseCommandLine(argv, msg);
  const [command, file, ...extra] = positionals;
  if (values.help === true || !command) {
    process.stdout.write(usage(msg) + '\n');
    return command || values.help === true ? EXIT.ok : EXIT.usage;
  }
  if (!(COMMANDS as readonly string[]).includes(command)) throw new CliError(msg.unknownCommand(command));
  const cmd = command as Command;
  if (cmd === 'runs') {
    checkFlagsFor(cmd, values, msg);
    const { runsCommand } = await import('./runs-command.js');
    return runsCommand({ sub: file, args: extra, values, json: values.json === true, msg, out: (line) => process.stdout.write(line + '\n') });
  }
  if (cmd === 'diff') {
    checkFlagsFor(cmd, values, msg);
    const [second, ...more] = extra;
    if (more.length) throw new CliError(msg.unexpectedArgument(more[0] as string));
    const { diffCommand } = await import('./diff-command.js');
    return diffCommand({ a: file, b: second, values, json: values.json === true, msg, out: (line) => process.stdout.write(line + '\n') });
  }
  if (cmd === 'transfer') {
    checkFlagsFor(cmd, values, msg);
    const [modelFile, ...more] = extra;
    if (more.length) throw new CliError(msg.unexpectedArgument(more[0] as string));
    if (!file) throw new CliError(msg.missingRunDirArgument);
    if (!modelFile) throw new CliError(msg.missingModelArgument);
    const layers = intFlag(values, 'layers', 1, 10_000, msg) ?? null;
    const unfreezeAfter = intFlag(values, 'unfreeze-after', 1, 1000, msg) ?? null;
    const rawRate = values['unfreeze-rate'];
    const unfreezeRate = typeof rawRate === 'string' ? runOptionFrom('learning_rate', rawRate, '--unfreeze-rate', msg) : null;
    const { transferCommand } = await import('./transfer-command.js');
    return transferCommand({
      run: file,
      modelFile,
      layers,
      freeze: values['no-freeze'] !== true,
      unfreezeAfter,
      unfreezeRate,
      runsDir: runsDirChoice(values).dir,
      json: values.json === true,
      msg,
      out: (line) => process.stdout.write(line + '\n'),
    });
  }
  if (extra.length) throw new CliError(msg.unexpectedArgument(extra[0] as string));
  // Usage errors (exit 2) are found before the model file is read (exit 1) and before anything is written.
  checkFlagsFor(cmd, values, msg);
  const partial = runOptionsFromFlags(cmd, values, msg);
  const json = values.json === true;

  switch (cmd) {
    case 'validate': {
      const model = readModelFile(file, msg);
      process.stdout.write(msg.valid(file as string, model.layers.length, model.dataset) + '\n');
      return EXIT.ok;
    }
    case 'export-keras': {
      process.stdout.write(toKerasScript(readModelFile(file, msg)));
      return EXIT.ok;
    }
    case 'summary':
    case 'lint': {
      const model = readModelFile(file, msg);
      const { summaryCommand, lintCommand } = await import('./summary-command.js');
      const out = (line: string) => process.stdout.write(line + '\n');
      return cmd === 'summary' ? summaryCommand(model, json, msg, out) : lintCommand(model, file as string, json, msg, out);
    }
    case 'init-stats': {
      const model = readModelFile(file, msg);
      const options = resolveRunOptions(model, partial);
      const { initStatsCommand } = await import('./init-stats-command.js');
      return initStatsCommand(model, json, options.seed, options.backend, msg);
    }
    case 'evaluate': {
      const mcSamples = intFlag(values, 'mc-dropout', 0, EVALUATE_LIMITS.max_mc_samples, msg) ?? 0;
      if (!file) throw new CliError(msg.missingRunDirArgument);
      const { evaluateCommand } = await import('./evaluate-command.js');
      return evaluateCommand(file, json, msg, (line) => process.stdout.write(line + '\n'), mcSamples);
    }
    case 'lr-find': {
      const { lrFindCommand, lrSweepFromFlags } = await import('./lr-find-command.js');
      // As for every command: a bad flag (exit 2) is reported before the model file is read (exit 1).
      const sweep = lrSweepFromFlags(values, msg);
      const model = readModelFile(file, msg);
      return lrFindCommand({ model, options: resolveRunOptions(model, partial), sweep, json, msg, out: (line) => process.stdout.write(line + '\n') });
    }
    case 'recommend': {
      const { recommendCommand } = await import('./recommend-command.js');
      return recommendCommand({ answers: file, values, json, msg, out: (line) => process.stdout.write(line + '\n') });
    }
    case 'crossval': {
      const { checkCrossvalFlags, crossvalCommand } = await import('./crossval-command.js');
      // As for every command: a bad flag (exit 2) is reported before the model file is read (exit 1).
      checkCrossvalFlags(values, partial, msg);
      const model = readModelFile(file, msg);
      return crossvalCommand({ model, file: file as string, values, partial, json, msg, out: (line) => process.stdout.write(line + '\n') });
    }
    case 'train': {
      const model = readModelFile(file, msg);
      const { dir: runsDir, source } = runsDirChoice(values);
      const dir = checkRunsDir(runsDir, source, msg);
      // Imported late: validate and export-keras should not pay for the training service.
      const { trainCommand } = await import('./train-command.js');
      return trainCommand(model, resolveRunOptions(model, partial), dir, json, msg);
    }
  }
}

// `npm run cli -- summary x.json | head`: the reader left; stop quietly instead of a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw err;
  });
}

const debug = process.argv.includes('--debug');
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof CliError) {
      process.stderr.write(`${msg.errorPrefix}${err.message}\n`);
      if (debug) console.error(err);
      process.exitCode = err.exitCode;
      return;
    }
    // Not a user error: an internal or I/O failure the command could not recover from.
    if (debug) console.error(err);
    else process.stderr.write(`${msg.errorPrefix}${err instanceof Error ? err.message : String(err)}${msg.debugHint}\n`);
    process.exitCode = EXIT.failed;
  },
);
