import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Organisation } from '../domain/organisation.js';

/** Senders are machines: answer in the organisation's language unless the request asks for Chinese. */
export function senderLocale(headers: IncomingHttpHeaders, organisation: Organisation): string {
  const accepted = String(headers['accept-language'] ?? '').toLowerCase();
  return accepted.startsWith('zh') ? 'zh-CN' : organisation.defaultLocale;
}

const DRAIN_BYTES = 8 * 1024 * 1024;

/**
 * Reads and discards the rest of a refused upload (bounded in bytes and time),
 * so a sender still writing gets the answer rather than a reset connection.
 */
export function discardRest(stream: IncomingMessage): Promise<void> {
  return new Promise((done) => {
    if (stream.readableEnded || stream.destroyed) return done();
    let bytes = 0;
    const finish = () => {
      clearTimeout(timer);
      stream.off('data', count);
      done();
    };
    const count = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > DRAIN_BYTES) finish();
    };
    const timer = setTimeout(finish, 5000);
    stream.on('data', count);
    stream.once('end', finish);
    stream.once('error', finish);
    stream.resume();
  });
}
