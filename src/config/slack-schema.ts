import { z } from 'zod';

const lobby = z.string().regex(/^[a-z][a-z0-9._-]*$/, 'expected a room of the config such as "incident-chat"');

/**
 * The `slack` block: a Slack app's tokens and how it connects. Socket Mode
 * (the default) needs the app-level token and no public URL; HTTP mode needs
 * the signing secret and a port Slack can reach.
 */
export const slackSchema = z
  .object({
    botToken: z.string().regex(/^xoxb-[A-Za-z0-9-]+$/, 'expected a bot token starting with "xoxb-"'),
    appToken: z.string().regex(/^xapp-[A-Za-z0-9-]+$/, 'expected an app-level token starting with "xapp-"').optional(),
    signingSecret: z.string().min(16, 'expected the app’s signing secret').optional(),
    mode: z.enum(['socket', 'http']).default('socket'),
    /** Slack itself, or a Slack-compatible API (and test servers). */
    apiUrl: z.url('expected the Web API base URL, e.g. https://slack.com/api/').default('https://slack.com/api/'),
    /** HTTP mode: the port Slack's requests arrive on (`/slack/events`). */
    port: z.number().int().min(0).max(65535).default(3000),
    /** Lobbies to standing channels by id; a lobby not listed is found by its name. */
    channels: z.record(lobby, z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'expected a channel id such as "C0123456789"')).default({}),
    /** Minutes after an incident is resolved before its channel is archived. */
    archiveAfter: z.number().positive('expected a positive number of minutes').default(24 * 60),
  })
  .strict()
  .superRefine((slack, ctx) => {
    if (slack.mode === 'socket' && !slack.appToken) ctx.addIssue({ code: 'custom', path: ['appToken'], message: 'Socket Mode needs the app-level token ("xapp-…")' });
    if (slack.mode === 'http' && !slack.signingSecret) ctx.addIssue({ code: 'custom', path: ['signingSecret'], message: 'HTTP mode needs the signing secret to check requests' });
  });

export type SlackConfig = z.infer<typeof slackSchema>;

/** A person's Slack user id (`U…`), when email lookup is not enough. */
export const slackId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'expected a Slack user id such as "U0123456789"');
