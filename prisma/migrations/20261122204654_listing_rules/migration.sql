-- CreateEnum
CREATE TYPE "ListingReason" AS ENUM ('choice', 'moved', 'assigned', 'import');

-- AlterTable
ALTER TABLE "listing" ADD COLUMN     "reason" "ListingReason" NOT NULL DEFAULT 'import';

-- CreateTable
CREATE TABLE "region_setting" (
    "id" BOOLEAN NOT NULL DEFAULT true,
    "switch_limit" SMALLINT NOT NULL DEFAULT 2,
    "effective_offset_days" SMALLINT NOT NULL DEFAULT 1,
    "assignment_notice_days" SMALLINT NOT NULL DEFAULT 30,

    CONSTRAINT "region_setting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "switch_exception" (
    "id" BIGSERIAL NOT NULL,
    "citizen_id" BIGINT NOT NULL,
    "granted_by_user_id" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "granted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "valid_until" DATE NOT NULL,
    "used_listing_id" BIGINT,

    CONSTRAINT "switch_exception_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "switch_exception_used_listing_id_key" ON "switch_exception"("used_listing_id");

-- CreateIndex
CREATE INDEX "switch_exception_citizen_id_idx" ON "switch_exception"("citizen_id");

-- AddForeignKey
ALTER TABLE "switch_exception" ADD CONSTRAINT "switch_exception_citizen_id_fkey" FOREIGN KEY ("citizen_id") REFERENCES "citizen"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "switch_exception" ADD CONSTRAINT "switch_exception_granted_by_user_id_fkey" FOREIGN KEY ("granted_by_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "switch_exception" ADD CONSTRAINT "switch_exception_used_listing_id_fkey" FOREIGN KEY ("used_listing_id") REFERENCES "listing"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written: what Prisma cannot say.

-- Existing and imported listings come from the register (reason 'import'): they never count as
-- citizen-initiated switches. A choice is a chosen listing; an assignment an assigned one.
ALTER TABLE "listing" ADD CONSTRAINT listing_reason_kind CHECK (
  (reason NOT IN ('choice', 'moved') OR kind = 'chosen') AND (reason <> 'assigned' OR kind = 'assigned'));

-- The region's listing rules: exactly one row (the key can only be true), present from the start.
ALTER TABLE "region_setting" ADD CONSTRAINT region_setting_single_row CHECK (id);
ALTER TABLE "region_setting" ADD CONSTRAINT region_setting_switch_limit CHECK (switch_limit BETWEEN 1 AND 12);
ALTER TABLE "region_setting" ADD CONSTRAINT region_setting_effective_offset CHECK (effective_offset_days BETWEEN 0 AND 90);
ALTER TABLE "region_setting" ADD CONSTRAINT region_setting_assignment_notice CHECK (assignment_notice_days BETWEEN 0 AND 365);
INSERT INTO "region_setting" DEFAULT VALUES;
CREATE FUNCTION region_setting_keep_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'region_setting always has its one row: % is not allowed', TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER region_setting_no_delete BEFORE DELETE OR TRUNCATE ON "region_setting"
  FOR EACH STATEMENT EXECUTE FUNCTION region_setting_keep_row();

-- An exception is granted for a stated reason.
ALTER TABLE "switch_exception" ADD CONSTRAINT switch_exception_reason_given CHECK (btrim(reason) <> '');
