/** The three roles a user can hold in an academy. */
export const ROLES = ['trainee', 'instructor', 'admin'] as const;
/** A user's role in one academy. */
export type Role = (typeof ROLES)[number];

/** How each role is named on screen. */
export const ROLE_LABELS: Record<Role, string> = {
  trainee: 'Trainee',
  instructor: 'Instructor',
  admin: 'Academy admin',
};

/** Who may open each area of the app. Instructors' tools are open to admins too. */
export const AREA_ROLES = {
  learn: ['trainee', 'instructor', 'admin'],
  drill: ['trainee', 'instructor', 'admin'],
  instructor: ['instructor', 'admin'],
  academy: ['admin'],
} as const satisfies Record<string, readonly Role[]>;
