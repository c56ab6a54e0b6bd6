/**
 * `npm run lab`: starts the lab server and prints the URL to open. Ctrl+C (or
 * SIGTERM) stops running trainings, closes the sockets and exits.
 */
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { parseLabArgs, LAB_USAGE } from './args.js';
import { LabConfigError, labUrl } from './config.js';
import { startLabServer } from './server.js';

function lanUrls(port: number, token: string | null): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => labUrl(a!.address, port, token));
}

async function main(argv: string[]): Promise<number> {
  const args = parseLabArgs(argv);
  if (args.help) {
    process.stdout.write(`${LAB_USAGE}\n`);
    return 0;
  }
  const lab = await startLabServer(args.options);
  const info = await lab.services.handlers['app:info']({}, { transport: 'lab', client: 'console' });
  const perClient = info.max_runs_per_client === null ? 'no limit' : `${info.max_runs_per_client} per browser session`;
  const out = [
    `Gradient Lab lab server`,
    `  runs folder: ${resolve(lab.services.runsDir())}`,
    ...(args.options.modelsDir ? [`  shared models: ${args.options.modelsDir} (every *.json, read at each request)`] : []),
    `  trainings at once: ${info.max_concurrent_runs} (${info.cpu_count} CPU cores); queued runs: ${perClient}`,
    `  open: ${lab.url}`,
  ];
  if (lab.host === '0.0.0.0' || lab.host === '::') {
    for (const u of lanUrls(lab.port, lab.token)) out.push(`        ${u}`);
  }
  if (lab.token) out.push('  (the token is required; share the URL only with people who may train on this machine)');
  out.push('  press Ctrl+C to stop');
  process.stdout.write(`${out.join('\n')}\n`);

  return new Promise<number>((done) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) {
        process.stderr.write(`\n${signal} again: exiting without waiting\n`);
        process.exit(1);
      }
      stopping = true;
      process.stdout.write(`\n${signal}: stopping trainings and closing connections…\n`);
      lab.close().then(
        () => done(0),
        (err: unknown) => {
          process.stderr.write(`error while stopping: ${err instanceof Error ? err.message : String(err)}\n`);
          done(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof LabConfigError) {
      process.stderr.write(`gradient-lab lab: ${err.message}\n\n${LAB_USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`gradient-lab lab: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
