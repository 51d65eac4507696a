import { render } from 'preact';
import { App } from './app.tsx';
import './shop.css';

render(<App />, document.getElementById('app')!);
