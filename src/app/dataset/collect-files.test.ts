import { describe, expect, it } from 'vitest';
import { type DatasetFile, filesFromEntries, filesFromInput } from './collect-files';

/** A picked file as the input gives it (webkitRelativePath starts with the picked folder's name). */
const picked = (relative: string) =>
  ({ name: relative.split('/').pop(), webkitRelativePath: relative }) as unknown as File;

const CLASSES = ['tabby', 'husky', 'Golden_Retriever'];

/** Relative paths of a picked folder "pets" (in the picker's unsorted order), hidden ones included. */
function folderPaths(n: number): string[] {
  const paths: string[] = [];
  for (let i = 0; i < n; i++) paths.push(`pets/${CLASSES[i % 3]}/${(i * 7919) % n}.jpg`);
  return [...paths, 'pets/.DS_Store', 'pets/husky/.hidden.jpg', 'pets/.git/x.jpg'];
}

/** What either path must give: the picked folder's name dropped, hidden files out, sorted by path. */
function expected(paths: string[]): string[] {
  return paths
    .map((p) => p.split('/').slice(1).join('/'))
    .filter((p) => !p.split('/').some((part) => part.startsWith('.')))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const pathsOf = (files: DatasetFile[]) => files.map((f) => f.path);

describe('filesFromInput', () => {
  it('drops the picked folder, leaves hidden files out and sorts by path, whatever the chunk size', async () => {
    const paths = folderPaths(1000);
    const files = paths.map(picked);
    for (const chunk of [7, 250, 5000]) {
      const out = await filesFromInput(files, chunk);
      expect(pathsOf(out)).toEqual(expected(paths));
      expect(out.every((f) => f.file === files[paths.indexOf(`pets/${f.path}`)])).toBe(true);
    }
  });

  it('keeps loose files (no relative path) by name', async () => {
    const loose = { name: 'cat.jpg', webkitRelativePath: '' } as unknown as File;
    expect(await filesFromInput([loose])).toEqual([{ file: loose, path: 'cat.jpg' }]);
  });

  it('yields between chunks and before the sort', async () => {
    let pauses = 0;
    const pause = async () => {
      pauses++;
    };
    await filesFromInput(folderPaths(1000).map(picked), 250, pause); // 1003 files: 5 chunks
    expect(pauses).toBe(5);
    pauses = 0;
    expect(await filesFromInput([], 250, pause)).toEqual([]);
    expect(pauses).toBe(1);
  });
});

/** A fake FileSystemEntry tree (what a drop gives) from relative paths, listed 100 entries a call. */
function entryTree(paths: string[]): FileSystemEntry {
  type Node = { name: string; children?: Map<string, Node>; file?: File };
  const root: Node = { name: '', children: new Map() };
  for (const path of paths) {
    let node = root;
    const parts = path.split('/');
    parts.forEach((part, i) => {
      if (!node.children!.has(part))
        node.children!.set(
          part,
          i === parts.length - 1 ? { name: part, file: picked(path) } : { name: part, children: new Map() },
        );
      node = node.children!.get(part)!;
    });
  }
  const entry = (node: Node): FileSystemEntry =>
    ({
      name: node.name,
      isFile: !node.children,
      isDirectory: !!node.children,
      file: (resolve: (f: File) => void) => queueMicrotask(() => resolve(node.file!)),
      createReader: () => {
        const all = [...node.children!.values()].reverse().map(entry); // not in path order
        let at = 0;
        return {
          readEntries: (resolve: (batch: FileSystemEntry[]) => void) =>
            queueMicrotask(() => {
              at += 100;
              resolve(all.slice(at - 100, at));
            }),
        };
      },
    }) as unknown as FileSystemEntry;
  return entry(root.children!.get(paths[0].split('/')[0])!);
}

describe('filesFromEntries', () => {
  it('gives a dropped folder the same paths in the same order as the picker', async () => {
    const paths = folderPaths(1000);
    const dropped = await filesFromEntries([entryTree(paths)]);
    expect(pathsOf(dropped)).toEqual(pathsOf(await filesFromInput(paths.map(picked))));
    expect(dropped.every((f) => f.file.webkitRelativePath === `pets/${f.path}`)).toBe(true);
  });

  it('keeps each folder name when several entries are dropped', async () => {
    const a = entryTree(['a/x/1.jpg', 'a/2.jpg']);
    const b = entryTree(['b/.hidden', 'b/3.jpg']);
    expect(pathsOf(await filesFromEntries([b, a]))).toEqual(['a/2.jpg', 'a/x/1.jpg', 'b/3.jpg']);
  });

  it('yields every chunk of files, after each folder listing and before the sort', async () => {
    let pauses = 0;
    const pause = async () => {
      pauses++;
    };
    // 1000 files: 4 chunks of 250, listings of pets and its 3 class folders, the sort.
    await filesFromEntries([entryTree(folderPaths(1000))], 250, pause);
    expect(pauses).toBe(4 + 4 + 1);
  });
});
