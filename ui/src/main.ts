// Boot: load the workspace, pick its first topic and draw the dashboard.

import './styles.css';
import { boot } from './app';

void boot();
