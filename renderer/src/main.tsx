import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles/base.css';
import './styles/chrome.css';
import './styles/table.css';
import './styles/detail.css';
import './styles/notices.css';
import './styles/status-bar.css';
import './styles/import.css';
import './styles/search.css';
import './styles/grid.css';
import './styles/columns.css';
import './styles/window-sizes.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
