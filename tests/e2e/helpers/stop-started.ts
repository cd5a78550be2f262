/**
 * What a test file's afterAll stops: each thing its beforeAll started, in order. The variables are typed as set, but
 * a beforeAll that failed halfway left the later ones unassigned, so those are skipped rather than failing the
 * teardown of the ones that did start.
 */
export async function stopStarted(...started: ({ stop(): Promise<unknown> } | undefined)[]): Promise<void> {
  for (const thing of started) await thing?.stop();
}
