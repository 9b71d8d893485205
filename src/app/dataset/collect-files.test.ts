import { describe, expect, it } from 'vitest';
import { filesFromInput, filesFromInputChunked } from './collect-files';

/** A picked file as the input gives it (webkitRelativePath starts with the picked folder's name). */
const picked = (relative: string) =>
  ({ name: relative.split('/').pop(), webkitRelativePath: relative }) as unknown as File;

function folder(n: number): File[] {
  const files: File[] = [];
  for (let i = 0; i < n; i++)
    files.push(picked(`pets/${['tabby', 'husky', 'Golden_Retriever'][i % 3]}/${(i * 7919) % n}.jpg`));
  files.push(picked('pets/.DS_Store'), picked('pets/husky/.hidden.jpg'), picked('pets/.git/x.jpg'));
  return files;
}

describe('filesFromInput', () => {
  it('drops the picked folder, leaves hidden files out and sorts by path', () => {
    const out = filesFromInput([picked('pets/b/2.jpg'), picked('pets/a/1.jpg'), picked('pets/.x/3.jpg')]);
    expect(out.map((f) => f.path)).toEqual(['a/1.jpg', 'b/2.jpg']);
  });

  it('keeps loose files (no relative path) by name', () => {
    const loose = { name: 'cat.jpg', webkitRelativePath: '' } as unknown as File;
    expect(filesFromInput([loose])).toEqual([{ file: loose, path: 'cat.jpg' }]);
  });
});

describe('filesFromInputChunked', () => {
  it('gives the same files in the same order as filesFromInput, whatever the chunk size', async () => {
    const files = folder(1000);
    const whole = filesFromInput(files);
    for (const chunk of [7, 250, 5000]) {
      const chunked = await filesFromInputChunked(files, chunk);
      expect(chunked.map((f) => f.path)).toEqual(whole.map((f) => f.path));
      expect(chunked.every((f, i) => f.file === whole[i].file)).toBe(true);
    }
  });

  it('yields between chunks and before the sort', async () => {
    let pauses = 0;
    const pause = async () => {
      pauses++;
    };
    await filesFromInputChunked(folder(1000), 250, pause); // 1003 files: 5 chunks
    expect(pauses).toBe(5);
    pauses = 0;
    expect(await filesFromInputChunked([], 250, pause)).toEqual([]);
    expect(pauses).toBe(1);
  });
});
