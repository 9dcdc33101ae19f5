import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './styles.css';
import { App } from './app';
import { loadServerTime } from './clock';
import { makeScrollRegionsFocusable } from './scroll-regions';

makeScrollRegionsFocusable();

// The page takes "today" from the server's clock: read it before anything renders.
void loadServerTime().then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
