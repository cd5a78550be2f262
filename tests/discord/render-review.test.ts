import { embedLength } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { continuedMarker } from '../../src/domain/split-text.js';
import {
  embedLimits,
  formatTrack,
  readPageView,
  readPages,
  renderPostView,
  renderWithdrawnView,
  trackListingEmbeds,
  wholeTrackListing,
} from '../../src/discord/render-review.js';
import { makeReview, rockyIV } from '../domain/fixtures.js';

const sentence = 'The soundtrack rekindles a fondness for Survivor and the training montage makes you want to run. ';
const paragraph = (n: number): string => sentence.repeat(n).trim();

function expectWithinLimits(embeds: ReturnType<typeof renderPostView>['embeds']): void {
  expect(embeds.length).toBeLessThanOrEqual(embedLimits.embedsPerMessage);
  expect(embeds.reduce((sum, e) => sum + embedLength(e), 0)).toBeLessThanOrEqual(embedLimits.totalCharacters);
  for (const e of embeds) {
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(embedLimits.description);
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(embedLimits.title);
  }
}

describe('renderPostView', () => {
  it('shows title, series, subject, year, the text, the tracks and the footer', () => {
    const view = renderPostView(rockyIV, { counts: { likes: 2, responses: 1 } });
    const [header, text, tracks] = view.embeds;
    expect(header?.title).toBe('Great Soundtracks of 1985: Rocky IV');
    expect(header?.fields).toEqual([
      { name: 'Series', value: 'Great Soundtracks of 1985', inline: true },
      { name: 'Subject', value: 'Rocky IV', inline: true },
      { name: 'Year', value: '1985', inline: true },
    ]);
    expect(text?.description).toBe('A paragraph.');
    expect(tracks?.description).toBe(
      '1. Survivor – Burning Heart\n2. John Cafferty and the Beaver Brown Band – Hearts of Fire\n4. Survivor – Eye of the Tiger',
    );
    expect(view.embeds.at(-1)?.footer?.text).toBe('Liked by 2 people · 1 Response');
    expect(view.components).toEqual([]);
  });

  it('leaves the footer out when nobody liked or responded yet', () => {
    const view = renderPostView(rockyIV, { counts: { likes: 0, responses: 0 } });
    expect(view.embeds.some((e) => e.footer)).toBe(false);
  });

  it('splits a long review across embeds within every Discord limit, ending with a visible "continued"', () => {
    const long = makeReview({ slug: 'long', title: 'Long', subject: 'Long', body: Array.from({ length: 12 }, () => paragraph(12)) });
    const view = renderPostView(long, { counts: { likes: 999_999, responses: 999_999 } });
    expectWithinLimits(view.embeds);
    const text = view.embeds.map((e) => e.description ?? '').join('\n');
    expect(text).toContain('continued: read the rest with `/review read`');
    expect(view.embeds.at(-1)?.footer?.text).toBe('Liked by 999999 people · 999999 Responses');
  });

  it('marks a paragraph broken across embeds instead of cutting it silently', () => {
    const huge = makeReview({ slug: 'huge', title: 'Huge', subject: 'Huge', body: [paragraph(50)] });
    const view = renderPostView(huge, { counts: { likes: 0, responses: 0 } });
    expectWithinLimits(view.embeds);
    const texts = view.embeds.slice(1, -1).map((e) => e.description ?? '');
    expect(texts[0]?.endsWith(continuedMarker) || texts[0]?.includes('continued: read the rest')).toBe(true);
    for (const t of texts)
      expect(
        t
          .replace(/\*\(continued[^)]*\)\*/g, '')
          .trim()
          .endsWith('.') || t.includes(continuedMarker),
      ).toBe(true);
  });

  it('adds series links as buttons once neighbours are posted', () => {
    const view = renderPostView(rockyIV, {
      counts: { likes: 0, responses: 0 },
      previous: { label: 'Vision Quest', url: 'https://discord.com/channels/1/2/3' },
    });
    expect(view.components[0]?.components).toEqual([{ type: 2, style: 5, label: '◀ Vision Quest', url: 'https://discord.com/channels/1/2/3' }]);
  });

  it('keeps a huge track listing within limits', () => {
    const tracks = Array.from({ length: 300 }, (_, i) => ({ position: i + 1, artist: 'Artist with a long name', title: 'A rather long song title' }));
    const view = renderPostView(makeReview({ slug: 't', title: 'T', subject: 'T', tracks }), { counts: { likes: 1, responses: 0 } });
    expectWithinLimits(view.embeds);
  });
});

describe('track listing and withdrawn post', () => {
  it('numbers each track "Artist – Title"', () => {
    expect(formatTrack({ position: 3, artist: 'a-ha', title: 'Take On Me' })).toBe('3. a-ha – Take On Me');
    expect(trackListingEmbeds(rockyIV)[0]?.title).toBe('Track listing');
  });

  it('renders a withdrawn post with its counts kept', () => {
    const view = renderWithdrawnView('Rocky IV', { likes: 1, responses: 18 });
    expect(view.embeds[0]?.title).toBe('Rocky IV (withdrawn)');
    expect(view.embeds[0]?.footer?.text).toBe('Liked by 1 person · 18 Responses');
  });
});

describe('readPages', () => {
  it('pages the text and ends with the track listing', () => {
    const long = makeReview({ slug: 'long', title: 'Long', subject: 'Long', body: Array.from({ length: 6 }, () => paragraph(8)) });
    const pages = readPages(long);
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.at(-1)?.[0]?.title).toBe('Track listing');
    const view = readPageView(long, 99);
    expect(view.page).toBe(pages.length - 1);
    expect(view.embeds.at(-1)?.footer?.text).toBe(`Page ${pages.length} of ${pages.length}`);
    for (let i = 0; i < pages.length; i++) expectWithinLimits(readPageView(long, i).embeds);
  });
});

describe('wholeTrackListing', () => {
  it('is the whole listing, rendered once per review and frozen so no caller can change it for the next', () => {
    const listing = wholeTrackListing(rockyIV);
    expect(listing).toEqual(trackListingEmbeds(rockyIV));
    expect(wholeTrackListing(rockyIV)).toBe(listing);
    expect(Object.isFrozen(listing) && listing.every((embed) => Object.isFrozen(embed))).toBe(true);
    expect(wholeTrackListing({ ...rockyIV })).not.toBe(listing);
  });
});
