/**
 * The files of a dataset, from a folder picker (input webkitdirectory), a multiple-file picker or a
 * drop of folders and files: each with its path relative to the dropped/picked folder ('/'-separated),
 * hidden files left out, sorted by path (the order of the grid, the CSV and the command line). Both
 * paths work in chunks that yield to the event loop: a folder of thousands of files never holds the
 * main thread for long.
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

/** Back to the event loop (a new task), so that a long piece of work is not one long task. */
export function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Counts work done and yields every `chunk` items: one place for the chunking of both paths. */
export function chunker(chunk: number, pause: () => Promise<void> = yieldToMain) {
  let done = 0;
  return {
    /** Counts one item; yields when a chunk is full. */
    async step(): Promise<void> {
      if (++done % chunk === 0) await pause();
    },
    pause,
  };
}

/** A picked FileList as the dataset's files, `chunk` files per task (yielding between chunks and before the sort). */
export async function filesFromInput(
  list: FileList | readonly File[],
  chunk = 250,
  pause: () => Promise<void> = yieldToMain,
): Promise<DatasetFile[]> {
  const files = Array.from(list);
  const work = chunker(chunk, pause);
  const out: DatasetFile[] = [];
  for (const file of files) {
    const item = pickedFile(file);
    if (item) out.push(item);
    await work.step();
  }
  await pause();
  return out.sort(byPath);
}

type Chunker = ReturnType<typeof chunker>;

/** A folder's entries (then a yield: a folder of thousands is listed in one callback's task). */
async function readAll(reader: FileSystemDirectoryReader, work: Chunker): Promise<FileSystemEntry[]> {
  // readEntries returns at most 100 entries per call: read until it returns none.
  const all = await new Promise<FileSystemEntry[]>((resolve, reject) => {
    const got: FileSystemEntry[] = [];
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(got);
        else {
          got.push(...batch);
          next();
        }
      }, reject);
    next();
  });
  await work.pause();
  return all;
}

async function walk(
  entry: FileSystemEntry,
  prefix: string,
  out: DatasetFile[],
  work: Chunker,
): Promise<void> {
  if (entry.name.startsWith('.')) return;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    out.push({ file, path: `${prefix}${entry.name}` });
    await work.step();
    return;
  }
  if (entry.isDirectory) {
    const children = await readAll((entry as FileSystemDirectoryEntry).createReader(), work);
    for (const child of children) await walk(child, `${prefix}${entry.name}/`, out, work);
  }
}

/** True when a drop holds at least one folder (then it is a dataset, not one photo). */
export function dropHasFolder(data: DataTransfer): boolean {
  return Array.from(data.items).some((item) => item.webkitGetAsEntry?.()?.isDirectory);
}

/** A drop's entries, taken at once: they expire when the drop event is over. */
export function dropEntries(data: DataTransfer): FileSystemEntry[] {
  return Array.from(data.items)
    .map((item) => item.webkitGetAsEntry?.())
    .filter((entry): entry is FileSystemEntry => entry != null);
}

/**
 * Dropped entries: one folder -> paths relative to it; several folders or files -> paths relative to
 * the drop (each folder's name first). `chunk` files per task, yielding between chunks, after each
 * folder's listing and before the sort.
 */
export async function filesFromEntries(
  entries: readonly FileSystemEntry[],
  chunk = 250,
  pause: () => Promise<void> = yieldToMain,
): Promise<DatasetFile[]> {
  const work = chunker(chunk, pause);
  const out: DatasetFile[] = [];
  if (entries.length === 1 && entries[0].isDirectory) {
    const children = await readAll((entries[0] as FileSystemDirectoryEntry).createReader(), work);
    for (const child of children) await walk(child, '', out, work);
  } else {
    for (const entry of entries) await walk(entry, '', out, work);
  }
  await pause();
  return out.sort(byPath);
}

/** A drop (see filesFromEntries). Must be called during the drop event (entries expire after it). */
export function filesFromDrop(data: DataTransfer): Promise<DatasetFile[]> {
  return filesFromEntries(dropEntries(data));
}
