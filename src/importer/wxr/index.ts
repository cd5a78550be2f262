export { htmlToBlocks, htmlToText, type TextBlock } from './html-to-blocks.js';
export { importWxr, importWxrFile, type ImportWxrOptions, type WxrImport } from './import-wxr.js';
export type { ImportedPost, ImportedResponse, SkippedItem } from './item-to-review.js';
export { knownWxrVersions, maxExportBytes, readWxr, type WxrChannel, type WxrItem } from './read-wxr.js';
export { looksLikeXml } from './sniff.js';
