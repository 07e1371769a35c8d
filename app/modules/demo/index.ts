/** The demo region generator: a synthetic Region Sörmland, deterministic from a seed. */
export {
  writeDemoRegion,
  DEFAULT_AS_OF,
  DEFAULT_SEED,
  MUNICIPALITIES_FILE,
  type DemoFile,
  type DemoOptions,
  type DemoSummary,
} from './generate.server.ts'
export type { ClinicProfile, ClinicService, OpeningHours } from './region.ts'
