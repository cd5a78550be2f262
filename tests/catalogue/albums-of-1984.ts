import type { Review } from '../../src/domain/review.js';

/** A valid review in the "Great Albums of 1984" series, named after its slug, with one track. */
export function albumOf1984(slug: string, overrides: Partial<Review> = {}): Review {
  return {
    slug,
    title: `Great Albums of 1984: ${slug}`,
    series: 'Great Albums of 1984',
    subject: slug,
    year: 1984,
    body: [`About ${slug}.`],
    tracks: [{ position: 1, artist: 'Prince', title: `${slug} one` }],
    nextPost: null,
    blog: null,
    addedAt: '2024-01-01',
    ...overrides,
  };
}
