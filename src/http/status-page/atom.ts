import type { PublicIncident } from '../../domain/statuspage/public-view.js';
import { esc } from './html.js';
import { incidentName, type PageContext } from './render.js';

const MAX_ENTRIES = 200;

/** An Atom 1.0 feed of published updates, newest first. */
export function renderAtom(page: PageContext, incidents: readonly PublicIncident[], baseUrl: string): string {
  const entries = incidents
    .flatMap((incident) => incident.updates.map((update) => ({ incident, update })))
    .sort((a, b) => (a.update.at < b.update.at ? 1 : a.update.at > b.update.at ? -1 : 0))
    .slice(0, MAX_ENTRIES);
  const updated = entries[0]?.update.at ?? new Date(0).toISOString();
  const items = entries
    .map(({ incident, update }) => {
      const url = `${baseUrl}/status/incidents/${incident.id}`;
      return `<entry><id>${esc(`${url}#update-${update.n}`)}</id><title>${esc(incidentName(page, incident))}</title><updated>${esc(update.at)}</updated><published>${esc(update.at)}</published><link rel="alternate" type="text/html" href="${esc(url)}"/><content type="text">${esc(update.text)}</content></entry>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${esc(page.locale)}">
<id>${esc(`${baseUrl}/status`)}</id><title>${esc(page.organisation.comms.statusPage.title)}</title><updated>${esc(updated)}</updated>
<link rel="self" type="application/atom+xml" href="${esc(`${baseUrl}/status/feed.atom`)}"/><link rel="alternate" type="text/html" href="${esc(`${baseUrl}/status`)}"/>
<author><name>${esc(page.organisation.name)}</name></author>
${items}
</feed>`;
}
