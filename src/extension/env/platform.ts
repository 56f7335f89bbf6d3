// The platform this bundle runs on. This file names the Node implementation, which the type
// check and the desktop bundle use; the browser bundle (scripts/build.mjs, `platformSeam`)
// resolves this module to ./web instead. See docs/platform-seam.md.
export { platform } from './node';
