import { AjvCompiler } from '@fastify/ajv-compiler';
import type { FastifyServerOptions } from 'fastify';

type RouteSchema = { schema: unknown; method: string; url: string; httpPart?: string };
type Validate = (route: RouteSchema) => unknown;
type BuildValidator = (externalSchemas: Record<string, unknown>, options?: { customOptions?: Record<string, unknown> }) => Validate;

/**
 * Fastify's validators (its own Ajv compiler, formats included), with one change: a JSON body is taken as sent.
 * By default Ajv coerces types, so `{"text": 5}` became the text "5" and `{"services": "api"}` the list
 * ["api"]; a body field of the wrong type is now refused with 400 and the field's name
 * (`validation-messages.ts`: "“text” must be text" / "“text”必须是文本"). The path and query string keep
 * coercion: everything in a URL arrives as text, and `?limit=10` means the number.
 */
export function strictBodySchemas(): NonNullable<FastifyServerOptions['schemaController']> {
  const build = AjvCompiler() as unknown as BuildValidator;
  const buildValidator: BuildValidator = (externalSchemas, options = {}) => {
    const fromUrl = build(externalSchemas, options);
    const exact = build(externalSchemas, { ...options, customOptions: { ...options.customOptions, coerceTypes: false } });
    return (route) => (route.httpPart === 'body' ? exact(route) : fromUrl(route));
  };
  return { compilersFactory: { buildValidator: buildValidator as never } };
}
