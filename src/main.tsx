import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { start } from './app/page';
import { registerServiceWorker } from './sw/register';
import { App } from './ui/App';
import { wireVideo } from './video/wire';
import './ui/styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
wireVideo();
void start();
registerServiceWorker();
