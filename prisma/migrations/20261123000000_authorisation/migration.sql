-- CreateEnum
CREATE TYPE "RequirementSpecStatus" AS ENUM ('draft', 'published');

-- CreateEnum
CREATE TYPE "RequirementKind" AS ENUM ('declaration', 'number', 'choice', 'document', 'text');

-- CreateEnum
CREATE TYPE "ApplicationStatus" AS ENUM ('draft', 'submitted', 'supplementation', 'approved', 'rejected', 'withdrawn');

-- CreateEnum
CREATE TYPE "AssessmentVerdict" AS ENUM ('pass', 'fail');

-- CreateEnum
CREATE TYPE "DecisionOutcome" AS ENUM ('approved', 'rejected');

-- CreateEnum
CREATE TYPE "AuthorisationStatus" AS ENUM ('authorised', 'suspended', 'revoked', 'ended');

-- CreateEnum
CREATE TYPE "ChangeRequestKind" AS ENUM ('list_cap', 'details');

-- CreateEnum
CREATE TYPE "ChangeRequestStatus" AS ENUM ('submitted', 'approved', 'rejected', 'withdrawn');

-- CreateEnum
CREATE TYPE "ProviderNotificationKind" AS ENUM ('application_received', 'supplementation_requested', 'application_decided', 'authorisation_status_changed', 'change_request_decided');

-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'applicant';

-- CreateTable
CREATE TABLE "requirement_spec" (
    "id" SERIAL NOT NULL,
    "version" VARCHAR(40) NOT NULL,
    "title" TEXT NOT NULL,
    "status" "RequirementSpecStatus" NOT NULL DEFAULT 'draft',
    "based_on_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_user_id" INTEGER,
    "published_at" TIMESTAMPTZ(3),
    "published_by_user_id" INTEGER,

    CONSTRAINT "requirement_spec_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "requirement_chapter" (
    "id" SERIAL NOT NULL,
    "spec_id" INTEGER NOT NULL,
    "code" VARCHAR(40) NOT NULL,
    "position" SMALLINT NOT NULL,
    "title_sv" TEXT NOT NULL,
    "title_en" TEXT NOT NULL,

    CONSTRAINT "requirement_chapter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "requirement" (
    "id" SERIAL NOT NULL,
    "spec_id" INTEGER NOT NULL,
    "chapter_id" INTEGER NOT NULL,
    "code" VARCHAR(40) NOT NULL,
    "position" SMALLINT NOT NULL,
    "kind" "RequirementKind" NOT NULL,
    "mandatory" BOOLEAN NOT NULL,
    "text_sv" TEXT NOT NULL,
    "text_en" TEXT NOT NULL,
    "rule" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "requirement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "authorisation_application" (
    "id" SERIAL NOT NULL,
    "spec_id" INTEGER NOT NULL,
    "applicant_user_id" INTEGER NOT NULL,
    "status" "ApplicationStatus" NOT NULL DEFAULT 'draft',
    "org_number" CHAR(10),
    "org_name" TEXT,
    "f_skatt" BOOLEAN,
    "insurer" TEXT,
    "insurance_policy" TEXT,
    "ownership" "Ownership",
    "clinic_name" TEXT,
    "street_address" TEXT,
    "postal_code" VARCHAR(6),
    "city" TEXT,
    "municipality_code" CHAR(4),
    "lat" DECIMAL(9,6),
    "lon" DECIMAL(9,6),
    "phone" TEXT,
    "website" TEXT,
    "services" "ClinicService"[] DEFAULT ARRAY[]::"ClinicService"[],
    "languages" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "opening_hours" JSONB NOT NULL DEFAULT '[]',
    "staffing" JSONB NOT NULL DEFAULT '{}',
    "medical_lead_name" TEXT,
    "medical_lead_title" TEXT,
    "medical_lead_reg_no" VARCHAR(20),
    "reviewer_user_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submitted_at" TIMESTAMPTZ(3),
    "last_submitted_at" TIMESTAMPTZ(3),
    "decided_at" TIMESTAMPTZ(3),
    "clinic_id" INTEGER,

    CONSTRAINT "authorisation_application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "application_answer" (
    "application_id" INTEGER NOT NULL,
    "requirement_id" INTEGER NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "application_answer_pkey" PRIMARY KEY ("application_id","requirement_id")
);

-- CreateTable
CREATE TABLE "application_attachment" (
    "id" SERIAL NOT NULL,
    "application_id" INTEGER NOT NULL,
    "requirement_id" INTEGER NOT NULL,
    "file_name" TEXT NOT NULL,
    "storage_key" VARCHAR(80) NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "uploaded_by_user_id" INTEGER NOT NULL,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "application_attachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "application_assessment" (
    "application_id" INTEGER NOT NULL,
    "requirement_id" INTEGER NOT NULL,
    "verdict" "AssessmentVerdict" NOT NULL,
    "comment" TEXT,
    "assessed_by_user_id" INTEGER NOT NULL,
    "assessed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "application_assessment_pkey" PRIMARY KEY ("application_id","requirement_id")
);

-- CreateTable
CREATE TABLE "supplementation_request" (
    "id" SERIAL NOT NULL,
    "application_id" INTEGER NOT NULL,
    "message" TEXT NOT NULL,
    "requirement_ids" INTEGER[],
    "sections" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "due_on" DATE,
    "requested_by_user_id" INTEGER NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answered_at" TIMESTAMPTZ(3),

    CONSTRAINT "supplementation_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "application_event" (
    "id" BIGSERIAL NOT NULL,
    "application_id" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_user_id" INTEGER,
    "kind" VARCHAR(40) NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "application_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "authorisation_decision" (
    "application_id" INTEGER NOT NULL,
    "outcome" "DecisionOutcome" NOT NULL,
    "decided_by_user_id" INTEGER NOT NULL,
    "decided_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "start_date" DATE,
    "agreement_number" VARCHAR(40),
    "reasons" JSONB NOT NULL DEFAULT '[]',
    "exclusion_grounds" JSONB NOT NULL,
    "note" TEXT,

    CONSTRAINT "authorisation_decision_pkey" PRIMARY KEY ("application_id")
);

-- CreateTable
CREATE TABLE "clinic_authorisation_status" (
    "id" SERIAL NOT NULL,
    "clinic_id" INTEGER NOT NULL,
    "status" "AuthorisationStatus" NOT NULL,
    "valid_from" DATE NOT NULL,
    "reason" TEXT,
    "decided_by_user_id" INTEGER,
    "decided_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "clinic_authorisation_status_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clinic_change_request" (
    "id" SERIAL NOT NULL,
    "clinic_id" INTEGER NOT NULL,
    "kind" "ChangeRequestKind" NOT NULL,
    "payload" JSONB NOT NULL,
    "motivation" TEXT NOT NULL,
    "status" "ChangeRequestStatus" NOT NULL DEFAULT 'submitted',
    "requested_by_user_id" INTEGER NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_by_user_id" INTEGER,
    "decided_at" TIMESTAMPTZ(3),
    "decision_note" TEXT,

    CONSTRAINT "clinic_change_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "clinic_list_cap" (
    "id" SERIAL NOT NULL,
    "clinic_id" INTEGER NOT NULL,
    "cap" INTEGER NOT NULL,
    "valid_from" DATE NOT NULL,
    "valid_until" DATE NOT NULL,
    "change_request_id" INTEGER,

    CONSTRAINT "clinic_list_cap_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "provider_notification" (
    "id" BIGSERIAL NOT NULL,
    "kind" "ProviderNotificationKind" NOT NULL,
    "recipient_user_id" INTEGER NOT NULL,
    "application_id" INTEGER,
    "clinic_id" INTEGER,
    "dedupe_key" TEXT NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "to_address" TEXT,
    "subject" TEXT,
    "body" TEXT,

    CONSTRAINT "provider_notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "requirement_spec_version_key" ON "requirement_spec"("version");

-- CreateIndex
CREATE UNIQUE INDEX "requirement_chapter_spec_id_code_key" ON "requirement_chapter"("spec_id", "code");

-- CreateIndex
CREATE INDEX "requirement_chapter_id_idx" ON "requirement"("chapter_id");

-- CreateIndex
CREATE UNIQUE INDEX "requirement_spec_id_code_key" ON "requirement"("spec_id", "code");

-- CreateIndex
CREATE UNIQUE INDEX "authorisation_application_clinic_id_key" ON "authorisation_application"("clinic_id");

-- CreateIndex
CREATE INDEX "authorisation_application_status_submitted_at_idx" ON "authorisation_application"("status", "submitted_at");

-- CreateIndex
CREATE INDEX "authorisation_application_applicant_user_id_idx" ON "authorisation_application"("applicant_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "application_attachment_storage_key_key" ON "application_attachment"("storage_key");

-- CreateIndex
CREATE INDEX "application_attachment_application_id_requirement_id_idx" ON "application_attachment"("application_id", "requirement_id");

-- CreateIndex
CREATE INDEX "supplementation_request_application_id_idx" ON "supplementation_request"("application_id");

-- CreateIndex
CREATE INDEX "application_event_application_id_at_idx" ON "application_event"("application_id", "at");

-- CreateIndex
CREATE UNIQUE INDEX "authorisation_decision_agreement_number_key" ON "authorisation_decision"("agreement_number");

-- CreateIndex
CREATE UNIQUE INDEX "clinic_authorisation_status_clinic_id_valid_from_key" ON "clinic_authorisation_status"("clinic_id", "valid_from");

-- CreateIndex
CREATE INDEX "clinic_change_request_status_requested_at_idx" ON "clinic_change_request"("status", "requested_at");

-- CreateIndex
CREATE INDEX "clinic_change_request_clinic_id_idx" ON "clinic_change_request"("clinic_id");

-- CreateIndex
CREATE UNIQUE INDEX "clinic_list_cap_change_request_id_key" ON "clinic_list_cap"("change_request_id");

-- CreateIndex
CREATE INDEX "clinic_list_cap_clinic_id_idx" ON "clinic_list_cap"("clinic_id");

-- CreateIndex
CREATE UNIQUE INDEX "provider_notification_dedupe_key_key" ON "provider_notification"("dedupe_key");

-- CreateIndex
CREATE INDEX "provider_notification_recipient_user_id_created_at_idx" ON "provider_notification"("recipient_user_id", "created_at");

-- AddForeignKey
ALTER TABLE "requirement_chapter" ADD CONSTRAINT "requirement_chapter_spec_id_fkey" FOREIGN KEY ("spec_id") REFERENCES "requirement_spec"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "requirement" ADD CONSTRAINT "requirement_spec_id_fkey" FOREIGN KEY ("spec_id") REFERENCES "requirement_spec"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey

-- AddForeignKey
ALTER TABLE "authorisation_application" ADD CONSTRAINT "authorisation_application_spec_id_fkey" FOREIGN KEY ("spec_id") REFERENCES "requirement_spec"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "authorisation_application" ADD CONSTRAINT "authorisation_application_applicant_user_id_fkey" FOREIGN KEY ("applicant_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "authorisation_application" ADD CONSTRAINT "authorisation_application_reviewer_user_id_fkey" FOREIGN KEY ("reviewer_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "authorisation_application" ADD CONSTRAINT "authorisation_application_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinic"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "application_answer" ADD CONSTRAINT "application_answer_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "authorisation_application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "application_answer" ADD CONSTRAINT "application_answer_requirement_id_fkey" FOREIGN KEY ("requirement_id") REFERENCES "requirement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "application_attachment" ADD CONSTRAINT "application_attachment_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "authorisation_application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "application_attachment" ADD CONSTRAINT "application_attachment_requirement_id_fkey" FOREIGN KEY ("requirement_id") REFERENCES "requirement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "application_assessment" ADD CONSTRAINT "application_assessment_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "authorisation_application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "application_assessment" ADD CONSTRAINT "application_assessment_requirement_id_fkey" FOREIGN KEY ("requirement_id") REFERENCES "requirement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "supplementation_request" ADD CONSTRAINT "supplementation_request_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "authorisation_application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "application_event" ADD CONSTRAINT "application_event_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "authorisation_application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "authorisation_decision" ADD CONSTRAINT "authorisation_decision_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "authorisation_application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "clinic_authorisation_status" ADD CONSTRAINT "clinic_authorisation_status_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinic"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "clinic_change_request" ADD CONSTRAINT "clinic_change_request_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinic"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "clinic_list_cap" ADD CONSTRAINT "clinic_list_cap_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinic"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "clinic_list_cap" ADD CONSTRAINT "clinic_list_cap_change_request_id_fkey" FOREIGN KEY ("change_request_id") REFERENCES "clinic_change_request"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "provider_notification" ADD CONSTRAINT "provider_notification_recipient_user_id_fkey" FOREIGN KEY ("recipient_user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "provider_notification" ADD CONSTRAINT "provider_notification_clinic_id_fkey" FOREIGN KEY ("clinic_id") REFERENCES "clinic"("id") ON DELETE SET NULL ON UPDATE CASCADE;



-- Hand-written: what Prisma cannot say.

-- Organisation numbers (and personnummer) end in a Luhn check digit.
CREATE FUNCTION luhn_valid(digits text) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT digits ~ '^[0-9]+$' AND sum(d) % 10 = 0
  FROM (SELECT CASE WHEN (length(digits) - i) % 2 = 1
                    THEN CASE WHEN 2 * x > 9 THEN 2 * x - 9 ELSE 2 * x END
                    ELSE x END AS d
        FROM (SELECT i, substr(digits, i, 1)::int AS x FROM generate_series(1, length(digits)) i) s) t
$$;

-- ── The requirement specification ────────────────────────────────────────────────────────
ALTER TABLE "requirement_spec" ADD CONSTRAINT requirement_spec_named CHECK (btrim(version) <> '' AND btrim(title) <> '');
ALTER TABLE "requirement_spec" ADD CONSTRAINT requirement_spec_published_when CHECK ((status = 'published') = (published_at IS NOT NULL));
ALTER TABLE "requirement_chapter" ADD CONSTRAINT requirement_chapter_named CHECK (btrim(code) <> '' AND btrim(title_sv) <> '' AND btrim(title_en) <> '');
ALTER TABLE "requirement" ADD CONSTRAINT requirement_worded CHECK (btrim(code) <> '' AND btrim(text_sv) <> '' AND btrim(text_en) <> '');
ALTER TABLE "requirement" ADD CONSTRAINT requirement_rule_object CHECK (jsonb_typeof(rule) = 'object');
-- A requirement's chapter is a chapter of the same version.
CREATE UNIQUE INDEX "requirement_chapter_id_spec" ON "requirement_chapter" ("id", "spec_id");
ALTER TABLE "requirement" ADD CONSTRAINT requirement_chapter_same_spec
  FOREIGN KEY (chapter_id, spec_id) REFERENCES "requirement_chapter" (id, spec_id) ON DELETE CASCADE;

-- A published version is frozen: neither it nor its chapters and requirements change or go.
CREATE FUNCTION requirement_spec_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD.status = 'published' THEN
    RAISE EXCEPTION 'requirement spec % is published and cannot be deleted', OLD.version USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status = 'published' THEN
    RAISE EXCEPTION 'requirement spec % is published and cannot change', OLD.version USING ERRCODE = 'check_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER requirement_spec_frozen BEFORE UPDATE OR DELETE ON "requirement_spec"
  FOR EACH ROW EXECUTE FUNCTION requirement_spec_frozen();

CREATE FUNCTION requirement_part_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  spec int;
BEGIN
  FOR spec IN SELECT DISTINCT x FROM unnest(ARRAY[
      CASE WHEN TG_OP <> 'INSERT' THEN OLD.spec_id END,
      CASE WHEN TG_OP <> 'DELETE' THEN NEW.spec_id END]) x WHERE x IS NOT NULL LOOP
    IF EXISTS (SELECT 1 FROM requirement_spec s WHERE s.id = spec AND s.status = 'published') THEN
      RAISE EXCEPTION 'requirement spec % is published: its % cannot change', spec, TG_TABLE_NAME USING ERRCODE = 'check_violation';
    END IF;
  END LOOP;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER requirement_chapter_frozen BEFORE INSERT OR UPDATE OR DELETE ON "requirement_chapter"
  FOR EACH ROW EXECUTE FUNCTION requirement_part_frozen();
CREATE TRIGGER requirement_frozen BEFORE INSERT OR UPDATE OR DELETE ON "requirement"
  FOR EACH ROW EXECUTE FUNCTION requirement_part_frozen();

-- ── Applications ─────────────────────────────────────────────────────────────────────────
ALTER TABLE "authorisation_application" ADD CONSTRAINT application_org_number
  CHECK (org_number IS NULL OR (org_number ~ '^[0-9]{10}$' AND luhn_valid(org_number)));
ALTER TABLE "authorisation_application" ADD CONSTRAINT application_submitted_when
  CHECK ((status = 'draft') = (submitted_at IS NULL) AND (submitted_at IS NULL) = (last_submitted_at IS NULL)
         AND (last_submitted_at IS NULL OR last_submitted_at >= submitted_at));
ALTER TABLE "authorisation_application" ADD CONSTRAINT application_decided_when
  CHECK ((status IN ('approved', 'rejected')) = (decided_at IS NOT NULL));
ALTER TABLE "authorisation_application" ADD CONSTRAINT application_clinic_when_approved
  CHECK (clinic_id IS NULL OR status = 'approved');
ALTER TABLE "authorisation_application" ADD CONSTRAINT application_coordinates
  CHECK ((lat IS NULL OR lat BETWEEN 55 AND 70) AND (lon IS NULL OR lon BETWEEN 10 AND 25));

-- An application is made against a published version, and stays with it.
-- Its status moves only along draft → submitted ⇄ supplementation → approved | rejected (or
-- withdrawn before a decision), and the applicant's own fields are frozen outside draft and
-- supplementation.
CREATE FUNCTION application_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'draft' THEN
      RAISE EXCEPTION 'an application starts as a draft' USING ERRCODE = 'check_violation';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM requirement_spec s WHERE s.id = NEW.spec_id AND s.status = 'published') THEN
      RAISE EXCEPTION 'an application is made against a published requirement spec' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.spec_id <> OLD.spec_id OR NEW.applicant_user_id <> OLD.applicant_user_id OR NEW.created_at <> OLD.created_at THEN
    RAISE EXCEPTION 'an application keeps its requirement spec and applicant' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.status <> OLD.status AND NOT (
       (OLD.status = 'draft' AND NEW.status IN ('submitted', 'withdrawn'))
    OR (OLD.status = 'submitted' AND NEW.status IN ('supplementation', 'approved', 'rejected', 'withdrawn'))
    OR (OLD.status = 'supplementation' AND NEW.status IN ('submitted', 'withdrawn'))) THEN
    RAISE EXCEPTION 'an application cannot go from % to %', OLD.status, NEW.status USING ERRCODE = 'check_violation';
  END IF;
  IF OLD.status NOT IN ('draft', 'supplementation') AND (
       NEW.org_number IS DISTINCT FROM OLD.org_number OR NEW.org_name IS DISTINCT FROM OLD.org_name
    OR NEW.f_skatt IS DISTINCT FROM OLD.f_skatt OR NEW.insurer IS DISTINCT FROM OLD.insurer
    OR NEW.insurance_policy IS DISTINCT FROM OLD.insurance_policy OR NEW.ownership IS DISTINCT FROM OLD.ownership
    OR NEW.clinic_name IS DISTINCT FROM OLD.clinic_name OR NEW.street_address IS DISTINCT FROM OLD.street_address
    OR NEW.postal_code IS DISTINCT FROM OLD.postal_code OR NEW.city IS DISTINCT FROM OLD.city
    OR NEW.municipality_code IS DISTINCT FROM OLD.municipality_code OR NEW.lat IS DISTINCT FROM OLD.lat
    OR NEW.lon IS DISTINCT FROM OLD.lon OR NEW.phone IS DISTINCT FROM OLD.phone OR NEW.website IS DISTINCT FROM OLD.website
    OR NEW.services IS DISTINCT FROM OLD.services OR NEW.languages IS DISTINCT FROM OLD.languages
    OR NEW.opening_hours IS DISTINCT FROM OLD.opening_hours OR NEW.staffing IS DISTINCT FROM OLD.staffing
    OR NEW.medical_lead_name IS DISTINCT FROM OLD.medical_lead_name OR NEW.medical_lead_title IS DISTINCT FROM OLD.medical_lead_title
    OR NEW.medical_lead_reg_no IS DISTINCT FROM OLD.medical_lead_reg_no) THEN
    RAISE EXCEPTION 'application % is %: its answers are frozen', OLD.id, OLD.status USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER application_guard BEFORE INSERT OR UPDATE ON "authorisation_application"
  FOR EACH ROW EXECUTE FUNCTION application_guard();

-- An answer or attachment changes only while the application is a draft, or, under an open
-- request for supplementation, for a requirement the request names; always for a requirement
-- of the application's own version.
CREATE FUNCTION application_part_editable() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
  app record;
BEGIN
  r := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  SELECT a.status, a.spec_id INTO app FROM authorisation_application a WHERE a.id = r.application_id;
  IF NOT FOUND THEN
    RETURN r; -- the application itself is being deleted (cascade)
  END IF;
  IF TG_OP <> 'DELETE' AND NOT EXISTS (SELECT 1 FROM requirement q WHERE q.id = NEW.requirement_id AND q.spec_id = app.spec_id) THEN
    RAISE EXCEPTION 'requirement % is not in the application''s requirement spec', NEW.requirement_id USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'UPDATE' AND (NEW.application_id <> OLD.application_id OR NEW.requirement_id <> OLD.requirement_id) THEN
    RAISE EXCEPTION 'an answer stays with its application and requirement' USING ERRCODE = 'check_violation';
  END IF;
  IF app.status = 'draft' THEN
    RETURN r;
  END IF;
  IF app.status = 'supplementation' AND EXISTS (
       SELECT 1 FROM supplementation_request s
       WHERE s.application_id = r.application_id AND s.answered_at IS NULL AND r.requirement_id = ANY (s.requirement_ids)) THEN
    RETURN r;
  END IF;
  RAISE EXCEPTION 'application % is %: requirement % cannot be changed now', r.application_id, app.status, r.requirement_id
    USING ERRCODE = 'check_violation';
END $$;
CREATE TRIGGER application_answer_editable BEFORE INSERT OR UPDATE OR DELETE ON "application_answer"
  FOR EACH ROW EXECUTE FUNCTION application_part_editable();
CREATE TRIGGER application_attachment_editable BEFORE INSERT OR UPDATE OR DELETE ON "application_attachment"
  FOR EACH ROW EXECUTE FUNCTION application_part_editable();

ALTER TABLE "application_attachment" ADD CONSTRAINT attachment_file CHECK (
  size_bytes > 0 AND sha256 ~ '^[0-9a-f]{64}$' AND btrim(file_name) <> '' AND storage_key ~ '^[A-Za-z0-9_-]+$');

-- A fail says why. Assessments are made while the application is under review.
ALTER TABLE "application_assessment" ADD CONSTRAINT assessment_fail_commented
  CHECK (verdict = 'pass' OR (comment IS NOT NULL AND btrim(comment) <> ''));
CREATE FUNCTION application_assessment_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  app record;
BEGIN
  SELECT a.status, a.spec_id INTO app FROM authorisation_application a WHERE a.id = NEW.application_id;
  IF app.status NOT IN ('submitted', 'supplementation') THEN
    RAISE EXCEPTION 'application % is %: it is not under review', NEW.application_id, app.status USING ERRCODE = 'check_violation';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM requirement q WHERE q.id = NEW.requirement_id AND q.spec_id = app.spec_id) THEN
    RAISE EXCEPTION 'requirement % is not in the application''s requirement spec', NEW.requirement_id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER application_assessment_guard BEFORE INSERT OR UPDATE ON "application_assessment"
  FOR EACH ROW EXECUTE FUNCTION application_assessment_guard();

-- A request names what may be amended and why; one is open at a time.
ALTER TABLE "supplementation_request" ADD CONSTRAINT supplementation_asks CHECK (
  btrim(message) <> '' AND cardinality(requirement_ids) + cardinality(sections) > 0
  AND sections <@ ARRAY['provider', 'clinic', 'staffing', 'medical_lead']::text[]
  AND (answered_at IS NULL OR answered_at >= requested_at));
CREATE UNIQUE INDEX supplementation_one_open ON "supplementation_request" (application_id) WHERE answered_at IS NULL;

-- The timeline, decisions and the register are append-only.
CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'check_violation';
END $$;
CREATE TRIGGER application_event_append_only BEFORE UPDATE OR DELETE ON "application_event"
  FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION append_only();
CREATE TRIGGER authorisation_decision_append_only BEFORE UPDATE OR DELETE ON "authorisation_decision"
  FOR EACH ROW EXECUTE FUNCTION append_only();
CREATE TRIGGER clinic_authorisation_status_append_only BEFORE UPDATE OR DELETE ON "clinic_authorisation_status"
  FOR EACH ROW EXECUTE FUNCTION append_only();
ALTER TABLE "application_event" ADD CONSTRAINT application_event_kind CHECK (btrim(kind) <> '');

-- A decision: an approval has an agreement and a start date and no exclusion ground; a rejection
-- has at least one reason. Every exclusion ground is answered.
ALTER TABLE "authorisation_decision" ADD CONSTRAINT decision_grounds_answered CHECK (
  jsonb_typeof(exclusion_grounds) = 'object'
  AND jsonb_typeof(exclusion_grounds->'bankruptcy') = 'boolean' AND jsonb_typeof(exclusion_grounds->'unpaidTaxes') = 'boolean'
  AND jsonb_typeof(exclusion_grounds->'misconduct') = 'boolean' AND jsonb_typeof(exclusion_grounds->'falseInformation') = 'boolean');
ALTER TABLE "authorisation_decision" ADD CONSTRAINT decision_complete CHECK (
  (outcome = 'approved' AND start_date IS NOT NULL AND agreement_number IS NOT NULL AND btrim(agreement_number) <> ''
     AND NOT ((exclusion_grounds->>'bankruptcy')::boolean OR (exclusion_grounds->>'unpaidTaxes')::boolean
              OR (exclusion_grounds->>'misconduct')::boolean OR (exclusion_grounds->>'falseInformation')::boolean))
  OR (outcome = 'rejected' AND jsonb_typeof(reasons) = 'array' AND jsonb_array_length(reasons) > 0));

-- ── The register ─────────────────────────────────────────────────────────────────────────
ALTER TABLE "clinic_authorisation_status" ADD CONSTRAINT clinic_status_reason
  CHECK (status = 'authorised' OR (reason IS NOT NULL AND btrim(reason) <> ''));

-- A clinic enters the register authorised from its first day, however it was inserted.
CREATE FUNCTION clinic_registered() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO clinic_authorisation_status (clinic_id, status, valid_from) VALUES (NEW.id, 'authorised', NEW.authorised_from)
  ON CONFLICT (clinic_id, valid_from) DO NOTHING;
  RETURN NEW;
END $$;
CREATE TRIGGER clinic_registered AFTER INSERT ON "clinic"
  FOR EACH ROW EXECUTE FUNCTION clinic_registered();

-- The clinics already there: authorised from their first day, ended where an end is set.
INSERT INTO clinic_authorisation_status (clinic_id, status, valid_from)
  SELECT id, 'authorised', authorised_from FROM clinic;
INSERT INTO clinic_authorisation_status (clinic_id, status, valid_from, reason)
  SELECT id, 'ended', authorised_to, 'Avslutad före registret / ended before the register' FROM clinic WHERE authorised_to IS NOT NULL;

-- ── Providers' change requests and list caps ─────────────────────────────────────────────
ALTER TABLE "clinic_change_request" ADD CONSTRAINT change_request_decided CHECK (
  btrim(motivation) <> '' AND jsonb_typeof(payload) = 'object'
  AND ((status IN ('approved', 'rejected')) = (decided_at IS NOT NULL AND decided_by_user_id IS NOT NULL)));
ALTER TABLE "clinic_list_cap" ADD CONSTRAINT clinic_list_cap_period CHECK (cap > 0 AND valid_until > valid_from);
ALTER TABLE "clinic_list_cap" ADD CONSTRAINT clinic_list_cap_no_overlap
  EXCLUDE USING gist (clinic_id WITH =, daterange(valid_from, valid_until) WITH &&);

-- ── Provider notifications (as notification) ─────────────────────────────────────────────
ALTER TABLE "provider_notification" ADD CONSTRAINT provider_notification_delivered CHECK (
  (sent_at IS NULL AND subject IS NULL AND body IS NULL)
  OR (sent_at IS NOT NULL AND subject IS NOT NULL AND body IS NOT NULL));
ALTER TABLE "provider_notification" ADD CONSTRAINT provider_notification_dedupe_key_given CHECK (btrim(dedupe_key) <> '');
CREATE INDEX provider_notification_waiting_idx ON "provider_notification" (id) WHERE sent_at IS NULL;
