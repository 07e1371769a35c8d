-- DropIndex
DROP INDEX "clinic_authorisation_status_clinic_id_valid_from_key";

-- CreateIndex
CREATE INDEX "clinic_authorisation_status_clinic_id_valid_from_id_idx" ON "clinic_authorisation_status"("clinic_id", "valid_from", "id");



-- Hand-written (found by the review of issue 5).

-- The register: a clinic is registered once, when inserted (the unique key is gone, so no ON CONFLICT).
CREATE OR REPLACE FUNCTION clinic_registered() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO clinic_authorisation_status (clinic_id, status, valid_from) VALUES (NEW.id, 'authorised', NEW.authorised_from);
  RETURN NEW;
END $$;

-- An authorisation revoked before its first day is empty: it ends the day it would have begun.
ALTER TABLE "clinic" DROP CONSTRAINT clinic_authorisation_period;
ALTER TABLE "clinic" ADD CONSTRAINT clinic_authorisation_period CHECK (authorised_to IS NULL OR authorised_from <= authorised_to);

-- The list cap in force on a day: a decided, time-bound cap (clinic_list_cap) when one covers the
-- day, otherwise the clinic's standing cap (clinic.list_cap, from the clinics' profiles). Listing
-- and assignment ask it for the day a listing takes effect, the finder for today.
CREATE FUNCTION clinic_cap_on(clinic int, day date) RETURNS int LANGUAGE sql STABLE AS $$
  SELECT coalesce(
    (SELECT c.cap FROM clinic_list_cap c WHERE c.clinic_id = clinic AND c.valid_from <= day AND c.valid_until > day),
    (SELECT k.list_cap FROM clinic k WHERE k.id = clinic))
$$;

-- A published version's parts: the check reads the version's status under a share lock, so a
-- publication (which updates that row) and a change to its parts cannot interleave.
CREATE OR REPLACE FUNCTION requirement_part_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  spec int;
  published boolean;
BEGIN
  FOR spec IN SELECT DISTINCT x FROM unnest(ARRAY[
      CASE WHEN TG_OP <> 'INSERT' THEN OLD.spec_id END,
      CASE WHEN TG_OP <> 'DELETE' THEN NEW.spec_id END]) x WHERE x IS NOT NULL LOOP
    SELECT s.status = 'published' INTO published FROM requirement_spec s WHERE s.id = spec FOR SHARE;
    IF published THEN
      RAISE EXCEPTION 'requirement spec % is published: its % cannot change', spec, TG_TABLE_NAME USING ERRCODE = 'check_violation';
    END IF;
  END LOOP;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

-- The application: under supplementation only the sections the open request names may change,
-- and it leaves supplementation only once the request is answered. Only a never-submitted draft
-- may be deleted (with its timeline); everything else keeps its history for good.
CREATE OR REPLACE FUNCTION application_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  asked text[];
  changed text[] := ARRAY[]::text[];
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'application % is %: only a draft can be deleted', OLD.id, OLD.status USING ERRCODE = 'check_violation';
    END IF;
    RETURN OLD;
  END IF;
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
  IF OLD.status = 'supplementation' AND NEW.status = 'submitted' AND EXISTS (
       SELECT 1 FROM supplementation_request s WHERE s.application_id = OLD.id AND s.answered_at IS NULL) THEN
    RAISE EXCEPTION 'application % has an open request for supplementation: answer it before resubmitting', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.org_number IS DISTINCT FROM OLD.org_number OR NEW.org_name IS DISTINCT FROM OLD.org_name
    OR NEW.f_skatt IS DISTINCT FROM OLD.f_skatt OR NEW.insurer IS DISTINCT FROM OLD.insurer
    OR NEW.insurance_policy IS DISTINCT FROM OLD.insurance_policy OR NEW.ownership IS DISTINCT FROM OLD.ownership THEN
    changed := array_append(changed, 'provider');
  END IF;
  IF NEW.clinic_name IS DISTINCT FROM OLD.clinic_name OR NEW.street_address IS DISTINCT FROM OLD.street_address
    OR NEW.postal_code IS DISTINCT FROM OLD.postal_code OR NEW.city IS DISTINCT FROM OLD.city
    OR NEW.municipality_code IS DISTINCT FROM OLD.municipality_code OR NEW.lat IS DISTINCT FROM OLD.lat
    OR NEW.lon IS DISTINCT FROM OLD.lon OR NEW.phone IS DISTINCT FROM OLD.phone OR NEW.website IS DISTINCT FROM OLD.website
    OR NEW.services IS DISTINCT FROM OLD.services OR NEW.languages IS DISTINCT FROM OLD.languages
    OR NEW.opening_hours IS DISTINCT FROM OLD.opening_hours THEN
    changed := array_append(changed, 'clinic');
  END IF;
  IF NEW.staffing IS DISTINCT FROM OLD.staffing THEN
    changed := array_append(changed, 'staffing');
  END IF;
  IF NEW.medical_lead_name IS DISTINCT FROM OLD.medical_lead_name OR NEW.medical_lead_title IS DISTINCT FROM OLD.medical_lead_title
    OR NEW.medical_lead_reg_no IS DISTINCT FROM OLD.medical_lead_reg_no THEN
    changed := array_append(changed, 'medical_lead');
  END IF;
  IF cardinality(changed) = 0 OR OLD.status = 'draft' THEN
    RETURN NEW;
  END IF;
  IF OLD.status = 'supplementation' THEN
    SELECT s.sections INTO asked FROM supplementation_request s WHERE s.application_id = OLD.id AND s.answered_at IS NULL;
    IF changed <@ coalesce(asked, ARRAY[]::text[]) THEN
      RETURN NEW;
    END IF;
    RAISE EXCEPTION 'application % is under supplementation: % cannot be changed, only what the request names (%)', OLD.id,
      array_to_string(changed, ', '), coalesce(array_to_string(asked, ', '), 'nothing') USING ERRCODE = 'check_violation';
  END IF;
  RAISE EXCEPTION 'application % is %: its answers are frozen', OLD.id, OLD.status USING ERRCODE = 'check_violation';
END $$;
DROP TRIGGER application_guard ON "authorisation_application";
CREATE TRIGGER application_guard BEFORE INSERT OR UPDATE OR DELETE ON "authorisation_application"
  FOR EACH ROW EXECUTE FUNCTION application_guard();
