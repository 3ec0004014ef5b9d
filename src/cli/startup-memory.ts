import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * One full collection shortly after start-up. Loading the configuration, the
 * catalogs and the routes leaves tens of megabytes of garbage that V8 may keep
 * for minutes while the server idles; an idle server should hold only what it
 * uses. (`gc` is reachable only in a new context once the flag is set.)
 */
export function collectStartupGarbage(afterMs = 2000): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  setTimeout(() => gc(), afterMs).unref();
}
