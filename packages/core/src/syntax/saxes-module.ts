import type * as Saxes from 'saxes';
import { lazyModule } from '../lazy-module.js';

/**
 * saxes, loaded when a text first needs it: only texts parsePlainXml
 * declines do, so most runs never load it. Kept out of core's public
 * exports: its types would become every pack author's to compile.
 */
export const saxes = lazyModule<typeof Saxes>('saxes', import.meta.url);
