import { describe, expect, it } from 'vitest';
import { parseTrackListing, splitTrackLine } from '../../src/domain/track-listing.js';

describe('splitTrackLine', () => {
  it.each([
    ['1. Survivor- Burning Heart', 1, 'Survivor', 'Burning Heart', '-'],
    ['  1) Survivor - Burning Heart', 1, 'Survivor', 'Burning Heart', '-'],
    ['01. Survivor – Burning Heart', 1, 'Survivor', 'Burning Heart', '–'],
    ['\t12. Survivor — Burning Heart', 12, 'Survivor', 'Burning Heart', '—'],
    ['3. a-ha- Take On Me', 3, 'a-ha', 'Take On Me', '-'],
    ['4. Run-D.M.C. - It’s Tricky', 4, 'Run-D.M.C.', 'It’s Tricky', '-'],
    ['5. Jay-Z - 99 Problems - Live', 5, 'Jay-Z', '99 Problems - Live', '-'],
    ['6. Queen - “Bohemian Rhapsody”', 6, 'Queen', 'Bohemian Rhapsody', '-'],
    ['7.Prince - Kiss', 7, 'Prince', 'Kiss', '-'],
    ['8. Survivor –  Burning Heart', 8, 'Survivor', 'Burning Heart', '–'],
  ])('%s', (line, number, artist, title, dash) => {
    expect(splitTrackLine(line, false)).toEqual({ number, artist, title, dash });
  });

  it.each([
    'John Cafferty and The Beaver Brown Band',
    '2. Survivor-Burning Heart',
    '3. Just a title',
    '4. - Title without artist',
    '5. Artist - ',
    '1985 saw two films - both with Stallone',
  ])('%s is not a numbered track', (line) => {
    expect(splitTrackLine(line, false)).toBeNull();
  });

  it('reads unnumbered lines (with or without a bullet) only when asked', () => {
    expect(splitTrackLine('- Survivor - Burning Heart', true)).toEqual({ number: null, artist: 'Survivor', title: 'Burning Heart', dash: '-' });
    expect(splitTrackLine('Survivor - Burning Heart', false)).toBeNull();
  });

  it('keeps quotes when told to (the catalogue writes titles as they are)', () => {
    expect(splitTrackLine('1. David Bowie - "Heroes"', false, { unquoteTitle: false })?.title).toBe('"Heroes"');
  });
});

describe('parseTrackListing', () => {
  it('reads a messy listing and warns about each line it skipped, with its line number', () => {
    const { tracks, warnings } = parseTrackListing(
      ['', '  1. Survivor- Burning Heart', '', 'John Cafferty and The Beaver Brown Band', '', '2. Touch - The Sweetest Victory'],
      { firstLineNumber: 10 },
    );
    expect(tracks).toEqual([
      { position: 1, artist: 'Survivor', title: 'Burning Heart' },
      { position: 2, artist: 'Touch', title: 'The Sweetest Victory' },
    ]);
    expect(warnings).toEqual(['line 13: skipped "John Cafferty and The Beaver Brown Band" inside the track listing (not a numbered "Artist – Title" line)']);
  });

  it('keeps the dash each track was written with, leaving it out for a hyphen', () => {
    const { tracks } = parseTrackListing(['1. Survivor – Burning Heart', '2. Touch - The Sweetest Victory', '3. Go West — One Way Street']);
    expect(tracks).toEqual([
      { position: 1, artist: 'Survivor', title: 'Burning Heart', dash: '–' },
      { position: 2, artist: 'Touch', title: 'The Sweetest Victory' },
      { position: 3, artist: 'Go West', title: 'One Way Street', dash: '—' },
    ]);
  });

  it('says why a numbered line without a separator was skipped', () => {
    const { tracks, warnings } = parseTrackListing(['1. A - B', '2. Instrumental']);
    expect(tracks).toHaveLength(1);
    expect(warnings[0]).toMatch(/^line 2: .*no "Artist – Title" separator/);
  });

  it('guesses positions of an unnumbered listing and says so', () => {
    const { tracks, warnings } = parseTrackListing(['Survivor - Burning Heart', '• Touch – The Sweetest Victory']);
    expect(tracks.map((t) => t.position)).toEqual([1, 2]);
    expect(warnings).toEqual(['the track listing has 2 unnumbered track(s): positions guessed from their order']);
  });

  it('returns no tracks for no lines', () => {
    expect(parseTrackListing([])).toEqual({ tracks: [], warnings: [] });
  });
});
