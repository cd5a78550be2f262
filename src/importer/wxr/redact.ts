/**
 * Keeps commenters' and authors' e-mail and IP addresses out of everything the importer writes. The export carries
 * them (wp:comment_author_email, wp:comment_author_IP, wp:author_email); the review files are committed to git and
 * may be public, so an address is removed even where a post or comment quotes it.
 */

export const emailRemoved = '[e-mail address removed]';
export const ipRemoved = '[IP address removed]';

/**
 * Wide in what it accepts (a false match costs a word of text, a miss leaks an address), bounded in length as
 * addresses are (64 before the "@", 63 a label): a match starts only where a run of address characters starts, so
 * a long run of letters costs linear time, not a scan from each of its characters.
 */
const emailAddress = /(?<![\p{L}\p{N}._%+'’-])[\p{L}\p{N}._%+'’-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){1,8}/gu;
/** A whole dotted quad: a sentence's full stop may follow it, another digit or ".digit" may not. */
const ipv4Token = /(?<!\d|\d\.)\d{1,3}(?:\.\d{1,3}){3}(?!\d|\.\d)/g;
const ipv4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

export class Redactor {
  /** Every IPv4 address seen so far, matched as whole tokens: "203.0.113.1" must not eat the start of "203.0.113.10". */
  readonly #ipv4: Set<string>;
  /**
   * Other private values (IPv6 addresses, e-mail addresses in forms the pattern misses), replaced as written: the
   * site's authors' and those of the item at hand, since checking every commenter of a big blog on every text
   * would cost more than the import.
   */
  readonly #literal: string[];

  constructor(ipv4Seen: Set<string> = new Set(), literal: readonly string[] = []) {
    this.#ipv4 = ipv4Seen;
    this.#literal = [...literal];
  }

  /** Adds private values that hold for the whole export (the authors' addresses). */
  learn(values: readonly string[]): void {
    for (const value of values) this.#add(value, this.#literal);
  }

  /** A redactor for one item: this one's values plus the item's commenters' addresses. */
  forItem(values: readonly string[]): Redactor {
    const literal = [...this.#literal];
    for (const value of values) this.#add(value, literal);
    return new Redactor(this.#ipv4, literal);
  }

  #add(value: string, literal: string[]): void {
    const trimmed = value.trim();
    if (trimmed.length < 3) return;
    if (ipv4.test(trimmed)) this.#ipv4.add(trimmed);
    else if (!literal.includes(trimmed)) literal.push(trimmed);
  }

  redact(text: string): string {
    let result = text;
    for (const value of this.#literal) {
      if (result.includes(value)) result = result.replaceAll(value, value.includes('@') ? emailRemoved : ipRemoved);
    }
    if (result.includes('@')) result = result.replace(emailAddress, emailRemoved);
    if (this.#ipv4.size > 0 && /\d\.\d/.test(result)) result = result.replace(ipv4Token, (token) => (this.#ipv4.has(token) ? ipRemoved : token));
    return result;
  }
}
