/** Roles a person can hold in an incident; SME is the only one with several holders. */
export const ROLES = ['commander', 'deputy', 'scribe', 'sme', 'customer', 'internal'] as const;
export type Role = (typeof ROLES)[number];

/** Roles assigned with `!role`; the commander changes hands through `!ic take` and `!ic handover`. */
export const ASSIGNABLE_ROLES = ['deputy', 'scribe', 'sme', 'customer', 'internal'] as const;
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

export function isAssignableRole(value: string): value is AssignableRole {
  return (ASSIGNABLE_ROLES as readonly string[]).includes(value);
}
