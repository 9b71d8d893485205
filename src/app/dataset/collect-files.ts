/**
 * The files of a dataset, from a folder picker (input webkitdirectory), a multiple-file picker or a
 * drop of folders and files: each with its path relative to the dropped/picked folder ('/'-separated),
 * hidden files left out, sorted by path (the order of the grid, the CSV and the command line).
 */

export interface DatasetFile {
  file: File;
  /** Relative to the dropped folder: "husky/a.jpg" (ImageFolder: the folder is the class). */
  path: string;
}

function byPath(a: DatasetFile, b: DatasetFile): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

const hidden = (path: string) => path.split('/').some((part) => part.startsWith('.'));

/** A picked file with its path relative to the picked folder, or null when hidden. */
function pickedFile(file: File): DatasetFile | null {
  // webkitRelativePath is "picked-folder/husky/a.jpg" (the picked folder first), or empty for loose files.
  const relative = file.webkitRelativePath || file.name;
  const parts = relative.split('/');
  const path = parts.length > 1 ? parts.slice(1).join('/') : relative;
  return hidden(path) ? null : { file, path };
}

/** A picked FileList, all at once. */
export function filesFromInput(list: FileList | readonly File[]): DatasetFile[] {
  const out: DatasetFile[] = [];
  for (const file of Array.from(list)) {
    const item = pickedFile(file);
    if (item) out.push(item);
  }
  return out.sort(byPath);
}

/** Back to the event loop (a new task), so that a long piece of work is not one long task. */
export function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The same list as filesFromInput, `chunk` files per task (yielding between chunks and before the
 * sort): a picked folder of thousands of files never holds the main thread for long.
 */
export async function filesFromInputChunked(
  list: FileList | readonly File[],
  chunk = 250,
  pause: () => Promise<void> = yieldToMain,
): Promise<DatasetFile[]> {
  const files = Array.from(list);
  const out: DatasetFile[] = [];
  for (let from = 0; from < files.length; from += chunk) {
    if (from > 0) await pause();
    for (const file of files.slice(from, from + chunk)) {
      const item = pickedFile(file);
      if (item) out.push(item);
    }
  }
  await pause();
  return out.sort(byPath);
}

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  // readEntries returns at most 100 entries per call: read until it returns none.
  return new Promise((resolve, reject) => {
    const all: FileSystemEntry[] = [];
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(all);
        else {
          all.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

async function walk(entry: FileSystemEntry, prefix: string, out: DatasetFile[]): Promise<void> {
  if (entry.name.startsWith('.')) return;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    out.push({ file, path: `${prefix}${entry.name}` });
    return;
  }
  if (entry.isDirectory) {
    const children = await readAll((entry as FileSystemDirectoryEntry).createReader());
    for (const child of children) await walk(child, `${prefix}${entry.name}/`, out);
  }
}

/** True when a drop holds at least one folder (then it is a dataset, not one photo). */
export function dropHasFolder(data: DataTransfer): boolean {
  return Array.from(data.items).some((item) => item.webkitGetAsEntry?.()?.isDirectory);
}

/**
 * A drop: one folder -> paths relative to it; several folders or files -> paths relative to the drop
 * (each folder's name first). Must be called during the drop event (entries expire after it).
 */
export async function filesFromDrop(data: DataTransfer): Promise<DatasetFile[]> {
  const entries = Array.from(data.items)
    .map((item) => item.webkitGetAsEntry?.())
    .filter((entry): entry is FileSystemEntry => entry != null);
  const out: DatasetFile[] = [];
  if (entries.length === 1 && entries[0].isDirectory) {
    const children = await readAll((entries[0] as FileSystemDirectoryEntry).createReader());
    for (const child of children) await walk(child, '', out);
  } else {
    for (const entry of entries) await walk(entry, '', out);
  }
  return out.sort(byPath);
}
