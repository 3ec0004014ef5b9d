import { Command } from 'commander';
import { ConfigError } from '../config/load-config.js';
import { calendar } from './calendar.js';
import { check } from './check.js';
import { jobs } from './jobs.js';
import { migrate } from './migrate.js';
import { exportStore, importStore } from './transfer.js';
import { passwd } from './passwd.js';
import { serve } from './serve.js';
import { services } from './services.js';
import { token, tokens } from './token.js';
import { portNumber, UsageError, withCommonOptions } from './options.js';

const program = new Command('dont-panic')
  .description('Don’t Panic: incident response — declare, page the commander, hold roles, keep the room informed.')
  .showHelpAfterError();

withCommonOptions(program.command('serve'))
  .description('serve the API, the chat rooms and the timers')
  .option('-p, --port <port>', 'port to listen on', portNumber, process.env.PORT ?? '8080')
  .option('--host <host>', 'address to listen on', process.env.HOST ?? '127.0.0.1')
  .action(serve);

withCommonOptions(program.command('token'))
  .description('print a new API token for a person of the configuration, or revoke one')
  .argument('[person]', 'handle of the person, e.g. carol')
  .option('--expires <duration>', 'stop working after this long, e.g. 30d, 12h, 2w')
  .option('--label <name>', 'what the token is for, shown by dont-panic tokens', 'cli')
  .option('--revoke <id>', 'revoke the token with this id (from dont-panic tokens)')
  .action(token);

withCommonOptions(program.command('tokens'))
  .description('list API tokens (id, label, created, last used, expiry), of one person or everyone')
  .argument('[person]', 'handle of the person, e.g. carol')
  .option('--json', 'print JSON')
  .action(tokens);

withCommonOptions(program.command('calendar'))
  .description('print a secret calendar link (iCalendar) of a person’s on-call shifts, or of a schedule’s; --revoke invalidates them')
  .argument('[person]', 'handle of the person, e.g. alice')
  .option('--schedule <name>', 'a schedule’s feed, for a team, instead of a person’s')
  .option('--revoke', 'revoke every link issued so far for this person or schedule')
  .action(calendar);

withCommonOptions(program.command('services'))
  .description('list services with their routing keys')
  .option('--json', 'print JSON')
  .action(services);

withCommonOptions(program.command('check'))
  .description('validate the configuration and the on-call data')
  .option('--strict', 'exit with code 2 when the on-call readiness check finds problems')
  .action(check);

withCommonOptions(program.command('jobs'))
  .description('list parked jobs: timers and deliveries that ran out of attempts')
  .option('--json', 'print JSON')
  .action(jobs);

withCommonOptions(program.command('migrate'))
  .description('bring the store’s schema up to date (serve does this at start too)')
  .action(migrate);

withCommonOptions(program.command('export'))
  .description('write the data directory’s link secrets and the whole store as JSON Lines (stdout unless --output); as sensitive as the database')
  .option('-o, --output <file>', 'write to this file (created with mode 0600)')
  .action(exportStore);

withCommonOptions(program.command('import'))
  .description('load an export into an empty store (SQLite or PostgreSQL), all or nothing, and its link secrets into the data directory')
  .argument('<file>', 'the JSON Lines file, or - for stdin')
  .action(importStore);

withCommonOptions(program.command('passwd'))
  .description('set the web sign-in password of a person (asked on the terminal, or read from stdin)')
  .argument('<person>', 'handle of the person, e.g. carol')
  .option('--password-stdin', 'read the password from standard input (for scripts)')
  .action(passwd);

// A reader that stops early (`dont-panic tokens | head -3`) has what it wanted: stop quietly, as other tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

program.parseAsync().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof UsageError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  }
  process.exit(1);
});
