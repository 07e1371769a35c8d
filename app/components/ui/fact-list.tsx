import type { ReactNode } from 'react'

/** Facts as terms and values (a description list), laid out in as many columns as fit. */
export function FactList({ children }: { children: ReactNode }) {
  return <dl className="facts">{children}</dl>
}

/** One fact; `wide` takes a whole row (a long value), `field` names the value for tests and scripts. */
export function Fact({ term, children, wide, field }: { term: string; children: ReactNode; wide?: boolean; field?: string }) {
  return (
    <div className={wide ? 'facts__item facts__item--wide' : 'facts__item'}>
      <dt>{term}</dt>
      <dd data-field={field}>{children}</dd>
    </div>
  )
}
