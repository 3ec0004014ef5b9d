import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../ports.js';


/** Bolt's logger interface over ours, so Slack's client logs land in the same JSON log (tokens never appear in them). */
export function boltLogger(log: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const write = (at: 'debug' | 'info' | 'warn' | 'error') => (...messages: unknown[]) => log[at]({ component: 'slack' }, messages.map(String).join(' '));
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (next: LogLevel) => void (level = next),
    getLevel: () => level,
    setName: () => undefined,
  };
}
