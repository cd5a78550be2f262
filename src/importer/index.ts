export { ImportError } from './import-error.js';
export { importBlogPost, maxPostBytes, splitTitle, type ImportResult } from './import-blog-post.js';
export { readBlogPostFile } from './read-blog-post-file.js';
