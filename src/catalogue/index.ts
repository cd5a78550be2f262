/** The catalogue's public entry: the reviews in data/reviews/*.md (or, on a server store, in the store), loaded, read and written. */
export type { Catalogue, CatalogueProblem } from './catalogue.js';
export { CatalogueError } from './catalogue.js';
export { catalogueIndexFileName } from './catalogue-index.js';
export { indexSettlingMs } from './file-catalogue.js';
export { loadCatalogue, type LoadCatalogueOptions, type LoadedCatalogue } from './load-catalogue.js';
export { readReviewFolder, type ReviewFolderReport } from './read-review-folder.js';
export { projectDataDir, reviewsDir } from '../data-dir.js';
export {
  cataloguePollMs,
  loadStoreCatalogue,
  StoreCatalogue,
  type LoadedStoreCatalogue,
  type StoreCatalogueOptions,
  type StoredReviewProblem,
} from './store-catalogue.js';
