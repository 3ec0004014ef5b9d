import { incidentLocale } from '../../domain/incident/rooms.js';
import { reviewDueAt, reviewTag } from '../../domain/review/due-date.js';
import { isMajor } from '../../domain/incident/severity.js';
import type { Commit, JobSpec, StreamAppend } from '../../ports.js';
import { CREATE_REVIEW, REOPEN_REVIEW } from '../comms/comms-timers.js';
import { decideReview } from '../../domain/review/review.js';
import { isRefusal } from '../../domain/refusal.js';
import { emailJob } from '../comms/email-job.js';
import { inboxEvent, inboxStream } from '../comms/inbox.js';
import { AppError } from '../errors.js';
import { loadIncident } from '../incidents.js';
import { personLabel, t } from '../render/context.js';
import { loadReview, reviewCommit } from '../review/reviews.js';
import { botLine, roomStream } from '../streams.js';
import type { JobHandler } from './job-handler.js';

export const REVIEW_REMINDER = 'review-reminder';
const reminderKey = (incidentId: number) => `review-reminder:${incidentId}`;

function reminderJob(incidentId: number, dueAt: string): JobSpec {
  return { key: reminderKey(incidentId), kind: REVIEW_REMINDER, dueAt, payload: { incidentId } };
}

function hoursBefore(iso: string, hours: number): string {
  return new Date(Date.parse(iso) - hours * 3_600_000).toISOString();
}

const NOTHING: Omit<Commit, 'finish'> = { appends: [] };

/** Where a review with no owner gets one: its web page, or the API call the README documents. */
function assignHint(incidentId: number): { page: string; assign: string } {
  return { page: `/incidents/${incidentId}/review`, assign: `PUT /api/v1/incidents/${incidentId}/review {"owner": "…"}` };
}

/**
 * Resolving a SEV-1 or SEV-2 (or a false alarm) drafts its post-incident
 * review: the IC owns it until they assign someone else (with no IC, whoever
 * declared it; after an alert, nobody until someone is assigned), the meeting is due
 * 3 calendar days (SEV-1) or 5 business days later, and every follow-up
 * (open tasks were carried into follow-ups) becomes a tagged action item.
 */
export const createReview: JobHandler = {
  kind: CREATE_REVIEW,
  async run(job, context) {
    const incidentId = Number(job.payload.incidentId);
    const { state } = await loadIncident(context.store, incidentId);
    if (!state.exists || state.status !== 'resolved' || !state.resolvedAt) return NOTHING;
    if (!isMajor(state.comms.peakSeverity) && !state.comms.falseAlarm) return NOTHING;
    const loaded = await loadReview(context.store, incidentId);
    const items = state.todos.map((todo) => ({ text: todo.text, owner: todo.owner, fromTodo: todo.n }));
    if (loaded.state.exists) {
      // Resolved again after a reopen: the flag follows this resolve, and only new follow-ups are added.
      const refresh = decideReview(loaded.state, { type: 'refresh-review', at: state.resolvedAt, actor: 'system', falseAlarm: state.comms.falseAlarm, severity: state.comms.peakSeverity, items });
      return isRefusal(refresh) ? NOTHING : reviewCommit(incidentId, loaded, { type: 'refresh-review', at: state.resolvedAt, actor: 'system', falseAlarm: state.comms.falseAlarm, severity: state.comms.peakSeverity, items }).commit;
    }
    const severity = state.comms.peakSeverity;
    const dueAt = reviewDueAt(severity, state.resolvedAt);
    // The IC owns the review; without one, the person who declared it; an alert owns nothing, so then nobody
    // does until someone is assigned.
    const owner = state.roles.commander ?? (context.organisation.people.has(state.declaredBy) ? state.declaredBy : undefined);
    const { commit } = reviewCommit(incidentId, loaded, {
      type: 'create-review',
      at: state.resolvedAt,
      actor: 'system',
      incidentId,
      severity,
      falseAlarm: state.comms.falseAlarm,
      owner,
      dueAt,
      tag: reviewTag(severity, state.declaredAt),
      items,
    });
    const ctx = context.renderContext(incidentLocale(state, context.organisation));
    const now = ctx.now.toISOString();
    const line = owner
      ? t(ctx, 'review.created', { id: incidentId, owner: personLabel(ctx, owner), due: dueAt.slice(0, 10), path: `/api/v1/incidents/${incidentId}/review.md` })
      : t(ctx, 'review.created_unowned', { id: incidentId, ...assignHint(incidentId), due: dueAt.slice(0, 10), path: `/api/v1/incidents/${incidentId}/review.md` });
    const remindAt = hoursBefore(dueAt, context.organisation.timers.reviewReminderHours);
    return {
      appends: [...commit.appends, { stream: roomStream(state.room), expectedVersion: 'any', events: [botLine(now, line, incidentId, 'review')] }],
      schedule: [reminderJob(incidentId, remindAt > now ? remindAt : now)],
    };
  },
};

/** A reopened incident sends its review back to Draft (never rewriting a closed one in place), the reason on its record. */
export const reopenReview: JobHandler = {
  kind: REOPEN_REVIEW,
  async run(job, context) {
    const incidentId = Number(job.payload.incidentId);
    const loaded = await loadReview(context.store, incidentId);
    if (!loaded.state.exists || loaded.state.status === 'draft') return NOTHING;
    const { state: incident } = await loadIncident(context.store, incidentId);
    const room = context.organisation.rooms.get(incident.room);
    const ctx = context.renderContext(room?.locale ?? context.organisation.defaultLocale);
    const actor = String(job.payload.actor);
    const reason = t(ctx, 'review.reopen_reason', { person: personLabel(ctx, actor), id: incidentId });
    const { commit } = reviewCommit(incidentId, loaded, { type: 'reopen-review', at: String(job.payload.at), actor, reason });
    const line = t(ctx, 'review.back_to_draft', { id: incidentId, status: t(ctx, `review.status.${loaded.state.status}`) });
    return { appends: [...commit.appends, { stream: roomStream(incident.room), expectedVersion: 'any', events: [botLine(ctx.now.toISOString(), line, incidentId, 'review')] }] };
  },
};

/** Reminds the review's owner (in the room, in-app and by email) before the meeting is due, then daily while it is overdue. */
export function reviewReminder(options: { email: boolean }): JobHandler {
  return {
    kind: REVIEW_REMINDER,
    async run(job, context) {
      const incidentId = Number(job.payload.incidentId);
      const loaded = await loadReview(context.store, incidentId);
      const { state: incident } = await loadIncident(context.store, incidentId);
      const ctx = context.renderContext(incidentLocale(incident, context.organisation));
      const now = ctx.now.toISOString();
      let decided;
      try {
        decided = reviewCommit(incidentId, loaded, { type: 'remind-review', at: now, actor: 'system' });
      } catch (error) {
        if (error instanceof AppError) return NOTHING;
        throw error;
      }
      const review = loaded.state;
      const overdue = now >= review.dueAt;
      const params = { id: incidentId, owner: personLabel(ctx, review.owner), due: review.dueAt.slice(0, 10), path: `/api/v1/incidents/${incidentId}/review.md` };
      const text = review.owner
        ? t(ctx, overdue ? 'review.reminder_overdue' : 'review.reminder_due', params)
        : t(ctx, overdue ? 'review.reminder_overdue_unowned' : 'review.reminder_due_unowned', { ...params, ...assignHint(incidentId) });
      const appends: StreamAppend[] = [...decided.commit.appends, { stream: roomStream(incident.room), expectedVersion: 'any', events: [botLine(now, text, incidentId, 'review')] }];
      const schedule: JobSpec[] = [reminderJob(incidentId, overdue ? new Date(Date.parse(now) + 86_400_000).toISOString() : review.dueAt)];
      const owner = review.owner ? context.organisation.people.get(review.owner) : undefined;
      if (owner) {
        const personal = context.renderContext(owner.locale);
        const body = t(personal, overdue ? 'review.reminder_overdue' : 'review.reminder_due', { ...params, owner: personLabel(personal, owner.handle) });
        const title = t(personal, 'review.reminder_subject', { id: incidentId });
        appends.push({ stream: inboxStream(owner.handle), expectedVersion: 'any', events: [inboxEvent(now, { kind: 'reminder', incidentId, title, text: body })] });
        if (options.email && owner.email) {
          schedule.push(emailJob(now, { to: owner.email, subject: title, text: body, idempotencyKey: `review-reminder:${incidentId}:${review.reminders + 1}` }));
        }
      }
      return { appends, schedule };
    },
  };
}
