#!/usr/bin/env node
// Runs the compiled server (`dist/`, built by `npm install` / `npm run build`) when it is
// at least as new as the sources; otherwise, or with DONT_PANIC_FROM_SOURCE=1, runs the
// TypeScript sources through tsx's loader, so an edit is never served stale.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// Loading and wiring everything allocates fast and keeps much of it, which would grow V8's young
// generation to its largest (some 32 MB of resident memory) for the seconds until its memory reducer
// gives it back. Start-up keeps it at its first size; `serve` lets it grow again once listening
// (`youngGenerationMayGrow`), so a busy server still gets the room it needs.
setFlagsFromString('--semi-space-growth-factor=1');

const root = new URL('../', import.meta.url);
const compiled = new URL('dist/cli/main.js', root);

function compiledIsCurrent() {
  if (process.env.DONT_PANIC_FROM_SOURCE === '1' || !existsSync(compiled)) return false;
  const built = statSync(compiled).mtimeMs;
  const sources = new URL('src/', root);
  return readdirSync(sources, { recursive: true }).every((file) => statSync(new URL(file, sources)).mtimeMs <= built);
}

if (compiledIsCurrent()) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
