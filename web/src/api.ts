/** Talks to the server's JSON API with the session cookie; state-changing calls carry the CSRF token. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
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
  notes: Entry[];
  todos: Entry[];
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
  replies: { text: string; error?: boolean }[];
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
