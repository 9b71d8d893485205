import { useEffect, useState } from 'react';
import { dropHasFolder, filesFromDrop } from '../app/dataset/collect-files';
import { isModelFiles } from '../app/model-source';
import { acceptFiles } from '../app/page';
import { useStore } from '../state/store';
import { setMode } from '../video/mode';
import { useVideoStore } from '../video/store';
import { isVideoFile } from '../video/video-files';
import { Alerts } from './components/Alerts';
import { ClassPanel } from './components/ClassPanel';
import { ExplainPanel } from './components/ExplainPanel';
import { ImagePanel } from './components/ImagePanel';
import { ModelPanel } from './components/ModelPanel';
import { Stage } from './components/Stage';
import { StatusBar } from './components/StatusBar';
import { VideoPanel } from './components/VideoPanel';
import {
  ActionsPanel,
  BoxesPanel,
  DatasetBackBar,
  DatasetView,
  preloadLazyParts,
  TrustPanel,
  VideoStage,
} from './lazy';

function hasFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}

/** Drop anywhere and paste from the clipboard, for the whole page. */
function useGlobalImageInput(): boolean {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    let depth = 0;
    const onDragEnter = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth += 1;
      setDragging(true);
    };
    const onDragLeave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDragOver = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (event: DragEvent) => {
      depth = 0;
      setDragging(false);
      const files = Array.from(event.dataTransfer?.files ?? []);
      if (files.length === 0) return;
      event.preventDefault();
      // A folder, or several photos at once, is a dataset (a model's folder is a model); one file is a
      // photo; model.json with its weights is a model.
      const transfer = event.dataTransfer;
      const photos = files.length > 1 && files.every((f) => f.type.startsWith('image/'));
      if (transfer && (dropHasFolder(transfer) || photos)) {
        const title = files.length === 1 ? files[0].name : `${files.length} files`;
        setMode('photo');
        void filesFromDrop(transfer).then((list) => {
          const all = list.map((f) => f.file);
          // A model's folder (model.json and weights, e.g. a Teachable Machine export) is a model.
          if (isModelFiles(all)) void acceptFiles(all);
          else
            void import('../app/dataset/page-actions').then((m) => m.datasetActions.openDataset(list, title));
        });
        return;
      }
      const video = files.find(isVideoFile);
      // The video code is a chunk of its own (src/ui/lazy.tsx), loaded with the first video.
      if (video) void import('../video/file-actions').then(({ openVideoFile }) => openVideoFile(video));
      else {
        setMode('photo');
        void acceptFiles(files);
      }
    };
    const onPaste = (event: ClipboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input[type="text"], input[type="search"], input[type="url"], textarea')) return;
      const files = Array.from(event.clipboardData?.files ?? []);
      if (files.length === 0) return;
      event.preventDefault();
      void acceptFiles(files);
    };
    window.addEventListener('dragenter', onDragEnter);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('dragenter', onDragEnter);
      window.removeEventListener('dragleave', onDragLeave);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('paste', onPaste);
    };
  }, []);
  return dragging;
}

/** The lazy parts are fetched once the first view is up and the page is idle. */
function usePreloadLazyParts(): void {
  useEffect(() => {
    if (typeof requestIdleCallback === 'undefined') {
      const timer = setTimeout(preloadLazyParts, 1500);
      return () => clearTimeout(timer);
    }
    const idle = requestIdleCallback(preloadLazyParts, { timeout: 3000 });
    return () => cancelIdleCallback(idle);
  }, []);
}

export function App() {
  const dragging = useGlobalImageInput();
  usePreloadLazyParts();
  const photo = useVideoStore((s) => s.mode === 'photo');
  // The dataset grid replaces the stage; a tile opened from it shows the stage with a way back.
  const view = useStore((s) =>
    s.dataset === null || !s.datasetVisible ? 'single' : s.datasetOpened === null ? 'grid' : 'tile',
  );
  // The one-photo panels act on the stage's photo: not shown over the grid.
  const single = photo && view !== 'grid';
  return (
    <div className="app" data-dragging={dragging || undefined}>
      <header className="app-header">
        <h1>
          <span className="logo" aria-hidden="true" />
          Grad-CAM Studio
        </h1>
        <p className="tagline">See where an image classifier looks. Runs entirely in your browser.</p>
      </header>
      <main className="workspace">
        {!photo && <VideoStage />}
        {photo && view === 'grid' && <DatasetView />}
        {photo && view === 'tile' && (
          <div className="stage-column">
            <DatasetBackBar />
            <Stage />
          </div>
        )}
        {photo && view === 'single' && <Stage />}
        <aside className="panel" aria-label="Controls">
          <Alerts />
          <VideoPanel />
          {photo && <ImagePanel />}
          <ModelPanel />
          {single && <ClassPanel />}
          <ExplainPanel />
          {single && <ActionsPanel />}
          {single && <TrustPanel />}
          {single && <BoxesPanel />}
        </aside>
      </main>
      <StatusBar />
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <div>Drop an image, a video (or a model.json with its weights)</div>
        </div>
      )}
    </div>
  );
}
