import { listed, listedClauses, personLabel, t, utcLabel, type RenderContext } from '../render/context.js';
import type { WhyLevel, WhyTrail } from './why.js';

const time = (iso: string) => utcLabel(iso, 'time-seconds');

/** A policy target (`schedule:ic-primary`, `team:data`, `person:erin`) as a person reads it. */
function targetText(ctx: RenderContext, label: string): string {
  const [kind, name] = [label.slice(0, label.indexOf(':')), label.slice(label.indexOf(':') + 1)];
  if (kind === 'person') return personLabel(ctx, name);
  return kind === 'schedule' || kind === 'team' ? t(ctx, `paging.why.target_${kind}`, { name }) : label;
}

function viaText(ctx: RenderContext, level: WhyLevel): string {
  const via = level.via!;
  if (via.shadowing) return t(ctx, 'paging.why.via_shadow', { schedule: via.schedule ?? '', person: personLabel(ctx, via.shadowing) });
  if (via.schedule) {
    const base = t(ctx, 'paging.why.via_schedule', { schedule: via.schedule, layer: via.layer ?? '–' });
    return via.overrides ? `${base} ${t(ctx, 'paging.why.via_override', { person: via.overrides === 'everyone' ? t(ctx, 'paging.why.everyone') : personLabel(ctx, via.overrides) })}` : base;
  }
  return t(ctx, 'paging.why.via_person');
}

function deliveriesText(ctx: RenderContext, level: WhyLevel): string {
  return listed(
    ctx,
    level.deliveries.map((delivery) => {
      const channel = t(ctx, `paging.channel.${delivery.channel}`);
      const status = t(ctx, `paging.status.${delivery.status}`);
      if (delivery.error) return t(ctx, 'paging.why.delivery_error', { channel, status, error: delivery.error });
      return delivery.sentAt ? t(ctx, 'paging.why.delivery_at', { channel, status, at: time(delivery.sentAt) }) : t(ctx, 'paging.why.delivery', { channel, status });
    }),
  );
}

/** `!ic why <person>`: the trail as lines in the room's language. */
export function renderWhy(ctx: RenderContext, trail: WhyTrail): string {
  const who = personLabel(ctx, trail.person);
  if (trail.pages.length === 0) return t(ctx, 'paging.why.no_pages', { id: trail.incidentId });
  const lines: string[] = [];
  for (const page of trail.pages) {
    const closed =
      page.status === 'acknowledged'
        ? t(ctx, 'paging.why.acknowledged_by', { person: personLabel(ctx, page.acknowledgedBy), at: time(page.closedAt ?? '') })
        : page.commander
          ? t(ctx, 'paging.page_status.cancelled_commander', { person: personLabel(ctx, page.commander) })
          : t(ctx, `paging.page_status.${page.status}`);
    lines.push(t(ctx, 'paging.why.page', { page: page.pageId, policy: page.policy, status: closed }));
    for (const level of page.levels) {
      const at = (what: string) => `  ${t(ctx, 'paging.why.level', { level: level.level, round: level.round, at: time(level.at), what })}`;
      if (level.outcome !== 'not-paged') {
        lines.push(at(t(ctx, level.outcome === 'paged' ? 'paging.why.paged' : 'paging.why.shadowed', { person: who, via: viaText(ctx, level), deliveries: deliveriesText(ctx, level) })));
        continue;
      }
      const reasons = level.targets.map((target) => {
        const named = targetText(ctx, target.target);
        if (target.reason === 'nobody-on-call') return t(ctx, 'paging.why.target_gap', { target: named });
        const others = listed(ctx, target.paged.map((handle) => personLabel(ctx, handle))) || t(ctx, 'common.nobody');
        // A person named in the policy is paged themself: "Carol paged Carol" would read as if she had done the paging.
        if (target.target.startsWith('person:')) return t(ctx, 'paging.why.target_named', { target: named, person: who });
        return t(ctx, target.member ? 'paging.why.target_member' : 'paging.why.target_other', { target: named, people: others, person: who });
      });
      lines.push(at(t(ctx, 'paging.why.not_paged', { person: who, reasons: listedClauses(ctx, reasons) })));
    }
    if (page.notReached.length) {
      lines.push(`  ${t(ctx, 'paging.why.not_reached', { levels: listed(ctx, page.notReached.map(String)), count: page.notReached.length, status: closed })}`);
    }
  }
  if (trail.reachableBy.length === 0) lines.push(t(ctx, 'paging.why.unreachable', { person: who }));
  return lines.join('\n');
}
