import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { i18nReady } from './i18n';
import './styles.css';
import { App } from './app';
import { loadServerTime } from './clock';
import { makeScrollRegionsFocusable } from './scroll-regions';

makeScrollRegionsFocusable();

// The page takes "today" from the server's clock, and its texts in the stored language: both
// before anything renders.
void Promise.all([loadServerTime(), i18nReady]).then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
