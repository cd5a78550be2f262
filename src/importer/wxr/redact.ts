/**
 * Keeps commenters' and authors' e-mail and IP addresses out of everything the importer writes. The export carries
 * them (wp:comment_author_email, wp:comment_author_IP, wp:author_email); the review files are committed to git and
 * may be public, so an address is removed even where a post or comment quotes it.
 */

export const emailRemoved = '[e-mail address removed]';
export const ipRemoved = '[IP address removed]';

/** Wide on purpose: a false match costs a word of text, a miss leaks an address. */
const emailAddress = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
const ipv4 = /(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])/g;

export class Redactor {
  /** IPv4 addresses are matched as whole tokens: "203.0.113.1" must not eat the start of "203.0.113.10". */
  readonly #ipv4 = new Set<string>();
  /** Other private values (IPv6 addresses, e-mail addresses in forms the pattern misses) are replaced as written. */
  readonly #literal = new Set<string>();

  /** Adds the private values read from the export (addresses of commenters and authors). */
  learn(values: readonly string[]): void {
    for (const value of values) {
      const trimmed = value.trim();
      if (trimmed.length < 3) continue;
      if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(trimmed)) this.#ipv4.add(trimmed);
      else this.#literal.add(trimmed);
    }
  }

  redact(text: string): string {
    let result = text;
    for (const value of this.#literal) {
      if (result.includes(value)) result = result.replaceAll(value, value.includes('@') ? emailRemoved : ipRemoved);
    }
    result = result.replace(emailAddress, emailRemoved);
    if (this.#ipv4.size > 0) result = result.replace(ipv4, (token) => (this.#ipv4.has(token) ? ipRemoved : token));
    return result;
  }
}
