import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { start } from './app/page';
import { isolateBeforeStart } from './sw/isolation';
import { registerServiceWorker } from './sw/register';
import { App } from './ui/App';
import { wireVideo } from './video/wire';
import './ui/styles.css';

// A first visit may reload once, before anything starts, to be cross-origin isolated (wasm threads).
void isolateBeforeStart(registerServiceWorker()).then(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  wireVideo();
  void start();
});
