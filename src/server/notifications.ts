/**
 * In-app notifications: the one place that tells people something happened. Writing goes
 * through `notify`, so an email (or any other) channel can be added here later.
 */
import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.ts';
import { notifications } from '../../db/schema.ts';
import { bound, preparedOnce } from './prepared.ts';

/** What `notify` tells a user: the text, where it links, and its kind. */
export interface NewNotification {
  userId: number;
  academyId: number;
  kind: 'review' | 'review-corrected';
  text: string;
  link: string;
}

/** Tells a user something happened (inside the caller's transaction, if any). */
export function notify(db: Queryable, n: NewNotification, now = new Date()): void {
  db.insert(notifications)
    .values({ ...n, createdAt: now })
    .run();
}

/** The condition of a user's unread notifications in one academy (placeholders `userId`, `academyId`). */
function unreadOfUser() {
  return and(
    eq(notifications.userId, bound('userId')),
    eq(notifications.academyId, bound('academyId')),
    isNull(notifications.readAt),
  );
}

/** A user's unread notifications in one academy, newest first. */
export function unreadNotifications(db: Db, userId: number, academyId: number) {
  return preparedOnce(db, 'unread-notification-rows', () =>
    db.select().from(notifications).where(unreadOfUser()).orderBy(desc(notifications.createdAt)).prepare(),
  ).all({ userId, academyId });
}

/** How many unread notifications a user has in one academy (the nav badge). */
export function unreadCount(db: Db, userId: number, academyId: number): number {
  return preparedOnce(db, 'unread-notifications', () =>
    db.select({ n: count() }).from(notifications).where(unreadOfUser()).prepare(),
  ).get({ userId, academyId })!.n;
}

/** Marks the user's notifications pointing at `link` as read (opening the page reads them). */
export function markReadByLink(db: Db, userId: number, link: string, now = new Date()): void {
  db.update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), eq(notifications.link, link), isNull(notifications.readAt)))
    .run();
}
