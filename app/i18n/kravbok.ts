/** Filled in by issue 5's kravbok pages. Swedish first; English below has the same shape. */
export const kravbokSv = {
  title: '',
}

export type KravbokMessages = typeof kravbokSv

export const kravbokEn: KravbokMessages = {
  title: '',
}
