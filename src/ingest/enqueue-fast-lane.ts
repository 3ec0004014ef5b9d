import type { IncomingMessage, ServerResponse } from 'node:http';
import secureJson from 'secure-json-parse';
import type { Organisation } from '../domain/organisation.js';
import { jsonProblem } from '../http/json-syntax.js';
import type { Logger } from '../ports.js';
import { MAX_EVENT_BYTES } from './event-limits.js';
import { senderLocale } from './ingest-http.js';
import type { IngestAnswer, PagerDutyAnswers } from './pagerduty-routes.js';

export interface FastLaneDeps {
  readonly answers: PagerDutyAnswers;
  readonly organisation: Organisation;
  readonly log: Logger;
  /** Counted as the Fastify route would count it: status and seconds. */
  readonly observe?: (status: number, seconds: number) => void;
}

const ROUTE = '/v2/enqueue';

const isJson = (contentType: string | undefined) => contentType !== undefined && /^application\/json\s*(;|$)/i.test(contentType);

/**
 * `secure-json-parse`'s answer, at `JSON.parse`'s cost for the common body: a
 * text without a backslash (no escapes), a byte-order mark or either word
 * cannot hold a `__proto__` or `constructor` key, so it has nothing to check.
 */
function parseJson(text: string): unknown {
  const plain = text.charCodeAt(0) !== 0xfeff && !text.includes('\\') && !text.includes('__proto__') && !text.includes('constructor');
  return plain ? JSON.parse(text) : secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
}

/**
 * The common alert — `POST /v2/enqueue`, a JSON body of a declared length
 * within the limit — answered before Fastify's pipeline: under a flood of
 * alerts its routing, hooks and reply machinery cost as much as the event.
 * The answer is the same one the Fastify route gives (`pagerDutyAnswers`),
 * parsed with the same protections (`secure-json-parse`, as Fastify does).
 * Anything else (another route, a chunked or oversized upload, another
 * content type) goes on to Fastify, which answers it as before.
 */
export function enqueueFastLane(deps: FastLaneDeps): (request: IncomingMessage, response: ServerResponse) => boolean {
  const { answers, organisation, log, observe } = deps;
  const write = (response: ServerResponse, answer: IngestAnswer, started: number) => {
    const body = JSON.stringify(answer.body);
    response.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...answer.headers });
    response.end(body);
    observe?.(answer.status, (performance.now() - started) / 1000);
  };
  const answerFor = async (raw: Buffer, locale: string): Promise<IngestAnswer> => {
    let input: unknown;
    try {
      input = parseJson(raw.toString('utf8'));
    } catch (error) {
      return answers.refusal(locale, 400, [jsonProblem(error)]);
    }
    return answers.enqueue(input, locale);
  };

  return (request, response) => {
    if (request.method !== 'POST' || request.url !== ROUTE) return false;
    const length = Number(request.headers['content-length']);
    if (!(length > 0 && length <= MAX_EVENT_BYTES) || !isJson(request.headers['content-type'])) return false;
    const started = performance.now();
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('error', () => response.destroy());
    request.on('end', () => {
      const locale = senderLocale(request.headers, organisation);
      answerFor(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks), locale).then(
        (answer) => write(response, answer, started),
        (error: unknown) => {
          log.error({ err: error }, 'event intake failed');
          write(response, answers.failure(locale), started);
        },
      );
    });
    return true;
  };
}
