import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../app/passwords.js';
import { listed } from '../app/render/context.js';
import { translate } from '../i18n/i18n.js';
import { loadOrganisation, openConfiguredStore, type CommonOptions } from './options.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Asks on the terminal without echoing what is typed. */
async function prompt(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  try {
    return await new Promise<string>((resolve) => {
      rl.question(question, resolve);
      muted = true;
    });
  } finally {
    process.stderr.write('\n');
    rl.close();
  }
}

/** `dont-panic passwd PERSON`: sets the person's web sign-in password and signs them out everywhere. */
export async function passwd(person: string, options: CommonOptions & { passwordStdin?: boolean }): Promise<void> {
  const { organisation } = loadOrganisation(options);
  const t = (key: string, params?: Record<string, string | number>) => translate(organisation.defaultLocale, key, params);
  const fail = (message: string) => {
    process.stderr.write(`${message}\n`);
    process.exit(2);
  };
  if (!organisation.people.has(person)) {
    return fail(t('web.cli.unknown_person', { person, file: options.config, people: listed({ translate, locale: organisation.defaultLocale }, [...organisation.people.keys()]) }));
  }
  let password: string;
  if (options.passwordStdin || !process.stdin.isTTY) {
    password = await readStdin();
  } else {
    password = await prompt(t('web.cli.prompt', { person }));
    if ((await prompt(t('web.cli.prompt_again'))) !== password) return fail(t('web.cli.mismatch'));
  }
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    return fail(t('web.cli.length', { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH }));
  }
  const store = await openConfiguredStore(options);
  try {
    await store.savePasswordHash(person, await hashPassword(password), new Date().toISOString());
    await store.deleteSessionsOf(person);
  } finally {
    await store.close();
  }
  process.stdout.write(`${t('web.cli.saved', { person })}\n`);
}
