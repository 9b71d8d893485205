/** Files from a drop on the own-model zone: the contents of dropped folders, or the files themselves. */
import { filesFromDrop } from '../../../app/dataset/collect-files';

/** Every file dropped, the contents of dropped folders included. Call it during the drop event. */
export async function droppedFiles(data: DataTransfer): Promise<File[]> {
  // Read now: a DataTransfer is emptied once its event is over (folder entries are taken at once too).
  const files = Array.from(data.files ?? []);
  const inFolders = (await filesFromDrop(data)).map((f) => f.file);
  return inFolders.length ? inFolders : files;
}
