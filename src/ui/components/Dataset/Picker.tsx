/** In the Image panel: pick a folder (or many files) as a dataset; show the grid again. */

import { filesFromInput, yieldToMain } from '../../../app/dataset/collect-files';
import { datasetActions } from '../../../app/dataset/page-actions';
import { useStore } from '../../../state/store';

/** The picked folder's name (webkitRelativePath starts with it), else "N files". */
function titleOf(files: File[]): string {
  const first = files[0]?.webkitRelativePath.split('/')[0];
  return first && files[0].webkitRelativePath.includes('/') ? first : `${files.length} files`;
}

/**
 * Out of the change event: the browser's file handover is already one long task, so our part (the
 * paths, the sort, the store update and the grid's first render) runs in tasks of its own.
 */
async function openPicked(files: File[]): Promise<void> {
  await yieldToMain();
  const list = await filesFromInput(files);
  await yieldToMain();
  datasetActions.openDataset(list, titleOf(files));
}

export function DatasetPicker() {
  const hidden = useStore((s) => (s.dataset && !s.datasetVisible ? s.dataset : null));
  return (
    <div className="ds-picker">
      <label className="file-button">
        <input
          type="file"
          multiple
          data-testid="dataset-input"
          // React does not know the attribute: set it on the element (directory picker, Chromium/Firefox/Safari).
          ref={(el) => {
            el?.setAttribute('webkitdirectory', '');
          }}
          onChange={(event) => {
            const files = Array.from(event.currentTarget.files ?? []);
            event.currentTarget.value = '';
            if (files.length) void openPicked(files);
          }}
        />
        <span>Open a folder of images…</span>
      </label>
      {hidden && (
        <button type="button" className="button" onClick={datasetActions.showDataset}>
          Back to the grid ({hidden.title})
        </button>
      )}
    </div>
  );
}
