/** The UI bundle's entry: the page's styles and every element, defined once. */
import './app.css';
import './error-panel/error-panel.ts';
import './connection-indicator/connection-indicator.ts';
import './live-preview/live-preview.ts';
import './main-nav/main-nav.ts';
import './schema-form/schema-form.ts';
import './app-shell/app-shell.ts';
