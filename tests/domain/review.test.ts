import { describe, expect, it } from 'vitest';
import { packTracks, unpackTracks, type Track } from '../../src/domain/review.js';

describe('a track listing packed into one string', () => {
  it('unpacks to the same tracks, whatever single-line text they hold', () => {
    const tracks: Track[] = [
      { position: 1, artist: 'Survivor', title: 'Burning Heart' },
      { position: 2, artist: 'John Cafferty and the Beaver Brown Band', title: 'Hearts on Fire (from “Rocky IV”)' },
      { position: 10, artist: 'A-ha', title: 'Take On Me – 12" mix\twith a tab, a | pipe, 1. and a colon: too' },
      { position: 999, artist: 'Björk 🎸', title: '-' },
    ];
    expect(unpackTracks(packTracks(tracks))).toEqual(tracks);
  });

  it('unpacks an empty listing to no tracks', () => {
    expect(unpackTracks(packTracks([]))).toEqual([]);
  });
});
