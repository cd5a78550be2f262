const maxSlugLength = 80;

/**
 * A stable, URL- and file-name-safe id from a title: "Great Soundtracks of 1985: Rocky IV" →
 * "great-soundtracks-of-1985-rocky-iv". Accents are dropped; letters of other scripts are kept.
 */
export function slugify(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
  let slug = '';
  for (const word of words) {
    const candidate = slug.length === 0 ? word : `${slug}-${word}`;
    if (candidate.length > maxSlugLength) break;
    slug = candidate;
  }
  if (slug.length === 0 && words[0] !== undefined) slug = words[0].slice(0, maxSlugLength);
  return slug.length > 0 ? slug : 'untitled';
}

export const slugPattern = /^[\p{Ll}\p{Lo}\p{N}]+(?:-[\p{Ll}\p{Lo}\p{N}]+)*$/u;
