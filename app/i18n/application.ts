/** Filled in by issue 5's application pages. Swedish first; English below has the same shape. */
export const applicationSv = {
  title: '',
}

export type ApplicationMessages = typeof applicationSv

export const applicationEn: ApplicationMessages = {
  title: '',
}
