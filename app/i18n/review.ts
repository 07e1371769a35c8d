/** Filled in by issue 5's review pages. Swedish first; English below has the same shape. */
export const reviewSv = {
  title: '',
}

export type ReviewMessages = typeof reviewSv

export const reviewEn: ReviewMessages = {
  title: '',
}
