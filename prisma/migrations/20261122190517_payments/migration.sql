-- CreateEnum
CREATE TYPE "PaymentModelStatus" AS ENUM ('draft', 'adopted');

-- CreateTable
CREATE TABLE "quality_result" (
    "clinic_id" INTEGER NOT NULL,
    "indicator" VARCHAR(40) NOT NULL,
    "period" VARCHAR(10) NOT NULL,
    "numerator" INTEGER NOT NULL,
    "denominator" INTEGER NOT NULL,
    "published" DATE NOT NULL,

    CONSTRAINT "quality_result_pkey" PRIMARY KEY ("clinic_id","indicator","period")
);

-- CreateTable
CREATE TABLE "payment_model" (
    "id" SERIAL NOT NULL,
    "version" VARCHAR(40) NOT NULL,
    "valid_from" DATE NOT NULL,
    "status" "PaymentModelStatus" NOT NULL,
    "params" JSONB NOT NULL,
    "fingerprint" CHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_user_id" INTEGER,
    "adopted_at" TIMESTAMPTZ(3),

    CONSTRAINT "payment_model_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment_run" (
    "id" SERIAL NOT NULL,
    "month" DATE NOT NULL,
    "revision" INTEGER NOT NULL,
    "model_id" INTEGER NOT NULL,
    "input_fingerprint" CHAR(64) NOT NULL,
    "data_as_of" TIMESTAMPTZ(6) NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3) NOT NULL,
    "job_id" TEXT,
    "requested_by_user_id" INTEGER,
    "line_count" INTEGER NOT NULL,
    "clinic_count" INTEGER NOT NULL,
    "region_days" BIGINT NOT NULL,
    "region_weight_days" DECIMAL(20,4) NOT NULL,
    "listed_citizens" INTEGER NOT NULL,
    "age_sex" DECIMAL(16,2) NOT NULL,
    "care_weight" DECIMAL(16,2) NOT NULL,
    "interpreter" DECIMAL(16,2) NOT NULL,
    "geography" DECIMAL(16,2) NOT NULL,
    "socioeconomic" DECIMAL(16,2) NOT NULL,
    "capitation" DECIMAL(16,2) NOT NULL,
    "goal_earned" DECIMAL(16,2) NOT NULL,
    "vat_compensation" DECIMAL(16,2) NOT NULL,
    "total" DECIMAL(16,2) NOT NULL,

    CONSTRAINT "payment_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment_approval" (
    "run_id" INTEGER NOT NULL,
    "approved_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "approved_by_user_id" INTEGER,
    "approved_by_kind" TEXT NOT NULL,

    CONSTRAINT "payment_approval_pkey" PRIMARY KEY ("run_id")
);

-- CreateTable
CREATE TABLE "payment_clinic" (
    "run_id" INTEGER NOT NULL,
    "clinic_id" INTEGER NOT NULL,
    "listed_citizens" INTEGER NOT NULL,
    "listing_points" DECIMAL(14,4) NOT NULL,
    "days" BIGINT NOT NULL,
    "weight_days" DECIMAL(20,4) NOT NULL,
    "geography_points" SMALLINT NOT NULL,
    "ownership" "Ownership" NOT NULL,
    "cni_days" DECIMAL(20,4) NOT NULL,
    "cni_qualifies" BOOLEAN NOT NULL,
    "age_sex" DECIMAL(14,2) NOT NULL,
    "care_weight" DECIMAL(14,2) NOT NULL,
    "interpreter" DECIMAL(14,2) NOT NULL,
    "geography" DECIMAL(14,2) NOT NULL,
    "socioeconomic" DECIMAL(14,2) NOT NULL,
    "capitation" DECIMAL(14,2) NOT NULL,
    "goal_potential" DECIMAL(14,2) NOT NULL,
    "goal_score" DECIMAL(8,6) NOT NULL,
    "goal_score_exact" TEXT NOT NULL,
    "goal_assessed" BOOLEAN NOT NULL,
    "goal_earned" DECIMAL(14,2) NOT NULL,
    "vat_compensation" DECIMAL(14,2) NOT NULL,
    "total" DECIMAL(14,2) NOT NULL,

    CONSTRAINT "payment_clinic_pkey" PRIMARY KEY ("run_id","clinic_id")
);

-- CreateTable
CREATE TABLE "payment_goal_indicator" (
    "run_id" INTEGER NOT NULL,
    "clinic_id" INTEGER NOT NULL,
    "indicator" VARCHAR(40) NOT NULL,
    "weight" DECIMAL(12,6) NOT NULL,
    "period" VARCHAR(10),
    "numerator" INTEGER,
    "denominator" INTEGER,
    "published" DATE,
    "assessable" BOOLEAN NOT NULL,
    "value" DECIMAL(8,6),
    "fulfilment" DECIMAL(8,6),

    CONSTRAINT "payment_goal_indicator_pkey" PRIMARY KEY ("run_id","clinic_id","indicator")
);

-- CreateTable
CREATE TABLE "payment_line" (
    "run_id" INTEGER NOT NULL,
    "clinic_id" INTEGER NOT NULL,
    "personal_id" CHAR(12) NOT NULL,
    "citizen_id" BIGINT NOT NULL,
    "days" SMALLINT NOT NULL,
    "age" SMALLINT NOT NULL,
    "sex" "Sex" NOT NULL,
    "points" DECIMAL(8,4) NOT NULL,
    "care_weight" DECIMAL(8,4) NOT NULL,
    "interpreter_need" BOOLEAN NOT NULL,
    "cni" DECIMAL(8,4) NOT NULL,
    "age_sex" DECIMAL(12,2) NOT NULL,
    "care_weight_amount" DECIMAL(12,2) NOT NULL,
    "interpreter" DECIMAL(12,2) NOT NULL,
    "geography" DECIMAL(12,2) NOT NULL,
    "socioeconomic" DECIMAL(12,2) NOT NULL,
    "capitation" DECIMAL(12,2) NOT NULL,

    CONSTRAINT "payment_line_pkey" PRIMARY KEY ("run_id","clinic_id","personal_id")
) PARTITION BY LIST ("run_id");

-- CreateIndex
CREATE INDEX "quality_result_clinic_id_indicator_published_idx" ON "quality_result"("clinic_id", "indicator", "published");

-- CreateIndex
CREATE UNIQUE INDEX "payment_model_version_key" ON "payment_model"("version");

-- CreateIndex
CREATE UNIQUE INDEX "payment_run_month_revision_key" ON "payment_run"("month", "revision");


-- CreateIndex
CREATE INDEX "payment_clinic_clinic_id_idx" ON "payment_clinic"("clinic_id");

-- AddForeignKey
ALTER TABLE "quality_result" ADD CONSTRAINT "quality_result_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinic"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_run" ADD CONSTRAINT "payment_run_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "payment_model"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_approval" ADD CONSTRAINT "payment_approval_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "payment_run"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_clinic" ADD CONSTRAINT "payment_clinic_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "payment_run"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_clinic" ADD CONSTRAINT "payment_clinic_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinic"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_goal_indicator" ADD CONSTRAINT "payment_goal_indicator_run_id_clinic_id_fkey" FOREIGN KEY ("run_id", "clinic_id") REFERENCES "payment_clinic"("run_id", "clinic_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: what Prisma cannot say.

ALTER TABLE "quality_result" ADD CONSTRAINT quality_result_counts
  CHECK (denominator >= 0 AND numerator >= 0 AND numerator <= denominator);

-- The version in force for a month is the adopted one with the latest valid_from: never two.
CREATE UNIQUE INDEX payment_model_adopted_month ON "payment_model" (valid_from) WHERE status = 'adopted';
ALTER TABLE "payment_model" ADD CONSTRAINT payment_model_first_of_month CHECK (extract(day FROM valid_from) = 1);
ALTER TABLE "payment_model" ADD CONSTRAINT payment_model_adopted_at
  CHECK ((status = 'adopted') = (adopted_at IS NOT NULL));

-- An adopted model version is fixed: a draft may be adopted (its only change) or deleted.
CREATE FUNCTION payment_model_fixed_once_adopted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'adopted' THEN
    RAISE EXCEPTION 'payment model % is adopted and can never change', OLD.version
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER payment_model_fixed BEFORE UPDATE OR DELETE ON "payment_model"
  FOR EACH ROW EXECUTE FUNCTION payment_model_fixed_once_adopted();

ALTER TABLE "payment_run" ADD CONSTRAINT payment_run_first_of_month CHECK (extract(day FROM month) = 1);
ALTER TABLE "payment_run" ADD CONSTRAINT payment_run_revision_positive CHECK (revision >= 1);
ALTER TABLE "payment_line" ADD CONSTRAINT payment_line_days CHECK (days BETWEEN 1 AND 31);
-- A line's and a clinic's sums hold by construction; the database says so too.
ALTER TABLE "payment_line" ADD CONSTRAINT payment_line_amounts CHECK (
  age_sex >= 0 AND care_weight_amount >= 0 AND interpreter >= 0 AND geography >= 0 AND socioeconomic >= 0
  AND capitation = age_sex + care_weight_amount + interpreter + geography + socioeconomic);
ALTER TABLE "payment_clinic" ADD CONSTRAINT payment_clinic_amounts CHECK (
  age_sex >= 0 AND care_weight >= 0 AND interpreter >= 0 AND geography >= 0 AND socioeconomic >= 0
  AND capitation = age_sex + care_weight + interpreter + geography + socioeconomic
  AND goal_earned BETWEEN 0 AND goal_potential AND vat_compensation >= 0
  AND total = capitation + goal_earned + vat_compensation);
ALTER TABLE "payment_run" ADD CONSTRAINT payment_run_amounts CHECK (
  capitation = age_sex + care_weight + interpreter + geography + socioeconomic
  AND total = capitation + goal_earned + vat_compensation);

-- payment_line is partitioned by run (hand-edited above): each run loads its lines into a new
-- table without indexes, builds the key in one sorted pass and attaches it, all in the run's
-- transaction (docs/decisions/0008). The statement triggers below guard the parent; the run
-- puts the same trigger on each partition.

-- Payments are public money: a computed revision, its clinics, indicators, lines and approval are
-- written once and never changed or removed (statement-level, so inserts pay nothing for it).
CREATE FUNCTION payment_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: a payment revision never changes (%)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END $$;
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['payment_run', 'payment_approval', 'payment_clinic', 'payment_goal_indicator', 'payment_line'] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION payment_append_only()', t || '_append_only', t);
  END LOOP;
END $$;

-- Revisions of a month follow each other (1, 2, 3 …) and each one's inputs differ from the one
-- before it: a repeated or retried run with unchanged inputs can never add a revision, even if the
-- inputs went A → B → A (then A is the newest state again and rightly gets revision 3).
CREATE FUNCTION payment_run_new_inputs_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE previous record;
BEGIN
  SELECT revision, input_fingerprint INTO previous FROM payment_run
    WHERE month = NEW.month ORDER BY revision DESC LIMIT 1;
  IF NEW.revision <> coalesce(previous.revision, 0) + 1 THEN
    RAISE EXCEPTION 'revision % of % does not follow revision %', NEW.revision, to_char(NEW.month, 'YYYY-MM'), coalesce(previous.revision, 0)
      USING ERRCODE = 'unique_violation';
  END IF;
  IF previous.input_fingerprint = NEW.input_fingerprint THEN
    RAISE EXCEPTION 'the inputs of % are unchanged since revision %', to_char(NEW.month, 'YYYY-MM'), previous.revision
      USING ERRCODE = 'unique_violation', CONSTRAINT = 'payment_run_inputs_changed';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER payment_run_inputs_changed BEFORE INSERT ON "payment_run"
  FOR EACH ROW EXECUTE FUNCTION payment_run_new_inputs_only();

-- Only the newest revision of a month can be approved, and approvals go in revision order.
CREATE FUNCTION payment_approval_newest_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE m date; r int;
BEGIN
  SELECT month, revision INTO m, r FROM payment_run WHERE id = NEW.run_id;
  IF EXISTS (SELECT 1 FROM payment_run WHERE month = m AND revision > r) THEN
    RAISE EXCEPTION 'revision % of % is not the newest and cannot be approved', r, to_char(m, 'YYYY-MM')
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER payment_approval_newest BEFORE INSERT ON "payment_approval"
  FOR EACH ROW EXECUTE FUNCTION payment_approval_newest_only();

-- Half-up rounding of p / q (p, q >= 0) to whole öre with exact integer division, never a
-- rounded quotient: div() truncates exactly, so floor(100 p / q + 1/2) is exact for any size.
CREATE FUNCTION ore_round(p numeric, q numeric) RETURNS numeric
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN div(200 * p + q, 2 * q) * 0.01;
