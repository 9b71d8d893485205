/**
 * The page's dataset actions and downloads, made on first use: the lazy dataset view imports them, and
 * the first view reaches them with import() when a folder is picked or dropped.
 */
import { appStore } from '../../state/store';
import { download } from '../export-share';
import { acceptFiles, pipeline } from '../page';
import { createDatasetActions } from './actions';
import { createDatasetDownloads } from './downloads';

/** A tile opens in the single view as a picked photo would. */
export const datasetActions = createDatasetActions({
  store: appStore,
  pipeline,
  showFile: (file) => acceptFiles([file]),
});
export const datasetDownloads = createDatasetDownloads(appStore, pipeline, download);
