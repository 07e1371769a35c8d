-- CreateEnum
CREATE TYPE "Sex" AS ENUM ('F', 'M');

-- CreateEnum
CREATE TYPE "Ownership" AS ENUM ('public', 'private');

-- CreateEnum
CREATE TYPE "ClinicService" AS ENUM ('general_practice', 'child_health', 'maternal_health', 'youth_clinic', 'gynaecology');

-- CreateEnum
CREATE TYPE "ListingKind" AS ENUM ('chosen', 'assigned');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('citizen', 'clinic_staff', 'commissioner', 'admin');

-- CreateTable
CREATE TABLE "region" (
    "code" VARCHAR(2) NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "region_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "municipality" (
    "code" CHAR(4) NOT NULL,
    "name" TEXT NOT NULL,
    "region_code" VARCHAR(2) NOT NULL,

    CONSTRAINT "municipality_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "area" (
    "area_code" VARCHAR(20) NOT NULL,
    "municipality_code" CHAR(4) NOT NULL,
    "name" TEXT NOT NULL,
    "cni" DECIMAL(8,4),
    "centre_lat" DECIMAL(9,6),
    "centre_lon" DECIMAL(9,6),

    CONSTRAINT "area_pkey" PRIMARY KEY ("area_code")
);

-- CreateTable
CREATE TABLE "clinic" (
    "id" SERIAL NOT NULL,
    "hsa_id" VARCHAR(64) NOT NULL,
    "name" TEXT NOT NULL,
    "area_code" VARCHAR(20) NOT NULL,
    "ownership" "Ownership" NOT NULL,
    "geography_points" INTEGER NOT NULL,
    "lat" DECIMAL(9,6),
    "lon" DECIMAL(9,6),
    "street_address" TEXT,
    "postal_code" VARCHAR(6),
    "city" TEXT,
    "phone" TEXT,
    "website" TEXT,
    "services" "ClinicService"[] DEFAULT ARRAY['general_practice']::"ClinicService"[],
    "languages" TEXT[] DEFAULT ARRAY['sv']::TEXT[],
    "opening_hours" JSONB NOT NULL DEFAULT '[]',
    "accessibility" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "list_cap" INTEGER,
    "authorised_from" DATE NOT NULL DEFAULT '2000-01-01 00:00:00 +00:00',
    "authorised_to" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "clinic_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "citizen" (
    "id" BIGSERIAL NOT NULL,
    "personal_id" CHAR(12) NOT NULL,
    "sex" "Sex" NOT NULL,
    "birth_date" DATE NOT NULL,
    "area_code" VARCHAR(20) NOT NULL,
    "interpreter_need" BOOLEAN NOT NULL DEFAULT false,
    "end_date" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "citizen_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "guardianship" (
    "child_id" BIGINT NOT NULL,
    "guardian_id" BIGINT NOT NULL,

    CONSTRAINT "guardianship_pkey" PRIMARY KEY ("child_id","guardian_id")
);

-- CreateTable
CREATE TABLE "listing" (
    "id" BIGSERIAL NOT NULL,
    "citizen_id" BIGINT NOT NULL,
    "clinic_id" INTEGER NOT NULL,
    "valid_from" DATE NOT NULL,
    "valid_to" DATE,
    "kind" "ListingKind" NOT NULL,
    "chosen_by_user_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "listing_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "care_weight" (
    "citizen_id" BIGINT NOT NULL,
    "valid_from" DATE NOT NULL,
    "weight" DECIMAL(8,4) NOT NULL,

    CONSTRAINT "care_weight_pkey" PRIMARY KEY ("citizen_id","valid_from")
);

-- CreateTable
CREATE TABLE "app_user" (
    "id" SERIAL NOT NULL,
    "subject" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "citizen_id" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_role" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "role" "Role" NOT NULL,
    "clinic_id" INTEGER,

    CONSTRAINT "user_role_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_kind" TEXT NOT NULL,
    "actor_user_id" INTEGER,
    "action" TEXT NOT NULL,
    "citizen_id" BIGINT,
    "entity" TEXT,
    "entity_id" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "area_municipality_code_idx" ON "area"("municipality_code");

-- CreateIndex
CREATE UNIQUE INDEX "clinic_hsa_id_key" ON "clinic"("hsa_id");

-- CreateIndex
CREATE INDEX "clinic_area_code_idx" ON "clinic"("area_code");

-- CreateIndex
CREATE UNIQUE INDEX "citizen_personal_id_key" ON "citizen"("personal_id");

-- CreateIndex
CREATE INDEX "citizen_area_code_idx" ON "citizen"("area_code");

-- CreateIndex
CREATE INDEX "guardianship_guardian_id_idx" ON "guardianship"("guardian_id");

-- CreateIndex
CREATE INDEX "listing_clinic_id_valid_from_idx" ON "listing"("clinic_id", "valid_from");

-- CreateIndex
CREATE UNIQUE INDEX "listing_citizen_id_valid_from_key" ON "listing"("citizen_id", "valid_from");

-- CreateIndex
CREATE UNIQUE INDEX "app_user_subject_key" ON "app_user"("subject");

-- CreateIndex
CREATE UNIQUE INDEX "app_user_citizen_id_key" ON "app_user"("citizen_id");

-- CreateIndex
CREATE INDEX "user_role_user_id_idx" ON "user_role"("user_id");

-- CreateIndex
CREATE INDEX "audit_log_citizen_id_at_idx" ON "audit_log"("citizen_id", "at");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- AddForeignKey
ALTER TABLE "municipality" ADD CONSTRAINT "municipality_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "region"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "area" ADD CONSTRAINT "area_municipality_code_fkey" FOREIGN KEY ("municipality_code") REFERENCES "municipality"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "clinic" ADD CONSTRAINT "clinic_area_code_fkey" FOREIGN KEY ("area_code") REFERENCES "area"("area_code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "citizen" ADD CONSTRAINT "citizen_area_code_fkey" FOREIGN KEY ("area_code") REFERENCES "area"("area_code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "guardianship" ADD CONSTRAINT "guardianship_child_id_fkey" FOREIGN KEY ("child_id") REFERENCES "citizen"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "guardianship" ADD CONSTRAINT "guardianship_guardian_id_fkey" FOREIGN KEY ("guardian_id") REFERENCES "citizen"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "listing" ADD CONSTRAINT "listing_citizen_id_fkey" FOREIGN KEY ("citizen_id") REFERENCES "citizen"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "listing" ADD CONSTRAINT "listing_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinic"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "listing" ADD CONSTRAINT "listing_chosen_by_user_id_fkey" FOREIGN KEY ("chosen_by_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "care_weight" ADD CONSTRAINT "care_weight_citizen_id_fkey" FOREIGN KEY ("citizen_id") REFERENCES "citizen"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_citizen_id_fkey" FOREIGN KEY ("citizen_id") REFERENCES "citizen"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_role" ADD CONSTRAINT "user_role_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_role" ADD CONSTRAINT "user_role_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinic"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written: what Prisma's schema language cannot say. Appended to the init migration.
CREATE EXTENSION IF NOT EXISTS btree_gist;

ALTER TABLE "municipality" ADD CONSTRAINT municipality_code_digits CHECK (code ~ '^[0-9]{4}$');
ALTER TABLE "area" ADD CONSTRAINT area_cni_nonnegative CHECK (cni IS NULL OR cni >= 0);
ALTER TABLE "clinic" ADD CONSTRAINT clinic_geography_points_range CHECK (geography_points BETWEEN 0 AND 22);
ALTER TABLE "clinic" ADD CONSTRAINT clinic_list_cap_positive CHECK (list_cap IS NULL OR list_cap > 0);
ALTER TABLE "clinic" ADD CONSTRAINT clinic_authorisation_period CHECK (authorised_to IS NULL OR authorised_from < authorised_to);
ALTER TABLE "citizen" ADD CONSTRAINT citizen_personal_id_digits CHECK (personal_id ~ '^[0-9]{12}$');
ALTER TABLE "citizen" ADD CONSTRAINT citizen_end_after_birth CHECK (end_date IS NULL OR end_date > birth_date);
ALTER TABLE "guardianship" ADD CONSTRAINT guardianship_not_self CHECK (child_id <> guardian_id);
ALTER TABLE "care_weight" ADD CONSTRAINT care_weight_positive CHECK (weight > 0);
ALTER TABLE "care_weight" ADD CONSTRAINT care_weight_first_of_month CHECK (extract(day FROM valid_from) = 1);

-- A listing is a half-open period [valid_from, valid_to); one citizen's periods never overlap.
ALTER TABLE "listing" ADD CONSTRAINT listing_period_order CHECK (valid_to IS NULL OR valid_from < valid_to);
ALTER TABLE "listing" ADD CONSTRAINT listing_no_overlap
  EXCLUDE USING gist (citizen_id WITH =, daterange(valid_from, valid_to, '[)') WITH &&);

-- Clinic staff belong to a clinic; other roles do not. A user holds a role once.
ALTER TABLE "user_role" ADD CONSTRAINT user_role_clinic_scope
  CHECK ((role = 'clinic_staff') = (clinic_id IS NOT NULL));
CREATE UNIQUE INDEX user_role_unique ON "user_role" (user_id, role, clinic_id) NULLS NOT DISTINCT;

-- The audit log is append-only: no update, delete or truncate, whoever asks.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
