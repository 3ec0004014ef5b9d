// Worker-thread entry: like bin/dont-panic.js, run the TypeScript through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('./status-page-worker.ts');
