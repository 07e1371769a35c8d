/** The demo region generator: a synthetic Region Sörmland, deterministic from a seed. */
export {
  writeDemoRegion,
  DEFAULT_AS_OF,
  DEFAULT_SEED,
  DEMO_FORMAT_VERSION,
  MUNICIPALITIES_FILE,
  type DemoFile,
  type DemoOptions,
  type DemoSummary,
} from './generate.server.ts'
export type { ClinicProfile, ClinicService, OpeningHours } from './region.ts'
export { DEFAULT_UPCODING_HSA_IDS } from './region.ts'
export { UPCODING_FACTORS } from './population.ts'
export { QUALITY_INDICATORS, qualityPeriods } from './quality.ts'
export { DEMO_PAYMENT_MONTHS, demoPaymentMonths } from './rules.ts'
