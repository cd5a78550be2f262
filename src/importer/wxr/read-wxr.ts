import { createReadStream } from 'node:fs';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { ImportError } from '../import-error.js';
import { statImportFile } from '../stat-import-file.js';

/**
 * Reads a WordPress eXtended RSS file (what Tools → Export writes: wp-admin/includes/export.php) as a stream, one
 * `<item>` at a time, so memory holds one item however large the export. Only the fields the importer uses are
 * kept; a commenter's e-mail and IP address are kept only as `privateValues`, to be removed from any text that
 * quotes them, and a commenter's URL is never read at all.
 */

/** Large blogs export to tens of MB; past this a file is not an export this importer should take in one go. */
export const maxExportBytes = 256 * 1024 * 1024;
/** The WXR versions WordPress's exporter has written (the `wp:wxr_version` element and the namespace's version). */
export const knownWxrVersions: readonly string[] = ['1.0', '1.1', '1.2'];

/** A post's content past this is not a blog post (the plain-text importer's own limit): the item is skipped. */
export const maxContentChars = 1024 * 1024;
/** A comment past this is no response a review could show; it is dropped with a warning. */
export const maxCommentChars = 64 * 1024;
/** Every other field is a date, a status, a name or a title. */
const maxFieldChars = 4096;

const wpNamespace = /^http:\/\/wordpress\.org\/export\/\d+\.\d+\/$/;
const contentNamespace = 'http://purl.org/rss/1.0/modules/content/';

export interface WxrComment {
  id: string;
  author: string;
  date: string;
  dateGmt: string;
  content: string;
  /** Past maxCommentChars: `content` holds only the start. */
  tooLong: boolean;
  /** "1" approved, "0" pending, "spam", "trash", "post-trashed". */
  approved: string;
  /** "" or "comment" for an ordinary comment; "pingback", "trackback", or a plugin's own type. */
  type: string;
  parent: string;
}

export interface WxrItem {
  title: string;
  postName: string;
  postType: string;
  status: string;
  postDate: string;
  postDateGmt: string;
  password: string;
  content: string;
  /** Past maxContentChars: `content` holds only the start. */
  contentTooLong: boolean;
  comments: WxrComment[];
  /** The e-mail and IP addresses of this item's commenters: never to be shown. */
  privateValues: string[];
}

export interface WxrChannel {
  version: string;
  title: string;
  /** The site authors' e-mail addresses (`wp:author_email`): never to be shown. */
  privateValues: string[];
}

export interface ReadWxrHandlers {
  /** Called once, when the channel's header is read (before the first item). */
  onChannel?(channel: WxrChannel): void;
  /** Called for each item as soon as it is read; the item is not kept after. */
  onItem(item: WxrItem): void;
  onProgress?(bytesRead: number, totalBytes: number): void;
}

type ItemField = 'title' | 'postName' | 'postType' | 'status' | 'postDate' | 'postDateGmt' | 'password' | 'content';
type CommentField = 'id' | 'author' | 'date' | 'dateGmt' | 'content' | 'approved' | 'type' | 'parent';

const itemFields: Record<string, ItemField> = {
  post_name: 'postName',
  post_type: 'postType',
  status: 'status',
  post_date: 'postDate',
  post_date_gmt: 'postDateGmt',
  post_password: 'password',
};
const commentFields: Record<string, CommentField> = {
  comment_id: 'id',
  comment_author: 'author',
  comment_date: 'date',
  comment_date_gmt: 'dateGmt',
  comment_content: 'content',
  comment_approved: 'approved',
  comment_type: 'type',
  comment_parent: 'parent',
};
/** Read only to be kept out of what the importer writes. */
const privateCommentFields = new Set(['comment_author_email', 'comment_author_IP']);

/** Where the text being read goes; null while it is of no interest. */
interface Capture {
  append(text: string): void;
}

function newItem(): WxrItem {
  return {
    title: '',
    postName: '',
    postType: '',
    status: '',
    postDate: '',
    postDateGmt: '',
    password: '',
    content: '',
    contentTooLong: false,
    comments: [],
    privateValues: [],
  };
}

function newComment(): WxrComment {
  return { id: '', author: '', date: '', dateGmt: '', content: '', tooLong: false, approved: '', type: '', parent: '' };
}

/** Malformed XML, as saxes reports it ("line:column: message"). */
class XmlSyntaxError extends Error {}

function notAnExport(why: string): ImportError {
  return new ImportError(`XML, but not a WordPress export: ${why}`);
}

/** Checks the file before reading it: a regular file, not empty, within the size limit. */
async function sizeOf(path: string): Promise<number> {
  const size = await statImportFile(path, 'a WordPress export');
  if (size > maxExportBytes) {
    throw new ImportError(
      `the file is ${size} bytes, over the ${maxExportBytes / 1024 / 1024} MB limit for a WordPress export: export the blog in parts (Tools → Export by date range) and import each`,
    );
  }
  return size;
}

/**
 * Streams the export at `path` through `handlers`. Throws ImportError when the file is not XML, is XML but not a
 * WordPress export, is of a WXR version it does not know, is not UTF-8, or is over the size limit.
 */
export async function readWxr(path: string, handlers: ReadWxrHandlers): Promise<WxrChannel> {
  const totalBytes = await sizeOf(path);
  const parser = new SaxesParser({ xmlns: true, position: true });
  parser.on('error', (error) => {
    throw new XmlSyntaxError(error.message);
  });
  const channel: WxrChannel = { version: '', title: '', privateValues: [] };
  /** The open elements' local names, outermost first. */
  const open: string[] = [];
  let item: WxrItem | null = null;
  let comment: WxrComment | null = null;
  let capture: Capture | null = null;
  /** An e-mail or IP address being read, and where it goes once its element closes. */
  let privateText: { value: string; into: string[] } | null = null;
  let channelAnnounced = false;

  const textInto = (limit: number, set: (value: string) => void, get: () => string, overflow?: () => void): Capture => ({
    append(text) {
      const current = get();
      if (current.length + text.length <= limit) set(current + text);
      else {
        set(current + text.slice(0, Math.max(0, limit - current.length)));
        overflow?.();
      }
    },
  });

  const announceChannel = (): void => {
    if (channelAnnounced) return;
    channelAnnounced = true;
    if (channel.version === '') throw notAnExport('its channel has no wp:wxr_version (WordPress writes one before the first item)');
    handlers.onChannel?.(channel);
  };

  parser.on('xmldecl', (decl) => {
    const encoding = decl.encoding?.toLowerCase();
    if (encoding !== undefined && encoding !== 'utf-8' && encoding !== 'utf8') {
      throw new ImportError(`the export says it is ${decl.encoding} text; this importer reads UTF-8 exports only (re-save the file as UTF-8)`);
    }
  });

  parser.on('opentag', (tag: SaxesTagNS) => {
    const depth = open.length;
    const local = tag.local;
    const isWp = wpNamespace.test(tag.uri);
    open.push(local);
    capture = null;
    if (depth === 0) {
      if (tag.name !== 'rss') throw notAnExport(`its root element is <${tag.name}>, not <rss>`);
      return;
    }
    if (depth === 1) {
      if (tag.name !== 'channel') throw notAnExport(`<rss> holds <${tag.name}>, not <channel>`);
      return;
    }
    if (depth === 2) {
      if (tag.name === 'item') {
        announceChannel();
        item = newItem();
      } else if (tag.name === 'title') {
        capture = textInto(
          maxFieldChars,
          (v) => (channel.title = v),
          () => channel.title,
        );
      } else if (isWp && local === 'wxr_version') {
        capture = textInto(
          maxFieldChars,
          (v) => (channel.version = v),
          () => channel.version,
        );
      }
      return;
    }
    if (depth === 3 && open[2] === 'author' && isWp && local === 'author_email') {
      const target = { value: '', into: channel.privateValues };
      privateText = target;
      capture = textInto(
        maxFieldChars,
        (v) => (target.value = v),
        () => target.value,
      );
      return;
    }
    const current: WxrItem | null = item;
    if (current === null) return;
    if (depth === 3) {
      if (tag.name === 'title')
        capture = textInto(
          maxFieldChars,
          (v) => (current.title = v),
          () => current.title,
        );
      else if (local === 'encoded' && tag.uri === contentNamespace) {
        capture = textInto(
          maxContentChars,
          (v) => (current.content = v),
          () => current.content,
          () => (current.contentTooLong = true),
        );
      } else if (isWp && local === 'comment') {
        comment = newComment();
      } else if (isWp) {
        const field = itemFields[local];
        if (field)
          capture = textInto(
            maxFieldChars,
            (v) => (current[field] = v),
            () => current[field],
          );
      }
      return;
    }
    const currentComment: WxrComment | null = comment;
    if (depth === 4 && currentComment !== null && isWp) {
      if (privateCommentFields.has(local)) {
        const target = { value: '', into: current.privateValues };
        privateText = target;
        capture = textInto(
          maxFieldChars,
          (v) => (target.value = v),
          () => target.value,
        );
        return;
      }
      const field = commentFields[local];
      if (field === 'content') {
        capture = textInto(
          maxCommentChars,
          (v) => (currentComment.content = v),
          () => currentComment.content,
          () => (currentComment.tooLong = true),
        );
      } else if (field) {
        capture = textInto(
          maxFieldChars,
          (v) => (currentComment[field] = v),
          () => currentComment[field],
        );
      }
    }
  });

  const onText = (text: string): void => {
    capture?.append(text);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  parser.on('closetag', () => {
    const local = open.pop();
    const depth = open.length;
    capture = null;
    if (privateText !== null) {
      const value = privateText.value.trim();
      if (value.length > 0) privateText.into.push(value);
      privateText = null;
    }
    if (depth === 3 && local === 'comment' && comment !== null) {
      item?.comments.push(comment);
      comment = null;
    } else if (depth === 2 && local === 'item' && item !== null) {
      const done = item;
      item = null;
      handlers.onItem(done);
    } else if (depth === 2 && local === 'wxr_version') {
      channel.version = channel.version.trim();
      if (!knownWxrVersions.includes(channel.version)) {
        throw new ImportError(`WXR version ${JSON.stringify(channel.version)} is not one this importer knows (it reads ${knownWxrVersions.join(', ')})`);
      }
    }
  });

  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytesRead = 0;
  let sawMarkup = false;
  const feed = (text: string): void => {
    if (!sawMarkup) {
      const start = text.replace(/^\ufeff/, '').trimStart();
      if (start.length > 0) {
        if (!start.startsWith('<')) throw new ImportError('not XML: it does not start with "<"');
        sawMarkup = true;
      }
    }
    parser.write(text);
  };
  try {
    for await (const chunk of createReadStream(path)) {
      const bytes = chunk as Buffer;
      let text: string;
      try {
        text = decoder.decode(bytes, { stream: true });
      } catch {
        throw new ImportError(`the export is not UTF-8 text (an undecodable byte within bytes ${bytesRead}–${bytesRead + bytes.length})`);
      }
      bytesRead += bytes.length;
      feed(text);
      handlers.onProgress?.(bytesRead, totalBytes);
    }
    feed(decoder.decode());
    parser.close();
  } catch (error) {
    if (error instanceof ImportError) throw error;
    if (error instanceof XmlSyntaxError) {
      throw new ImportError(`not XML: ${error.message.replace(/^(\d+):(\d+): /, 'line $1, column $2: ')}`);
    }
    if (error instanceof TypeError && 'code' in error && error.code === 'ERR_ENCODING_INVALID_ENCODED_DATA') {
      throw new ImportError('the export is not UTF-8 text (it ends inside a character)');
    }
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    if (code === 'EACCES') throw new ImportError('cannot read it: permission denied');
    if (code.startsWith('E')) throw new ImportError(`cannot read it: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  }
  announceChannel();
  return channel;
}
