/** Files from a drop, folders included (DataTransferItem.webkitGetAsEntry), or from a file input. */

function entryFiles(entry: FileSystemEntry): Promise<File[]> {
  if (entry.isFile) {
    return new Promise((done, fail) => (entry as FileSystemFileEntry).file((f) => done([f]), fail));
  }
  if (!entry.isDirectory) return Promise.resolve([]);
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  return new Promise((done, fail) => {
    const all: FileSystemEntry[] = [];
    // readEntries returns the folder in chunks; an empty chunk means the end.
    const next = () =>
      reader.readEntries(async (chunk) => {
        if (chunk.length === 0) {
          try {
            done((await Promise.all(all.map(entryFiles))).flat());
          } catch (error) {
            fail(error);
          }
          return;
        }
        all.push(...chunk);
        next();
      }, fail);
    next();
  });
}

/** Every file dropped, the contents of dropped folders included. */
export async function droppedFiles(data: DataTransfer): Promise<File[]> {
  const entries = Array.from(data.items ?? [])
    .map((item) => (item.kind === 'file' ? item.webkitGetAsEntry?.() : null))
    .filter((e): e is FileSystemEntry => e != null);
  if (entries.length === 0) return Array.from(data.files ?? []);
  return (await Promise.all(entries.map(entryFiles))).flat();
}
