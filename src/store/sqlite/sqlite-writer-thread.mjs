// The writer thread's entry: threads do not inherit the main thread's TypeScript loader.
import { register } from 'tsx/esm/api';

register();
await import('./sqlite-writer-thread.ts');
