/**
 * Made-up names for citizens, who have no names in the region's data: the same seed always gives
 * the same name, so a test person keeps their name from one login to the next.
 */
import { createHash } from 'node:crypto'

const given = {
  F: ['Anna', 'Eva', 'Maria', 'Karin', 'Sara', 'Lena', 'Emma', 'Ingrid', 'Elsa', 'Maja', 'Astrid', 'Linnea'],
  M: ['Lars', 'Erik', 'Karl', 'Anders', 'Johan', 'Per', 'Nils', 'Oskar', 'Hugo', 'Ali', 'Mikael', 'Sven'],
} as const
const family = ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson', 'Lindqvist', 'Öberg', 'Åström', 'Ekström']

export function testName(seed: string, sex: 'F' | 'M'): string {
  const digest = createHash('sha256').update(seed).digest()
  const first = given[sex][digest.readUInt16BE(0) % given[sex].length]!
  const last = family[digest.readUInt16BE(2) % family.length]!
  return `${first} ${last}`
}
