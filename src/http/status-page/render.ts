import { phaseAt, type MaintenanceWindow } from '../../domain/maintenance/window.js';
import { listed } from '../../app/render/context.js';
import type { Organisation } from '../../domain/organisation.js';
import { pageStatus, type ShownComponentState } from '../../domain/statuspage/page-status.js';
import { componentStates, type PublicIncident } from '../../domain/statuspage/public-view.js';
import type { Translate } from '../../i18n/i18n.js';
import { esc, LOCAL_TIME_SCRIPT, STYLE, timeElement } from './html.js';

export const HISTORY_DAYS = 90;

export interface PageContext {
  readonly organisation: Organisation;
  readonly translate: Translate;
  readonly locale: string;
  /** `?lang=…` to keep on links when the language was chosen explicitly. */
  readonly langQuery: string;
  /** The page itself in another language, when its address carries more than `lang` (an unsubscribe link's token). */
  readonly languageHref?: (lang: string) => string;
  readonly now: Date;
}

function tr(page: PageContext, key: string, params?: Record<string, string | number>): string {
  return page.translate(page.locale, `statuspage.${key}`, params);
}

function link(page: PageContext, path: string): string {
  return `${path}${page.langQuery}`;
}

function layout(page: PageContext, title: string, body: string): string {
  const site = page.organisation.comms.statusPage.title;
  const other = page.locale === 'zh-CN' ? { lang: 'en', label: 'English' } : { lang: 'zh-CN', label: '中文' };
  return `<!doctype html>
<html lang="${esc(page.locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title === site ? site : `${title} · ${site}`)}</title>
<link rel="alternate" type="application/atom+xml" title="${esc(tr(page, 'feed'))}" href="${esc(link(page, '/status/feed.atom'))}">
<style>${STYLE}</style></head>
<body><main>
<header><h1><a href="${esc(link(page, '/status'))}" style="color:inherit;text-decoration:none">${esc(site)}</a></h1>
<nav><a href="${esc(page.languageHref?.(other.lang) ?? `?lang=${other.lang}`)}" hreflang="${other.lang}" lang="${other.lang}">${other.label}</a><a href="${esc(link(page, '/status/feed.atom'))}">${esc(tr(page, 'feed'))}</a></nav></header>
${body}
<footer class="muted">${esc(tr(page, 'footer', { organisation: page.organisation.name }))}</footer>
</main><script>${LOCAL_TIME_SCRIPT}</script></body></html>`;
}

function updatesList(page: PageContext, incident: PublicIncident): string {
  // The auto-close line is written by no one: it comes from the catalog, in the reader's language.
  const closing = incident.autoClosedAt ? [{ at: incident.autoClosedAt, text: tr(page, 'auto_closed') }] : [];
  const items = [...incident.updates, ...closing]
    .reverse()
    .map(
      (update) =>
        `<li>${timeElement(page.locale, update.at)}<p class="text">${esc(update.text)}</p></li>`,
    )
    .join('');
  return `<ol class="updates">${items}</ol>`;
}

/** The IC's public title, or "Incident #N" without one. */
export function incidentName(page: Pick<PageContext, 'translate' | 'locale'>, incident: PublicIncident): string {
  return incident.title ?? page.translate(page.locale, 'statuspage.incident_heading', { id: incident.id });
}

function incidentHeading(page: PageContext, incident: PublicIncident): string {
  const status = incident.status === 'open' ? tr(page, 'incident_open') : tr(page, 'incident_resolved');
  const affected = incident.components.length ? ` · ${tr(page, 'affects', { components: listed(page, incident.components) })}` : '';
  return `${incidentName(page, incident)} · ${status}${affected}`;
}

function incidentCard(page: PageContext, incident: PublicIncident): string {
  return `<article data-incident="${incident.id}"><h3><a href="${esc(link(page, `/status/incidents/${incident.id}`))}">${esc(incidentHeading(page, incident))}</a></h3>${updatesList(page, incident)}</article>`;
}

function subscribeForm(page: PageContext, error?: string, value = ''): string {
  return `<h2 id="subscribe">${esc(tr(page, 'subscribe_heading'))}</h2>
<form method="post" action="/status/subscribe"><input type="hidden" name="lang" value="${esc(page.locale)}">
<label for="email" class="muted" style="flex-basis:100%">${esc(tr(page, 'subscribe_label'))}</label>
<input type="email" id="email" name="email" required maxlength="254" autocomplete="email" value="${esc(value)}"${error ? ' aria-invalid="true" aria-describedby="email-error"' : ''}>
<button type="submit">${esc(tr(page, 'subscribe_button'))}</button></form>
${error ? `<p id="email-error" class="error" role="alert">${esc(error)}</p>` : ''}`;
}

function lastActivity(incident: PublicIncident): string {
  return incident.resolvedAt ?? incident.updates.at(-1)?.at ?? '';
}

function maintenanceCard(page: PageContext, window: MaintenanceWindow): string {
  const phase = phaseAt(window, page.now);
  const when = tr(page, 'maintenance_window', { from: '\u0000', to: '\u0001' }).replace('\u0000', timeElement(page.locale, window.from)).replace('\u0001', timeElement(page.locale, window.to));
  return `<article id="maintenance-${window.id}" data-maintenance="${window.id}"><h3>${esc(window.text)} · ${esc(tr(page, `maintenance_state.${phase}`))}</h3><p class="muted">${esc(listed(page, window.components))} · ${when}</p></article>`;
}

/** Announced and running windows, soonest first. */
function maintenanceSection(page: PageContext, maintenances: readonly MaintenanceWindow[]): string {
  const current = maintenances.filter((window) => phaseAt(window, page.now) !== 'completed').sort((a, b) => (a.from < b.from ? -1 : 1));
  return current.length ? `<h2>${esc(tr(page, 'maintenance_heading'))}</h2>${current.map((window) => maintenanceCard(page, window)).join('')}` : '';
}

/** `form` is undefined when the server sends no email: the page then points to the feed instead. */
export function renderIndex(
  page: PageContext,
  incidents: readonly PublicIncident[],
  form: { error?: string; value?: string } | undefined,
  maintenances: readonly MaintenanceWindow[] = [],
): string {
  const services = [...page.organisation.services.values()];
  const states = componentStates(services.map((service) => service.name), incidents);
  const maintained = new Set(maintenances.filter((window) => phaseAt(window, page.now) === 'in_progress').flatMap((window) => window.components));
  const active = incidents.filter((incident) => incident.status === 'open');
  const since = page.now.getTime() - HISTORY_DAYS * 86_400_000;
  const history = incidents.filter((incident) => incident.status === 'resolved' && Date.parse(lastActivity(incident)) >= since);
  const shown = services.map((service): ShownComponentState => {
    const worst = states.get(service.name) ?? 'operational';
    return worst === 'operational' && maintained.has(service.name) ? 'under_maintenance' : worst;
  });
  const status = pageStatus(shown);
  // An ongoing incident that names no component still affects someone: never "All Systems Operational" then.
  const affected = active.length > 0 && (status === 'operational' || status === 'under_maintenance');
  const components = services
    .map(
      (service, index) =>
        `<li data-component="${esc(service.name)}"><span>${esc(service.name)}${service.description ? ` <span class="muted">${esc(service.description)}</span>` : ''}</span><span class="state ${shown[index]}">${esc(tr(page, `state.${shown[index]}`))}</span></li>`,
    )
    .join('');
  const body = `<div class="banner ${affected ? 'affected' : status}" role="status">${esc(tr(page, affected ? 'banner_affected' : `page_status.${status}`))}</div>
<h2>${esc(tr(page, 'components'))}</h2><ul class="components">${components}</ul>
${maintenanceSection(page, maintenances)}
<h2>${esc(tr(page, 'active'))}</h2>${active.length ? active.map((incident) => incidentCard(page, incident)).join('') : `<p class="muted">${esc(tr(page, 'no_active'))}</p>`}
<h2>${esc(tr(page, 'history', { days: HISTORY_DAYS }))}</h2>${history.length ? history.map((incident) => incidentCard(page, incident)).join('') : `<p class="muted">${esc(tr(page, 'no_history', { days: HISTORY_DAYS }))}</p>`}
${form ? subscribeForm(page, form.error, form.value) : `<h2 id="subscribe">${esc(tr(page, 'subscribe_heading'))}</h2><p class="muted">${esc(page.translate(page.locale, 'error.email_unavailable'))}</p>`}`;
  return layout(page, page.organisation.comms.statusPage.title, body);
}

export function renderIncident(page: PageContext, incident: PublicIncident): string {
  const body = `<p><a href="${esc(link(page, '/status'))}">← ${esc(tr(page, 'back'))}</a></p><h2>${esc(incidentHeading(page, incident))}</h2>${updatesList(page, incident)}`;
  return layout(page, incidentName(page, incident), body);
}

export function renderMessage(page: PageContext, titleKey: string, messageKey: string, params: Record<string, string | number> = {}, status: 'ok' | 'error' = 'ok'): string {
  const body = `<h2>${esc(tr(page, titleKey))}</h2><p class="${status === 'error' ? 'error' : ''}" role="${status === 'error' ? 'alert' : 'status'}">${esc(tr(page, messageKey, params))}</p><p><a href="${esc(link(page, '/status'))}">← ${esc(tr(page, 'back'))}</a></p>`;
  return layout(page, tr(page, titleKey), body);
}

/**
 * What a GET of an email's unsubscribe link shows: a question and a button that POSTs to the same link. Mail
 * systems' link scanners fetch links before anyone reads them; only the POST unsubscribes (RFC 8058).
 */
export function renderUnsubscribeQuestion(page: PageContext, action: string): string {
  const body = `<h2>${esc(tr(page, 'unsubscribe_title'))}</h2><p role="status">${esc(tr(page, 'unsubscribe_question', { title: page.organisation.comms.statusPage.title }))}</p>
<form method="post" action="${esc(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${esc(tr(page, 'unsubscribe_button'))}</button></form>
<p><a href="${esc(link(page, '/status'))}">← ${esc(tr(page, 'back'))}</a></p>`;
  return layout(page, tr(page, 'unsubscribe_title'), body);
}
