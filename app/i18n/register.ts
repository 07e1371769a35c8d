/** Filled in by issue 5's register pages. Swedish first; English below has the same shape. */
export const registerSv = {
  title: '',
}

export type RegisterMessages = typeof registerSv

export const registerEn: RegisterMessages = {
  title: '',
}
