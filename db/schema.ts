/**
 * Every table of Stipple, in one place. Timestamps are stored as integer milliseconds
 * since the epoch (`timestamp_ms`), so ordering and arithmetic stay trivial in SQL.
 */
import { sql } from 'drizzle-orm';
import {
  blob,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
} from 'drizzle-orm/sqlite-core';
import type { JWK } from 'jose';

import { ROLES } from '../src/lib/auth/roles.ts';
import type { CertificateSummary } from '../src/lib/certification/certificates.ts';
import type { Renewal, Requirements } from '../src/lib/certification/requirements.ts';
import type { DrillScore } from '../src/lib/drill/scoring.ts';
import type { ReviewLevels } from '../src/lib/grading/review.ts';
import type { Rubric } from '../src/lib/grading/rubric.ts';
import type { Answers } from '../src/lib/learning/check-scoring.ts';

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

/** People with an account; what they may do depends on their memberships. */
export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** Normalised (trimmed, lower-cased) address; see src/lib/auth/email.ts. */
  email: text('email').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  /** The name printed on certificates, when it differs from the display name (set by the holder, corrected by an admin). */
  certificateName: text('certificate_name'),
  /** False when the user turned off notification mails (security mails always go). */
  notificationMails: integer('notification_mails', { mode: 'boolean' }).notNull().default(true),
  createdAt: createdAt(),
});

/** An academy (training school): its public slug, join code and credential signing keys. */
export const academies = sqliteTable('academies', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  /** Code a trainee types at sign-up to join this academy. */
  joinCode: text('join_code').notNull().unique(),
  /** New sign-ups without a join code land in the academy that has open enrolment. */
  openEnrollment: integer('open_enrollment', { mode: 'boolean' }).notNull().default(false),
  /** Ed25519 key pair (JWK JSON) that signs this academy's credentials. Private key never leaves the server. */
  publicKeyJwk: text('public_key_jwk', { mode: 'json' }).$type<JWK>().notNull(),
  privateKeyJwk: text('private_key_jwk', { mode: 'json' }).$type<JWK>().notNull(),
  /**
   * P-256 key pair (JWK JSON) that signs the VC-JWT variant (ES256, what 1EdTech's validator accepts). Null only
   * between migration 0008 and the start-up that fills it in (`ensureAcademyKeys`).
   */
  p256PublicJwk: text('p256_public_jwk', { mode: 'json' }).$type<JWK>(),
  p256PrivateJwk: text('p256_private_jwk', { mode: 'json' }).$type<JWK>(),
  /** Public contact address shown to members and in mails. */
  contactEmail: text('contact_email'),
  /** The certificate's signatory: name, title and optional signature image (PNG/JPEG bytes). */
  signatoryName: text('signatory_name'),
  signatoryTitle: text('signatory_title'),
  signatureImage: blob('signature_image', { mode: 'buffer' }),
  signatureImageType: text('signature_image_type'),
  /** The academy's logo (PNG/JPEG/WebP bytes, type checked by content) and its media type. */
  logo: blob('logo', { mode: 'buffer' }),
  logoType: text('logo_type'),
  createdAt: createdAt(),
});

/** A user's role in an academy; a user may belong to several academies. */
export const memberships = sqliteTable(
  'memberships',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    academyId: integer('academy_id')
      .notNull()
      .references(() => academies.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ROLES }).notNull(),
    createdAt: createdAt(),
    /** Set when an admin removed the member: access ends, their records stay (a former member). */
    removedAt: integer('removed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.academyId] }),
    index('memberships_academy_idx').on(t.academyId),
    /** Covers the academy's trainee list (`/academy`): no table read. */
    index('memberships_academy_role_cover_idx').on(t.academyId, t.role, t.userId),
  ],
);

/** Lucia-style sessions: the cookie holds `id.secret`; only SHA-256(secret) is stored. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * An invitation to join an academy with a role, mailed as `/invite/<token>`: only SHA-256 of the token is stored.
 * Single use (`acceptedAt`), revocable (`revokedAt`), expires 7 days after it was last sent.
 */
export const invitations = sqliteTable(
  'invitations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    academyId: integer('academy_id')
      .notNull()
      .references(() => academies.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: integer('invited_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    acceptedAt: integer('accepted_at', { mode: 'timestamp_ms' }),
    acceptedBy: integer('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('invitations_academy_idx').on(t.academyId, t.createdAt)],
);

/** A password reset mailed as `/reset-password/<token>`: only SHA-256 of the token is stored; one hour, single use. */
export const passwordResets = sqliteTable(
  'password_resets',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('password_resets_user_idx').on(t.userId)],
);

/** Failed sign-in attempts, keyed by `account:<email>` or `ip:<address>`, for throttling. */
export const authFailures = sqliteTable(
  'auth_failures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('auth_failures_key_at_idx').on(t.key, t.at)],
);

/**
 * Who did what, when: sign-ups, password changes, joining an academy, claims, reviews and
 * corrections, rubrics, programs, certificates (issued, renewed, revoked) and compliance
 * records. Append-only.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    academyId: integer('academy_id').references(() => academies.id, { onDelete: 'cascade' }),
    actorUserId: integer('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    subject: text('subject').notNull(),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
    at: createdAt(),
  },
  (t) => [index('audit_academy_idx').on(t.academyId, t.at)],
);

/** A practice attempt is a draft (autosaved), then submitted (frozen, waiting), then graded. */
export const ATTEMPT_STATUSES = ['draft', 'submitted', 'graded'] as const;

/**
 * One practice canvas of a trainee on a template. Its impressions — the bulk of the data —
 * live in `attempt_dots`, so lists, queues and aggregates never read them. At most one draft
 * per trainee, academy and template; submitted attempts are frozen.
 */
export const drillAttempts = sqliteTable(
  'drill_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    academyId: integer('academy_id')
      .notNull()
      .references(() => academies.id, { onDelete: 'cascade' }),
    templateId: text('template_id').notNull(),
    templateVersion: integer('template_version').notNull(),
    status: text('status', { enum: ATTEMPT_STATUSES }).notNull().default('draft'),
    /** How many impressions the canvas holds (they themselves are in `attempt_dots`). */
    dotCount: integer('dot_count').notNull().default(0),
    /**
     * The session being worked (a draft) or judged (a submission: the canvas is scored as the
     * end of this session); null means the plan's last session, finished work.
     */
    session: integer('session'),
    /**
     * The server's score (DrillScore without the overlay), computed once when the canvas is
     * submitted; null while the attempt is a draft (drafts are scored in the browser only).
     */
    score: text('score', { mode: 'json' }).$type<Omit<DrillScore, 'overlay'>>(),
    scoreVersion: integer('score_version'),
    total: integer('total'),
    pass: integer('pass', { mode: 'boolean' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    index('drill_attempts_user_idx').on(t.userId, t.academyId, t.templateId),
    /** Covers the grading queue (and replaces `drill_attempts_queue_idx`, its prefix) and the passed drills of `/academy`: the large `dots` column is never read. */
    index('drill_attempts_queue_cover_idx').on(
      t.academyId,
      t.status,
      t.submittedAt,
      t.userId,
      t.templateId,
      t.total,
      t.pass,
    ),
    /**
     * The grading queue's page, oldest first, read in index order (no sort) and covering: only the
     * waiting submissions are in it. `id` breaks ties of `submitted_at` as `filterQueue` does.
     */
    index('drill_attempts_waiting_oldest_idx')
      .on(t.academyId, t.submittedAt, t.id, t.userId, t.templateId, t.total, t.pass)
      .where(sql`status = 'submitted'`),
    /** The same, newest first (ties still by ascending id). */
    index('drill_attempts_waiting_newest_idx')
      .on(t.academyId, sql`submitted_at desc`, t.id, t.userId, t.templateId, t.total, t.pass)
      .where(sql`status = 'submitted'`),
    /** Covers the per-trainee drill aggregates of `/academy` (submitted, best, last activity). */
    index('drill_attempts_academy_user_cover_idx').on(t.academyId, t.userId, t.status, t.total, t.updatedAt),
    uniqueIndex('drill_attempts_one_draft')
      .on(t.userId, t.academyId, t.templateId)
      .where(sql`status = 'draft'`),
  ],
);

/**
 * The impressions of one attempt, `[x, y, t, d]` (mm, ms since start, impression diameter mm)
 * in placement order, with the session that placed each one (null for attempts from before
 * sessions), in the compact binary form of `src/lib/drill/dot-codec.ts`. Rows moved here from
 * an older database by migration 0014 hold that attempt's JSON text until it is saved again;
 * the codec reads both.
 */
export const attemptDots = sqliteTable('attempt_dots', {
  attemptId: integer('attempt_id')
    .primaryKey()
    .references(() => drillAttempts.id, { onDelete: 'cascade' }),
  data: blob('data', { mode: 'buffer' }).notNull(),
  /**
   * How many times these impressions were written (1 on the first write): a draft's revision.
   * A delta autosave names the revision it was made against and is refused (409) on any other.
   */
  revision: integer('revision').notNull().default(1),
});

/**
 * A photo of a worked practice sheet: the cleaned photo (orientation applied, metadata
 * stripped), the canvas rectified to the template, the impressions detected, and the
 * trainee's corrections. Uploaded before submitting (attemptId null), then tied to the
 * submitted attempt it was scored as. Kept out of drill_attempts so lists never read images.
 */
export const drillPhotos = sqliteTable(
  'drill_photos',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    academyId: integer('academy_id')
      .notNull()
      .references(() => academies.id, { onDelete: 'cascade' }),
    templateId: text('template_id').notNull(),
    templateVersion: integer('template_version').notNull(),
    attemptId: integer('attempt_id').references(() => drillAttempts.id, { onDelete: 'cascade' }),
    /** The sheet's code, read from its QR code. */
    sheetCode: text('sheet_code').notNull(),
    photo: blob('photo', { mode: 'buffer' }).$type<Buffer>().notNull(),
    rectified: blob('rectified', { mode: 'buffer' }).$type<Buffer>().notNull(),
    /** Detected impressions: [x mm, y mm, diameter mm, confidence 0…1]. */
    detected: text('detected', { mode: 'json' }).$type<[number, number, number, number][]>().notNull(),
    /** The trainee's corrections: detected impressions removed (indexes) and impressions added (mm). */
    corrections: text('corrections', { mode: 'json' })
      .$type<{ removed: number[]; added: [number, number][] }>()
      .notNull()
      .default({ removed: [], added: [] }),
    createdAt: createdAt(),
  },
  (t) => [
    index('drill_photos_attempt_idx').on(t.attemptId),
    index('drill_photos_user_idx').on(t.userId, t.academyId, t.templateId),
  ],
);

/** A trainee's progress through a lesson: first and last opened, and when completed. */
export const lessonProgress = sqliteTable(
  'lesson_progress',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    lessonId: text('lesson_id').notNull(),
    firstOpenedAt: integer('first_opened_at', { mode: 'timestamp_ms' }).notNull(),
    lastOpenedAt: integer('last_opened_at', { mode: 'timestamp_ms' }).notNull(),
    completedAt: integer('completed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.lessonId] }),
    /** Covers the per-trainee lesson aggregates of `/academy`. */
    index('lesson_progress_user_cover_idx').on(t.userId, t.lessonId, t.completedAt, t.lastOpenedAt),
  ],
);

/** Every submitted knowledge check, scored on the server. */
export const checkAttempts = sqliteTable(
  'check_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The module id the check belongs to. */
    checkId: text('check_id').notNull(),
    answers: text('answers', { mode: 'json' }).$type<Answers>().notNull(),
    correct: integer('correct').notNull(),
    total: integer('total').notNull(),
    score: integer('score_percent').notNull(),
    passed: integer('passed', { mode: 'boolean' }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    index('check_attempts_user_idx').on(t.userId, t.checkId, t.createdAt),
    /** Covers the per-trainee check aggregates of `/academy`. */
    index('check_attempts_user_cover_idx').on(t.userId, t.passed, t.checkId, t.createdAt),
  ],
);

/**
 * An instructor's or admin's reset of a trainee's knowledge check: the attempts made before
 * it no longer count toward the round's limit (the trainee may take the check again at once).
 * Who, when and why; the academy whose staff member reset it. Audited as `check.reset`.
 */
export const checkResets = sqliteTable(
  'check_resets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The module id the check belongs to, as in `check_attempts.check_id`. */
    checkId: text('check_id').notNull(),
    academyId: integer('academy_id')
      .notNull()
      .references(() => academies.id, { onDelete: 'cascade' }),
    resetBy: integer('reset_by')
      .notNull()
      .references(() => users.id),
    reason: text('reason').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('check_resets_user_idx').on(t.userId, t.checkId, t.createdAt)],
);

/** Who is grading a submission right now. One row per attempt; expired rows count as unclaimed. */
export const claims = sqliteTable(
  'claims',
  {
    attemptId: integer('attempt_id')
      .primaryKey()
      .references(() => drillAttempts.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    claimedAt: integer('claimed_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    /** The live claims (the queue's counts read these, not every waiting submission). */
    index('claims_live_idx').on(t.expiresAt),
    /** An instructor's live claims ("claimed by you"). */
    index('claims_user_live_idx').on(t.userId, t.expiresAt),
  ],
);

/**
 * The grading queue's counts per academy, kept by triggers in the same transaction as every
 * write to `drill_attempts` and `claims` (hand-written in db/migrations/0017_grading_queue_counts.sql),
 * so `/instructor` reads its summary without counting the queue: `waiting` submitted attempts,
 * and `claimed` of them with a claim row, live or expired (the page subtracts the expired ones,
 * which it finds through `claims_live_idx`).
 */
export const gradingQueueCounts = sqliteTable('grading_queue_counts', {
  academyId: integer('academy_id')
    .primaryKey()
    .references(() => academies.id, { onDelete: 'cascade' }),
  waiting: integer('waiting').notNull().default(0),
  claimed: integer('claimed').notNull().default(0),
});

/** Per academy and instructor: how many of the academy's waiting submissions they hold a claim row on (same triggers). */
export const gradingClaimCounts = sqliteTable(
  'grading_claim_counts',
  {
    academyId: integer('academy_id')
      .notNull()
      .references(() => academies.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    claimed: integer('claimed').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.academyId, t.userId] })],
);

/** An instructor's verdict on a submission. */
export const VERDICTS = ['pass', 'redo'] as const;

/**
 * An instructor's review of a submission. Never updated: a correction is a new review
 * whose `supersedes` names the one it replaces; the current review is the one nothing supersedes.
 */
export const reviews = sqliteTable(
  'reviews',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    attemptId: integer('attempt_id')
      .notNull()
      .references(() => drillAttempts.id, { onDelete: 'cascade' }),
    instructorId: integer('instructor_id')
      .notNull()
      .references(() => users.id),
    verdict: text('verdict', { enum: VERDICTS }).notNull(),
    /** Criterion id → level (1–4), and the rubric as it was when graded. */
    levels: text('levels', { mode: 'json' }).$type<ReviewLevels>().notNull(),
    rubric: text('rubric', { mode: 'json' }).$type<Rubric>().notNull(),
    comment: text('comment').notNull().default(''),
    /** The review this one corrects (same attempt); null for a first grade. */
    supersedes: integer('supersedes').references((): AnySQLiteColumn => reviews.id),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /**
     * The automatic score as it stood when the instructor graded (copied from the attempt's
     * stored score), so the score can be measured against instructors (`/academy/agreement`):
     * its verdict, total and scoring version. Null when unknown (the attempt had no stored
     * score); such reviews are left out of the agreement.
     */
    autoPass: integer('auto_pass', { mode: 'boolean' }),
    autoTotal: integer('auto_total'),
    autoScoreVersion: integer('auto_score_version'),
  },
  (t) => [
    index('reviews_attempt_idx').on(t.attemptId),
    uniqueIndex('reviews_supersedes_once').on(t.supersedes),
    /** Covers the passed-drill facts of `/academy` (readiness): the rubric and levels are never read. */
    index('reviews_attempt_cover_idx').on(t.attemptId, t.verdict, t.instructorId, t.createdAt),
  ],
);

/** Pins and circles an instructor placed on the canvas with a review (mm), each with a comment. */
export const annotations = sqliteTable(
  'annotations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reviewId: integer('review_id')
      .notNull()
      .references(() => reviews.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['pin', 'circle'] }).notNull(),
    x: real('x').notNull(),
    y: real('y').notNull(),
    radius: real('radius').notNull().default(0),
    criterion: text('criterion'),
    text: text('text').notNull(),
  },
  (t) => [index('annotations_review_idx').on(t.reviewId)],
);

/** An academy's rubric for one template family; without a row the defaults apply. */
export const rubrics = sqliteTable(
  'rubrics',
  {
    academyId: integer('academy_id')
      .notNull()
      .references(() => academies.id, { onDelete: 'cascade' }),
    family: text('family').notNull(),
    criteria: text('criteria', { mode: 'json' }).$type<Rubric>().notNull(),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.academyId, t.family] })],
);

/** In-app notifications (the one place a future email channel would hook into). */
export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    academyId: integer('academy_id')
      .notNull()
      .references(() => academies.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    link: text('link').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    readAt: integer('read_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.academyId, t.readAt)],
);

/** A certification program of an academy (e.g. "SMP Technician — Level 1"). */
export const programs = sqliteTable(
  'programs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    academyId: integer('academy_id')
      .notNull()
      .references(() => academies.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull(),
    /** Training hours stated on the certificate. */
    hours: integer('hours').notNull(),
    validityMonths: integer('validity_months').notNull(),
    requirements: text('requirements', { mode: 'json' }).$type<Requirements>().notNull(),
    renewal: text('renewal', { mode: 'json' }).$type<Renewal>().notNull(),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('programs_academy_idx').on(t.academyId)],
);

/** External compliance evidence entered by an admin, e.g. bloodborne-pathogens training. */
export const complianceRecords = sqliteTable(
  'compliance_records',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    academyId: integer('academy_id')
      .notNull()
      .references(() => academies.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    completedOn: integer('completed_on', { mode: 'timestamp_ms' }).notNull(),
    expiresOn: integer('expires_on', { mode: 'timestamp_ms' }),
    reference: text('reference').notNull().default(''),
    recordedBy: integer('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('compliance_user_idx').on(t.academyId, t.userId),
    /** Covers the academy-wide compliance facts of `/academy` (readiness). */
    index('compliance_academy_cover_idx').on(t.academyId, t.userId, t.kind, t.completedOn, t.expiresOn),
  ],
);

/** An issued certificate: public code, period, revocation, and the signed credential. */
export const certificates = sqliteTable(
  'certificates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull().unique(),
    academyId: integer('academy_id')
      .notNull()
      .references(() => academies.id, { onDelete: 'cascade' }),
    programId: integer('program_id')
      .notNull()
      .references(() => programs.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    holderName: text('holder_name').notNull(),
    /**
     * The program's name, its training hours and the academy's name as the signed credential states them, frozen at
     * issue: renaming the program or the academy later never changes what an issued certificate's pages show.
     */
    programName: text('program_name').notNull().default(''),
    programHours: integer('program_hours').notNull().default(0),
    issuerName: text('issuer_name').notNull().default(''),
    /** The academy's signatory (name and title) when the certificate was issued; null when none was set. */
    signatoryName: text('signatory_name'),
    signatoryTitle: text('signatory_title'),
    issuedAt: integer('issued_at', { mode: 'timestamp_ms' }).notNull(),
    validFrom: integer('valid_from', { mode: 'timestamp_ms' }).notNull(),
    validUntil: integer('valid_until', { mode: 'timestamp_ms' }).notNull(),
    issuedBy: integer('issued_by').references(() => users.id, { onDelete: 'set null' }),
    /** The earlier certificate this one renews. */
    replaces: integer('replaces').references((): AnySQLiteColumn => certificates.id),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
    revokedReason: text('revoked_reason'),
    revokedBy: integer('revoked_by').references(() => users.id, { onDelete: 'set null' }),
    /** The requirements checklist at issue time, for the public page. */
    summary: text('summary', { mode: 'json' }).$type<CertificateSummary>().notNull(),
    /** The signed VC-JWT. */
    credentialJwt: text('credential_jwt').notNull(),
    /**
     * The Open Badges credential secured with a Data Integrity proof (eddsa-rdfc-2022, did:web issuer), as
     * served at `/verify/<code>/credential.json`. Null for certificates issued before it existed (they keep the JWT envelope).
     */
    credentialJson: text('credential_json', { mode: 'json' }).$type<Record<string, unknown>>(),
    /** The certificate's index in its academy's revocation Bitstring Status List (null before status lists). */
    statusIndex: integer('status_index'),
  },
  (t) => [
    index('certificates_holder_idx').on(t.userId, t.programId),
    uniqueIndex('certificates_status_index_idx').on(t.academyId, t.statusIndex),
    /** Covers the academy-wide certificate facts of `/academy` (readiness). */
    index('certificates_academy_cover_idx').on(
      t.academyId,
      t.userId,
      t.programId,
      t.validFrom,
      t.validUntil,
      t.revokedAt,
    ),
  ],
);

/**
 * One row per trainee membership (kept so by triggers on `memberships`): the figures of the academy's
 * progress table and who is ready for which program, so that `/academy`, its CSV and the ready lists
 * read one indexed row per trainee shown instead of grouping every trainee's records. Triggers on
 * every table those figures come from (lesson progress, check and drill attempts, reviews, compliance
 * records, certificates, programs, users' names) mark the affected rows stale (`recheck_at = 0`) in
 * the same transaction as the write; `src/server/academy-overview.ts` recomputes stale rows, and rows
 * whose readiness changes with time (`recheck_at` in the past), with the same pure rules as before,
 * before it reads. See db/migrations/0012_academy_scale_summaries_and_attempt_dots.sql for the triggers.
 */
export const traineeSummaries = sqliteTable(
  'trainee_summaries',
  {
    academyId: integer('academy_id')
      .notNull()
      .references(() => academies.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull().default(''),
    /** The name lower-cased as the table sorts and searches it (`toLocaleLowerCase('en')`). */
    nameKey: text('name_key').notNull().default(''),
    email: text('email').notNull().default(''),
    lessonsDone: integer('lessons_done').notNull().default(0),
    checksPassed: integer('checks_passed').notNull().default(0),
    drillsSubmitted: integer('drills_submitted').notNull().default(0),
    bestDrill: integer('best_drill'),
    /** Latest lesson, check or drill event (ms), 0 when none. */
    lastActivity: integer('last_activity').notNull().default(0),
    /** Ids of the programs the trainee may be certified (or renewed) on now, as `,3,7,`; empty when none. */
    readyPrograms: text('ready_programs').notNull().default(''),
    /** When the row must be recomputed (ms): 0 when stale, the next moment readiness can change with time, or never (max). */
    recheckAt: integer('recheck_at').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.academyId, t.userId] }),
    index('trainee_summaries_user_idx').on(t.userId),
    index('trainee_summaries_recheck_idx').on(t.academyId, t.recheckAt),
    index('trainee_summaries_ready_idx')
      .on(t.academyId, t.nameKey)
      .where(sql`ready_programs != ''`),
    index('trainee_summaries_name_idx').on(t.academyId, t.nameKey, t.userId),
    index('trainee_summaries_name_desc_idx').on(t.academyId, sql`name_key desc`, t.userId),
    index('trainee_summaries_lessons_idx').on(t.academyId, t.lessonsDone, t.nameKey, t.userId),
    index('trainee_summaries_lessons_desc_idx').on(t.academyId, sql`lessons_done desc`, t.nameKey, t.userId),
    index('trainee_summaries_checks_idx').on(t.academyId, t.checksPassed, t.nameKey, t.userId),
    index('trainee_summaries_checks_desc_idx').on(t.academyId, sql`checks_passed desc`, t.nameKey, t.userId),
    index('trainee_summaries_drills_idx').on(t.academyId, t.bestDrill, t.nameKey, t.userId),
    index('trainee_summaries_drills_desc_idx').on(t.academyId, sql`best_drill desc`, t.nameKey, t.userId),
    index('trainee_summaries_activity_idx').on(t.academyId, t.lastActivity, t.nameKey, t.userId),
    index('trainee_summaries_activity_desc_idx').on(t.academyId, sql`last_activity desc`, t.nameKey, t.userId),
  ],
);

/** Per academy: the course the summaries were counted against, and when they were last brought up to date. */
export const academySummaryState = sqliteTable('academy_summary_state', {
  academyId: integer('academy_id')
    .primaryKey()
    .references(() => academies.id, { onDelete: 'cascade' }),
  /** The course's lesson and check ids the counts were made against; another course makes every row stale. */
  courseKey: text('course_key').notNull(),
  /** The latest `now` a refresh used: a request with an earlier clock recomputes every row. */
  refreshedAt: integer('refreshed_at').notNull(),
});

/**
 * Expiry reminders mailed for a certificate, one row per reminder (60 and 30 days before it ends): the primary key
 * makes the reminder job safe to run twice or in several processes at once — only the run that inserts the row
 * sends the mail.
 */
export const certificateReminders = sqliteTable(
  'certificate_reminders',
  {
    certificateId: integer('certificate_id')
      .notNull()
      .references(() => certificates.id, { onDelete: 'cascade' }),
    daysBefore: integer('days_before').notNull(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.certificateId, t.daysBefore] })],
);
