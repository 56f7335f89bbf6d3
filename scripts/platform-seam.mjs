// The build-time platform seam (docs/platform-seam.md): an esbuild plugin that resolves
// src/extension/env/platform to env/<name>.ts, so a bundle carries one platform's code only.
import { join } from 'node:path';

export function platformSeam(name) {
  return {
    name: 'platform-seam',
    setup(build) {
      build.onResolve({ filter: /(^|\/)env\/platform$/ }, (args) => ({ path: join(args.resolveDir, args.path.replace(/platform$/, `${name}.ts`)) }));
    },
  };
}
