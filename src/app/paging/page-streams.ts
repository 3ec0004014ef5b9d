import type { PageEvent } from '../../domain/paging/events.js';
import { foldPage, type PageState } from '../../domain/paging/state.js';
import type { EventStore, NewEvent, RecordedEvent } from '../../ports.js';

/** One stream per page; one index stream per incident listing its pages in order. */
export const pageStream = (pageId: string): string => `page-${pageId}`;
export const incidentPagesStream = (incidentId: number): string => `incident-pages-${incidentId}`;

export const PAGE_LISTED = 'page.listed';

export function toPageNewEvent(event: PageEvent): NewEvent {
  const { type, at, actor, ...data } = event;
  return { type, at, actor, data };
}

export function toPageEvent(recorded: RecordedEvent): PageEvent {
  return { type: recorded.type, at: recorded.at, actor: recorded.actor, ...recorded.data } as PageEvent;
}

export interface LoadedPage {
  state: PageState;
  version: number;
}

export async function loadPage(store: EventStore, pageId: string): Promise<LoadedPage> {
  const recorded = await store.readStream(pageStream(pageId));
  return { state: foldPage(recorded.map(toPageEvent)), version: recorded.at(-1)?.version ?? 0 };
}

/** The ids of an incident's pages, oldest first, and the index stream's version (for the next page's number). */
export async function pageIdsOf(store: EventStore, incidentId: number): Promise<{ ids: string[]; version: number }> {
  const recorded = await store.readStream(incidentPagesStream(incidentId));
  return { ids: recorded.map((event) => String(event.data.pageId)), version: recorded.at(-1)?.version ?? 0 };
}

export async function loadPagesOf(store: EventStore, incidentId: number): Promise<LoadedPage[]> {
  const { ids } = await pageIdsOf(store, incidentId);
  return Promise.all(ids.map((id) => loadPage(store, id)));
}

/** Who acknowledged each of an incident's pages, and when: the review's timeline shows them. */
export async function acknowledgementsOf(store: EventStore, incidentId: number): Promise<{ pageId: string; person: string; at: string }[]> {
  return (await loadPagesOf(store, incidentId))
    .map(({ state }) => state)
    .filter((page) => page.status === 'acknowledged' && page.acknowledgedBy !== undefined && page.closedAt !== undefined)
    .map((page) => ({ pageId: page.pageId, person: page.acknowledgedBy!, at: page.closedAt! }));
}
