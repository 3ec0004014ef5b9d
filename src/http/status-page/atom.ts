import type { MaintenanceWindow } from '../../domain/maintenance/window.js';
import type { PublicIncident } from '../../domain/statuspage/public-view.js';
import { listed, utcLabel } from '../../app/render/context.js';
import { esc } from './html.js';
import { incidentName, type PageContext } from './render.js';

const MAX_ENTRIES = 200;

/** An Atom 1.0 feed of published updates, newest first. */
export function renderAtom(page: PageContext, incidents: readonly PublicIncident[], baseUrl: string, maintenances: readonly MaintenanceWindow[] = []): string {
  // An auto-closed incident ends with the catalog's neutral line, in the reader's language.
  const closing = (incident: PublicIncident) => (incident.autoClosedAt ? [{ n: 0, at: incident.autoClosedAt, text: page.translate(page.locale, 'statuspage.auto_closed') }] : []);
  const updates = incidents.flatMap((incident) =>
    [...incident.updates, ...closing(incident)].map((update) => {
      const url = `${baseUrl}/status/incidents/${incident.id}`;
      return { at: update.at, id: `${url}#update-${update.n || 'closed'}`, url, title: incidentName(page, incident), text: update.text };
    }),
  );
  // A maintenance window is an entry from the moment it is announced, so readers hear of it ahead of time.
  const announced = maintenances.map((window) => ({
    at: window.scheduledAt,
    id: `${baseUrl}/status#maintenance-${window.id}`,
    url: `${baseUrl}/status#maintenance-${window.id}`,
    title: `${page.translate(page.locale, 'statuspage.maintenance_heading')}: ${window.text}`,
    text: `${listed(page, window.components)} · ${page.translate(page.locale, 'statuspage.maintenance_window', { from: utcLabel(window.from), to: utcLabel(window.to) })}`,
  }));
  const entries = [...updates, ...announced].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, MAX_ENTRIES);
  const updated = entries[0]?.at ?? new Date(0).toISOString();
  const items = entries
    .map(
      (entry) =>
        `<entry><id>${esc(entry.id)}</id><title>${esc(entry.title)}</title><updated>${esc(entry.at)}</updated><published>${esc(entry.at)}</published><link rel="alternate" type="text/html" href="${esc(entry.url)}"/><content type="text">${esc(entry.text)}</content></entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${esc(page.locale)}">
<id>${esc(`${baseUrl}/status`)}</id><title>${esc(page.organisation.comms.statusPage.title)}</title><updated>${esc(updated)}</updated>
<link rel="self" type="application/atom+xml" href="${esc(`${baseUrl}/status/feed.atom`)}"/><link rel="alternate" type="text/html" href="${esc(`${baseUrl}/status`)}"/>
<author><name>${esc(page.organisation.name)}</name></author>
${items}
</feed>`;
}
