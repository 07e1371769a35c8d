-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('listing_receipt', 'guardian_notice', 'assignment_notice', 'closure_notice');

-- AlterTable
ALTER TABLE "citizen" ADD COLUMN     "moved_on" DATE;

-- CreateTable
CREATE TABLE "user_session" (
    "id" CHAR(64) NOT NULL,
    "user_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "id_token" TEXT,
    "ended_at" TIMESTAMPTZ(3),
    "end_reason" TEXT,

    CONSTRAINT "user_session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification" (
    "id" BIGSERIAL NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "recipient_citizen_id" BIGINT NOT NULL,
    "about_citizen_id" BIGINT NOT NULL,
    "clinic_id" INTEGER NOT NULL,
    "listing_id" BIGINT,
    "dedupe_key" TEXT NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "to_address" TEXT,
    "subject" TEXT,
    "body" TEXT,

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "closure_notice" (
    "citizen_id" BIGINT NOT NULL,
    "clinic_id" INTEGER NOT NULL,
    "clinic_ends_on" DATE NOT NULL,
    "noticed_on" DATE NOT NULL,
    "choose_by" DATE NOT NULL,
    "resolved_on" DATE,

    CONSTRAINT "closure_notice_pkey" PRIMARY KEY ("citizen_id","clinic_id")
);

-- CreateIndex
CREATE INDEX "user_session_user_id_idx" ON "user_session"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "notification_dedupe_key_key" ON "notification"("dedupe_key");

-- CreateIndex
CREATE INDEX "notification_recipient_citizen_id_created_at_idx" ON "notification"("recipient_citizen_id", "created_at");

-- CreateIndex
CREATE INDEX "notification_sent_at_id_idx" ON "notification"("sent_at", "id");

-- CreateIndex
CREATE INDEX "closure_notice_choose_by_idx" ON "closure_notice"("choose_by");

-- AddForeignKey
ALTER TABLE "user_session" ADD CONSTRAINT "user_session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_recipient_citizen_id_fkey" FOREIGN KEY ("recipient_citizen_id") REFERENCES "citizen"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_about_citizen_id_fkey" FOREIGN KEY ("about_citizen_id") REFERENCES "citizen"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinic"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "closure_notice" ADD CONSTRAINT "closure_notice_citizen_id_fkey" FOREIGN KEY ("citizen_id") REFERENCES "citizen"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "closure_notice" ADD CONSTRAINT "closure_notice_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinic"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-written: what Prisma cannot say.

-- A session ends once, for a stated reason; its end cannot come before its start.
ALTER TABLE "user_session" ADD CONSTRAINT user_session_end CHECK (
  (ended_at IS NULL AND end_reason IS NULL)
  OR (ended_at IS NOT NULL AND ended_at >= created_at AND end_reason IN ('logout', 'idle', 'replaced', 'user-gone')));
ALTER TABLE "user_session" ADD CONSTRAINT user_session_seen CHECK (last_seen_at >= created_at);

-- A notification is either waiting (nothing rendered) or delivered (subject and body, sent_at).
ALTER TABLE "notification" ADD CONSTRAINT notification_delivered CHECK (
  (sent_at IS NULL AND subject IS NULL AND body IS NULL)
  OR (sent_at IS NOT NULL AND subject IS NOT NULL AND body IS NOT NULL));
ALTER TABLE "notification" ADD CONSTRAINT notification_dedupe_key_given CHECK (btrim(dedupe_key) <> '');
-- The outbox job takes the waiting ones in order.
CREATE INDEX notification_waiting_idx ON "notification" (id) WHERE sent_at IS NULL;

-- The notice period runs forward from the notice; a notice is resolved no earlier than given.
ALTER TABLE "closure_notice" ADD CONSTRAINT closure_notice_period CHECK (
  choose_by >= noticed_on AND (resolved_on IS NULL OR resolved_on >= noticed_on));
