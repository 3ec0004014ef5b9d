import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../app/errors.js';
import { loadIncident } from '../../app/incidents.js';
import { acknowledgementsOf } from '../../app/paging/page-streams.js';
import { generatedSummary, reviewMarkdown, timelineRows } from '../../app/review/review-markdown.js';
import type { Reviews } from '../../app/review/reviews.js';
import type { RenderContext } from '../../app/render/context.js';
import { incidentStream, toIncidentEvent } from '../../app/streams.js';
import { REVIEW_SECTIONS, REVIEW_STATUSES, type ReviewCommand, type ReviewSection, type ReviewState } from '../../domain/review/review.js';
import { canSeeIncident } from '../../domain/incident/visibility.js';
import type { Organisation } from '../../domain/organisation.js';
import type { Store } from '../../ports.js';
import { errorSchema } from '../errors.js';
import { requestLocale } from '../locale.js';
import { idParams } from '../id-params.js';


/** The review as the API shows it; `version` is what a PUT names to be refused if the review changed since. */
function reviewJson({ state: review, version }: { state: ReviewState; version: number }) {
  return {
    incidentId: review.incidentId,
    version,
    status: review.status,
    owner: review.owner ?? null,
    severity: `SEV-${review.severity}`,
    falseAlarm: review.falseAlarm,
    dueAt: review.dueAt,
    tag: review.tag,
    createdAt: review.createdAt,
    updatedAt: review.updatedAt,
    sections: review.sections,
    actionItems: review.actionItems.map((item) => ({ ...item, owner: item.owner ?? null })),
    reopenings: review.reopenings,
  };
}

const sectionProperties = Object.fromEntries(REVIEW_SECTIONS.map((name) => [name, { type: 'string', maxLength: 20_000 }]));

/** The post-incident review: JSON for the web UI, Markdown for the meeting and the archive. */
export function reviewRoutes(app: FastifyInstance, deps: { store: Store; organisation: Organisation; reviews: Reviews; renderContext: (locale: string) => RenderContext }): void {
  const { store, organisation, reviews } = deps;

  /** The review of an incident the viewer may see; a private incident is "not found" for everyone else. */
  async function existing(id: number, viewer: string): Promise<{ state: ReviewState; version: number }> {
    const { state } = await loadIncident(store, id);
    if (!state.exists || !canSeeIncident(viewer, state, organisation.rooms)) throw new AppError('error.unknown_incident', 404, { id });
    const review = await reviews.get(id);
    if (!review.state.exists) throw new AppError('refusal.review.none', 404);
    return review;
  }

  function person(handle: string): string {
    if (!organisation.people.has(handle)) throw new AppError('error.unknown_person', 400, { person: handle });
    return handle;
  }

  /** Whoever asked, for the language of a refusal's message. */
  const reader = (request: FastifyRequest) => deps.renderContext(requestLocale(request, organisation));

  async function commander(id: number): Promise<string | undefined> {
    return (await loadIncident(store, id)).state.roles.commander;
  }

  /**
   * What the Markdown export writes that nobody typed, in the reader's language: the summary made from the
   * incident (the export's Summary while that section is empty) and the timeline, one line per event worth a
   * line, with its time and who. It follows `reviewMarkdown`: a closed review's timeline ends where it was closed.
   */
  async function generated(review: ReviewState, ctx: RenderContext) {
    const { events, incident, acknowledgements } = await sources(review.incidentId);
    // The export's lines escape `|` for its table; plain text here.
    const timeline = timelineRows(ctx, review, events, acknowledgements).map(({ at, actor, line }) => ({ at, actor, text: line.replace(/\\\|/g, '|') }));
    return { summary: generatedSummary(ctx, review, incident).replace(/\\\|/g, '|'), timeline };
  }

  /** What a review's generated parts are written from: the incident's events and state, and its pages' acknowledgements. */
  async function sources(id: number) {
    const events = (await store.readStream(incidentStream(id))).map(toIncidentEvent);
    const { state: incident } = await loadIncident(store, id);
    return { events, incident, acknowledgements: await acknowledgementsOf(store, id) };
  }

  app.get<{ Params: { id: number } }>(
    '/api/v1/incidents/:id/review',
    {
      schema: {
        summary: 'The post-incident review, with `generated`: the summary made from the incident and the timeline ({at, actor, text}), as the Markdown export writes them, in your language',
        tags: ['reviews'],
        params: idParams,
        response: { '4xx': errorSchema },
      },
    },
    async (request) => {
      const review = await existing(request.params.id, request.person!);
      return { ...reviewJson(review), generated: await generated(review.state, reader(request)) };
    },
  );

  app.put<{
    Params: { id: number };
    Body: Partial<Record<ReviewSection, string>> & { version?: number; sections?: Partial<Record<ReviewSection, string>>; owner?: string; actionItems?: { text: string; owner?: string; done?: boolean; due?: string }[] };
  }>(
    '/api/v1/incidents/:id/review',
    {
      schema: {
        summary:
          'Edit the review: any of its sections (in `sections`, as GET gives them, or at the top level), the whole list of action items, and (IC only) its owner; with `version` (from GET), refused with 409 if the review changed since',
        tags: ['reviews'],
        params: idParams,
        body: {
          type: 'object',
          properties: {
            ...sectionProperties,
            version: { type: 'integer', minimum: 0 },
            sections: { type: 'object', properties: sectionProperties, additionalProperties: false },
            owner: { type: 'string', minLength: 1, maxLength: 100 },
            actionItems: {
              type: 'array',
              maxItems: 200,
              items: {
                type: 'object',
                properties: {
                  text: { type: 'string', minLength: 1, maxLength: 2000 },
                  owner: { type: 'string', maxLength: 100 },
                  done: { type: 'boolean' },
                  // A day that exists (YYYY-MM-DD): not 2026-13-45, not 2026-02-30.
                  due: { type: 'string', format: 'date' },
                },
                required: ['text'],
                additionalProperties: false,
              },
            },
          },
          additionalProperties: false,
        },
        response: { '4xx': errorSchema },
      },
    },
    async (request) => {
      const id = request.params.id;
      await existing(id, request.person!);
      const actor = request.person!;
      const ctx = reader(request);
      const { owner, actionItems, version, sections: nested, ...topLevel } = request.body;
      const sections = { ...topLevel, ...nested };
      actionItems?.forEach((item) => item.owner && person(item.owner));
      const handle = owner === undefined ? undefined : person(owner.replace(/^@/, ''));
      const ic = handle === undefined ? undefined : await commander(id);
      const edits = Object.keys(sections).length > 0 || actionItems !== undefined;
      // All of the body or none of it: the owner and the edit are decided on the same loaded review and
      // stored in one commit, guarded by the version the editor loaded.
      const build = (at: string): ReviewCommand[] => [
        ...(handle === undefined ? [] : [{ type: 'assign-review-owner' as const, at, actor, owner: handle, commander: ic }]),
        ...(edits ? [{ type: 'edit-review' as const, at, actor, sections, items: actionItems }] : []),
      ];
      if (handle !== undefined || edits) await reviews.apply(id, build, ctx, version);
      return reviewJson(await existing(id, request.person!));
    },
  );

  app.post<{ Params: { id: number }; Body: { status: (typeof REVIEW_STATUSES)[number] } }>(
    '/api/v1/incidents/:id/review/status',
    {
      schema: {
        summary: 'Move the review along: draft → in_review → reviewed → closed (in_review may go back to draft)',
        tags: ['reviews'],
        params: idParams,
        body: { type: 'object', properties: { status: { type: 'string', enum: [...REVIEW_STATUSES] } }, required: ['status'], additionalProperties: false },
        response: { '4xx': errorSchema },
      },
    },
    async (request) => {
      const id = request.params.id;
      await existing(id, request.person!);
      const ic = await commander(id);
      const actor = request.person!;
      return reviewJson(await reviews.apply(id, (at) => ({ type: 'change-review-status', at, actor, to: request.body.status, commander: ic }), reader(request)));
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/v1/incidents/:id/review.md',
    { schema: { summary: 'The review as Markdown, in your language', tags: ['reviews'], params: idParams, response: { '4xx': errorSchema } } },
    async (request, reply) => {
      const { state: review } = await existing(request.params.id, request.person!);
      const { events, incident, acknowledgements } = await sources(request.params.id);
      const markdown = reviewMarkdown(reader(request), review, incident, events, acknowledgements);
      return reply
        .header('content-type', 'text/markdown; charset=utf-8')
        .header('content-disposition', `inline; filename="incident-${request.params.id}-review.md"`)
        .send(markdown);
    },
  );
}
