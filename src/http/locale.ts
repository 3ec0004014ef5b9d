import type { FastifyRequest } from 'fastify';
import type { Organisation } from '../domain/organisation.js';

/** The language to answer an HTTP request in: the person's preference, else Accept-Language. */
export function requestLocale(request: FastifyRequest, organisation: Organisation): string {
  const person = request.person ? organisation.people.get(request.person) : undefined;
  if (person) return person.locale;
  const accepted = String(request.headers['accept-language'] ?? '').toLowerCase();
  return accepted.startsWith('zh') ? 'zh-CN' : organisation.defaultLocale;
}
