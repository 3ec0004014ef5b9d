import pino from 'pino';
import { LOG_SERIALIZERS, REDACTED_PATHS } from '../http/log-redaction.js';

/** The server's log, at `LOG_LEVEL`, with secrets and addresses redacted; a thread of its own names itself. */
export function serverLog(thread?: string): pino.Logger {
  const log = pino({ level: process.env.LOG_LEVEL ?? 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, serializers: LOG_SERIALIZERS });
  return thread ? log.child({ thread }) : log;
}
