import type { Catalogue, CatalogueProblem } from '../catalogue/index.js';
import type { Review } from '../domain/review.js';

/**
 * Saves a batch of reviews through the catalogue, all or nothing: every review is validated by the catalogue as it
 * is written, and when one write fails the ones already done are undone (added files removed, replaced ones
 * written back as they were), so the catalogue is left as it was.
 */

export interface SaveReport {
  saved: string[];
  replaced: string[];
  /** Slugs already in the catalogue, left alone (without --replace). */
  kept: string[];
  /** Slugs whose file is there but unreadable or invalid: left alone, named with the file's problem. */
  blocked: { slug: string; problem: string }[];
}

export class SaveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SaveError';
  }
}

type Step = { slug: string; previous: Review | null };

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function saveReviews(
  catalogue: Catalogue,
  reviews: readonly Review[],
  options: { replace: boolean; problems?: readonly CatalogueProblem[] },
): Promise<SaveReport> {
  const report: SaveReport = { saved: [], replaced: [], kept: [], blocked: [] };
  const problemOf = new Map<string, string>();
  for (const problem of options.problems ?? []) {
    const name = problem.file.split(/[\\/]/).pop() ?? '';
    problemOf.set(name.replace(/\.md$/, ''), problem.message);
  }
  // Plan first, reading every review to be replaced: a replaced review that cannot be read could not be put back.
  const plan: { review: Review; previous: Review | null }[] = [];
  for (const review of reviews) {
    const problem = problemOf.get(review.slug);
    if (problem !== undefined) {
      report.blocked.push({ slug: review.slug, problem });
      continue;
    }
    if (catalogue.get(review.slug) === undefined) {
      plan.push({ review, previous: null });
      continue;
    }
    if (!options.replace) {
      report.kept.push(review.slug);
      continue;
    }
    try {
      const previous = await catalogue.read(review.slug);
      plan.push({ review, previous: previous ?? null });
    } catch (error) {
      throw new SaveError(`nothing saved: the review "${review.slug}" to be replaced cannot be read: ${describe(error)}`);
    }
  }

  const done: Step[] = [];
  try {
    for (const { review, previous } of plan) {
      if (previous === null) await catalogue.add(review);
      else await catalogue.update(review);
      done.push({ slug: review.slug, previous });
    }
  } catch (error) {
    const failedAt = plan[done.length]?.review.slug ?? '?';
    const undoFailures: string[] = [];
    for (const step of [...done].reverse()) {
      try {
        if (step.previous === null) await catalogue.remove(step.slug);
        else await catalogue.update(step.previous);
      } catch (undoError) {
        undoFailures.push(`${step.slug} (${describe(undoError)})`);
      }
    }
    await catalogue.settled().catch(() => undefined);
    const undone = undoFailures.length === 0 ? 'the catalogue is as it was' : `and undoing failed for ${undoFailures.join(', ')}`;
    throw new SaveError(`nothing saved: writing "${failedAt}" failed: ${describe(error)}; ${undone}`);
  }
  await catalogue.settled();
  for (const step of done) (step.previous === null ? report.saved : report.replaced).push(step.slug);
  return report;
}
