// Entry point: loads the catalogues, the currencies (for money formatting)
// and mounts the shell.
import { render } from 'preact';
import './styles.css';
import { App } from './shell/App.jsx';
import { api } from './api.js';
import { setCurrencies, getLang } from './i18n.js';

document.documentElement.lang = getLang() === 'zh' ? 'zh-CN' : 'en';
api.get('/currencies').then((r) => setCurrencies(r.items)).catch(() => {});
render(<App />, document.getElementById('app'));
