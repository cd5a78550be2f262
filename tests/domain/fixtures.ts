import type { Review } from '../../src/domain/review.js';

export function makeReview(overrides: Partial<Review> & Pick<Review, 'slug' | 'title' | 'subject'>): Review {
  return {
    series: null,
    year: null,
    body: ['A paragraph.'],
    tracks: [{ position: 1, artist: 'Someone', title: 'Something' }],
    nextPost: null,
    blog: null,
    addedAt: '2024-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export const rockyIV = makeReview({
  slug: 'great-soundtracks-of-1985-rocky-iv',
  title: 'Great Soundtracks of 1985: Rocky IV',
  series: 'Great Soundtracks of 1985',
  subject: 'Rocky IV',
  year: 1985,
  tracks: [
    { position: 1, artist: 'Survivor', title: 'Burning Heart' },
    { position: 2, artist: 'John Cafferty and the Beaver Brown Band', title: 'Hearts of Fire' },
    { position: 4, artist: 'Survivor', title: 'Eye of the Tiger' },
  ],
  nextPost: 'The Cult- Love',
  addedAt: '2024-03-01T00:00:00.000Z',
});

export const visionQuest = makeReview({
  slug: 'great-soundtracks-of-1985-vision-quest',
  title: 'Great Soundtracks of 1985: Vision Quest',
  series: 'Great Soundtracks of 1985',
  subject: 'Vision Quest',
  year: 1985,
  tracks: [{ position: 1, artist: 'Madonna', title: 'Crazy for You' }],
  nextPost: 'Great Soundtracks of 1985: Rocky IV',
  addedAt: '2024-02-01T00:00:00.000Z',
});

export const loveAlbum = makeReview({
  slug: 'the-cult-love',
  title: 'The Cult: Love',
  series: null,
  subject: 'Love',
  year: 1985,
  tracks: [{ position: 1, artist: 'The Cult', title: 'She Sells Sanctuary' }],
  addedAt: '2024-04-01T00:00:00.000Z',
});
