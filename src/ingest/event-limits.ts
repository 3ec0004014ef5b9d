/** PagerDuty's own limits: https://developer.pagerduty.com Events API v2. */
export const MAX_EVENT_BYTES = 512 * 1024;
export const MAX_SUMMARY = 1024;
export const MAX_DEDUP_KEY = 255;
