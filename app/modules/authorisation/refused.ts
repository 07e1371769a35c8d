/** A step that was refused and wrote nothing: a code the pages translate, and the facts (names, dates) for the message. */
export class Refused<Code extends string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly facts: Record<string, string> = {},
  ) {
    super(message)
  }
}
