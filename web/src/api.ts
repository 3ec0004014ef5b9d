/** Talks to the server's JSON API with the session cookie; state-changing calls carry the CSRF token. */
import type { PageStatus } from '../../src/domain/paging/state.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The server's answer for an incident that does not exist, or that is private and the viewer not one of its members. */
export function isUnknownIncident(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'unknown_incident';
}

let csrfToken: string | null = null;
let language = 'en';

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Server errors come back in this language. */
export function setApiLanguage(locale: string): void {
  language = locale;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': language };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch (error) {
    throw new ApiError(0, 'network', (error as Error).message);
  }
  const json = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string } };
  if (!response.ok) {
    if (response.status === 401 && !path.endsWith('/session')) {
      window.location.assign(`/signin?next=${encodeURIComponent(window.location.pathname)}`);
    }
    throw new ApiError(response.status, json.error?.code ?? 'http', json.error?.message ?? response.statusText);
  }
  return json as T;
}

export interface Person {
  handle: string;
  name: string;
  locale: string;
  timezone: string;
}

export interface SessionInfo {
  person: Person;
  csrfToken: string | null;
}

export interface Organisation {
  name: string;
  locale: string;
  contact: {
    chatRoom: string;
    callUrl: string;
    phoneBridge: { display: string; dial: string; pin: string };
    executiveRoom: string;
  };
  rooms: { name: string; locale: string }[];
  people: { handle: string; name: string }[];
}

export interface IncidentSummary {
  id: number;
  title: string;
  severity: string;
  status: 'open' | 'resolved';
  room: string;
  commander: string | null;
  declaredAt: string;
  resolvedAt: string | null;
  updatedAt: string;
}

/** A row of the web list (`GET /api/v1/web/incidents`): what the list needs beyond the summary. */
export interface IncidentListRow extends IncidentSummary {
  peakSeverity: string;
  falseAlarm: boolean;
  private: boolean;
  mine: boolean;
}

export interface Entry {
  n: number;
  text: string;
  by: string;
  at: string;
}

export interface Incident {
  id: number;
  title: string;
  severity: string;
  status: 'open' | 'resolved';
  room: string;
  declaredAt: string;
  declaredBy: string;
  resolvedAt: string | null;
  roles: { commander: string | null; deputy: string | null; scribe: string | null; sme: string[]; customer: string | null; internal: string | null };
  stalking: boolean;
  subteams?: { name: string; lead: string; room: string; open: boolean }[];
  mergedInto?: number | null;
  notes: Entry[];
  /** `fromTask`: the task closed at resolve that this follow-up carries on. */
  todos: (Entry & { owner?: string; fromTask?: number })[];
  tasks: (Entry & { owner: string; done: boolean })[];
  version: number;
}

export interface TimelineEvent {
  type: string;
  at: string;
  actor: string;
  version: number;
  position: number;
  [field: string]: unknown;
}

export interface RoomMessage {
  position: number;
  at: string;
  author: string;
  bot: boolean;
  text: string;
  incidentId: number | null;
}

export interface ChatReply {
  replies: { text: string; error?: boolean; onlyForSender?: boolean }[];
  incident: IncidentSummary | null;
  /** The line opened this incident (in its own room). */
  opened?: boolean;
}

export interface OnCallEntry {
  schedule: string | null;
  now: string | null;
  next: { at: string; person: string | null } | null;
}

export interface OnCall {
  at: string;
  commanders: { primary: OnCallEntry; backup: OnCallEntry; shadows: OnCallEntry[] };
  teams: (OnCallEntry & { team: string })[];
}

/** One delivery of a page: `GET /api/v1/incidents/ID/pages`. */
export interface PageRow {
  pageId: string;
  policy: string;
  target: { kind: string; name?: string; person?: string; [field: string]: unknown };
  person: string;
  shadow: boolean;
  channel: string;
  level: number;
  round: number;
  status: 'pending' | 'sent' | 'retrying' | 'failed' | 'skipped';
  requestedAt: string;
  sentAt: string | null;
  attempts: number;
  error: string | null;
  pageStatus: PageStatus;
  acknowledgedBy: string | null;
  /** Why a cancelled page stopped; with `commander-assigned`, `commander` is who took command. */
  cancelReason?: 'incident-resolved' | 'commander-assigned' | null;
  commander?: string | null;
  closedAt: string | null;
}

export interface Communications {
  updates: { n: number; text: string; by: string; at: string }[];
  drafts: { n: number; text: string; by: string; at: string; components: string[]; eta: string[]; publishedAt: string | null }[];
  publicSince: string | null;
  lastPublishedAt: string | null;
  subscribers: { recipients: number; subscribed: boolean };
}

export interface ActionItem {
  n: number;
  text: string;
  owner: string | null;
  done: boolean;
  tag: string;
  due?: string | null;
}

export const REVIEW_SECTIONS = ['summary', 'rootCause', 'impact', 'wentWell', 'wentBadly'] as const;
export type ReviewSection = (typeof REVIEW_SECTIONS)[number];
export const REVIEW_STATUSES = ['draft', 'in_review', 'reviewed', 'closed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export interface Review {
  incidentId: number;
  /** Sent back with an edit: the server refuses it (409) if the review changed since. */
  version: number;
  status: ReviewStatus;
  owner: string | null;
  severity: string;
  falseAlarm: boolean;
  dueAt: string;
  tag: string;
  createdAt: string;
  updatedAt: string;
  sections: Record<ReviewSection, string>;
  actionItems: ActionItem[];
  /** Only from GET: what the Markdown export writes that nobody typed, in the reader's language. */
  generated?: ReviewGenerated;
}

export interface ReviewGenerated {
  /** The summary made from the incident: the export's Summary while that section is empty. */
  summary: string;
  /** The export's timeline: what happened, in order, with when and who (`system` for Don't Panic itself). */
  timeline: { at: string; actor: string; text: string }[];
}

/** A room the viewer may see: `GET /api/v1/rooms`. */
export interface RoomInfo {
  name: string;
  kind: 'lobby' | 'incident' | 'subteam';
  display: string;
  locale: string;
  private: boolean;
  incident?: number;
  parent?: string;
  lead?: string;
  title?: string;
  severity?: number;
  status?: 'open' | 'resolved';
}
