/** The SYNTHETIC SESNSP fuero común fixtures (pipelines/_lib/sesnspFixtures.ts writes both SESNSP sources' files). */
import { buildSesnspFixtureFiles, COMUN_DIR } from '../_lib/sesnspFixtures.ts';

export function buildFixtureFiles(): Map<string, string | Uint8Array> {
  return new Map([...buildSesnspFixtureFiles()].filter(([path]) => path.startsWith(`${COMUN_DIR}/`)));
}
