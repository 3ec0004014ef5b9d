export const SEVERITIES = [1, 2, 3, 4, 5] as const;
export type Severity = (typeof SEVERITIES)[number];

export function isSeverity(value: number): value is Severity {
  return (SEVERITIES as readonly number[]).includes(value);
}

/** SEV-1 and SEV-2 are major: they page the Incident Commander and need a review. */
export function isMajor(severity: Severity): boolean {
  return severity <= 2;
}

export function severityLabel(severity: Severity): string {
  return `SEV-${severity}`;
}
